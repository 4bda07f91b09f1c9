/*
 * Wall-clock time in an IANA timezone, on Node's built-in ICU (Intl), so
 * freeze windows need no date library. A "local" time is written as the
 * milliseconds Date.UTC would give for its wall-clock fields: plain numbers
 * that add and compare like the calendar, whatever the zone's offsets.
 */

const MINUTE = 60_000;
/** One day of 24 hours (the wall clock's day; a real day can be 23 or 25 hours). */
export const DAY = 86_400_000;

/** True when Intl knows the IANA timezone name. */
export function isTimeZone(zone: string): boolean {
  try {
    return Boolean(new Intl.DateTimeFormat('en-US', { timeZone: zone }));
  } catch {
    return false;
  }
}

/** One converter per timezone: offsets are cached per UTC day. */
export class ZonedClock {
  private readonly format?: Intl.DateTimeFormat;
  /** UTC day number → the offset at its start and its end, and when it switches. */
  private readonly days = new Map<number, { before: number; after: number; switchAt: number }>();

  constructor(readonly zone: string) {
    if (zone !== 'UTC') {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    }
  }

  /** The zone's offset from UTC at an instant, in milliseconds (east positive). */
  offsetAt(instant: number): number {
    if (!this.format) return 0;
    const day = Math.floor(instant / DAY);
    let entry = this.days.get(day);
    if (!entry) {
      // No zone changes its offset twice within a day: compare the day's
      // two ends and, when they differ, find the change to the minute.
      const before = this.askIntl(day * DAY);
      const after = this.askIntl((day + 1) * DAY);
      let switchAt = (day + 1) * DAY;
      if (before !== after) {
        let low = day * DAY;
        while (switchAt - low > MINUTE) {
          const mid = low + Math.floor((switchAt - low) / 2 / MINUTE) * MINUTE;
          if (this.askIntl(mid) === before) low = mid;
          else switchAt = mid;
        }
      }
      entry = { before, after, switchAt };
      if (this.days.size > 50_000) this.days.clear();
      this.days.set(day, entry);
    }
    return instant < entry.switchAt ? entry.before : entry.after;
  }

  /** The wall-clock time (as local milliseconds) at an instant. */
  localOf(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * The instant a wall-clock time names. A time the clock skips (spring
   * forward) is moved forward by the gap; a time it passes twice (fall
   * back) is the first of the two — Temporal's "compatible" choice.
   */
  instantOf(local: number): number {
    const before = this.offsetAt(local - DAY);
    const after = this.offsetAt(local + DAY);
    if (before === after) return local - before;
    const fits = [local - before, local - after].filter(t => this.offsetAt(t) === local - t);
    if (fits.length) return Math.min(...fits);
    // In the gap: read the time with the offset in force before it.
    return local - before;
  }

  private askIntl(instant: number): number {
    const parts: Record<string, number> = {};
    for (const { type, value } of this.format!.formatToParts(instant)) {
      if (type !== 'literal') parts[type] = Number(value);
    }
    const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return asUtc - Math.floor(instant / 1000) * 1000;
  }
}

/** Calendar fields of a local time. */
export function fieldsOf(local: number) {
  const d = new Date(local);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    /** 0 = Sunday. */
    weekday: d.getUTCDay(),
    timeOfDay: local - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()),
  };
}

/** Days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Adds calendar units to a local time: years and months first (the day is
 * clamped to the end of a shorter month, Jan 31 + 1 month = Feb 28 or 29),
 * then days; the time of day stays.
 */
export function addCalendar(
  local: number,
  units: { years?: number; months?: number; days?: number },
): number {
  const { year, month, day, timeOfDay } = fieldsOf(local);
  const monthIndex = year * 12 + (month - 1) + (units.years ?? 0) * 12 + (units.months ?? 0);
  const y = Math.floor(monthIndex / 12);
  const m = monthIndex - y * 12 + 1;
  const d = Math.min(day, daysInMonth(y, m)) + (units.days ?? 0);
  return Date.UTC(y, m - 1, d) + timeOfDay;
}
