import { HumanDuration } from '@backstage/types';
import type { FreezeMark, FreezeWindow, FreezesResponse } from '@deploydash/plugin-deployments-common';
import { CronSchedule } from './cronSchedule';
import { NamePatterns } from './namePatterns';
import { addCalendar, DAY, ZonedClock } from './zonedTime';

/*
 * Freeze windows (docs/api.md "Freeze windows"): which configured freezes
 * are active or coming, and which one an event happened in. Everything is
 * computed from the configuration and the clock; nothing is stored.
 */

const HOUR = 3_600_000;
/** Local times near a daylight-saving change can map up to this far off. */
const SLACK = 3 * HOUR;
/** Upcoming windows start within this long after now. */
export const UPCOMING_HORIZON_MS = 30 * DAY;
/** At most this many upcoming windows are listed (the earliest). */
export const MAX_UPCOMING = 100;
/** How far ahead joined windows of one recurring freeze are followed. */
const CHAIN_HORIZON_MS = 400 * DAY;
/** Bounds the work of joining windows of a freeze that starts every minute. */
const MAX_CHAIN_STEPS = 20_000;

/** One `deployments.freezes` entry, checked (see readFreezes.ts). */
export interface FreezeDefinition {
  name: string;
  reason: string;
  /** Patterns; undefined: every environment. */
  environments?: string[];
  /** Patterns; undefined: every service. */
  services?: string[];
  /** IANA timezone. */
  timezone: string;
  /** A one-off window (instants, ms), or a recurring one. */
  when: { start: number; end: number } | { cron: string; duration: HumanDuration };
}

const startOfDay = (local: number) => Math.floor(local / DAY) * DAY;

interface Window {
  start: number;
  end: number;
}

/** When a freeze's windows are. */
interface FreezeTimes {
  /** True when an instant lies in one of its windows ([start, end)). */
  contains(instant: number): boolean;
  /** The window containing now, overlapping windows joined. */
  activeAt(now: number): Window | undefined;
  /** Windows starting after `after` and before `until`, in order. */
  startingBetween(after: number, until: number, max: number): Window[];
}

class OneOffTimes implements FreezeTimes {
  constructor(private readonly window: Window) {}

  contains(instant: number) {
    return this.window.start <= instant && instant < this.window.end;
  }

  activeAt(now: number) {
    return this.contains(now) ? this.window : undefined;
  }

  startingBetween(after: number, until: number) {
    const { start } = this.window;
    return start > after && start < until ? [this.window] : [];
  }
}

class RecurringTimes implements FreezeTimes {
  private readonly schedule: CronSchedule;
  private readonly clock: ZonedClock;
  private readonly times: number[];
  private readonly timesDescending: number[];
  /** years, months and days (weeks included) go by the calendar. */
  private readonly calendar?: { years: number; months: number; days: number };
  /** hours and less are elapsed time. */
  private readonly elapsedMs: number;
  /** No window is longer: a start further back than this cannot cover now. */
  private readonly lookbackMs: number;

  constructor(cron: string, duration: HumanDuration, timezone: string) {
    this.schedule = new CronSchedule(cron);
    this.clock = new ZonedClock(timezone);
    this.times = this.schedule.timesOfDay();
    this.timesDescending = [...this.times].reverse();
    const { years = 0, months = 0, weeks = 0, days = 0 } = duration;
    if (years || months || weeks || days) {
      this.calendar = { years, months, days: weeks * 7 + days };
    }
    this.elapsedMs =
      (duration.hours ?? 0) * HOUR +
      (duration.minutes ?? 0) * 60_000 +
      (duration.seconds ?? 0) * 1000 +
      (duration.milliseconds ?? 0);
    this.lookbackMs =
      this.elapsedMs +
      (this.calendar
        ? (years * 366 + months * 31 + weeks * 7 + days) * DAY + SLACK
        : 0);
  }

  contains(instant: number) {
    // Later starts end later, so the latest start decides.
    const start = this.latestStartAtOrBefore(instant, instant - this.lookbackMs);
    return start !== undefined && this.endOf(start) > instant;
  }

  activeAt(now: number) {
    const latest = this.latestStartAtOrBefore(now, now - this.lookbackMs);
    if (latest === undefined || this.endOf(latest) <= now) return undefined;
    return { start: this.chainStart(latest), end: this.chainEnd(latest, now + CHAIN_HORIZON_MS) };
  }

  startingBetween(after: number, until: number, max: number) {
    const windows: Window[] = [];
    let cursor = after;
    while (windows.length < max) {
      const start = this.firstStartAfter(cursor, until);
      if (start === undefined || start >= until) break;
      const end = this.chainEnd(start, start + CHAIN_HORIZON_MS);
      windows.push({ start, end });
      cursor = end;
    }
    return windows;
  }

  /** The end of the window a start opens. */
  private endOf(start: number): number {
    if (!this.calendar) return start + this.elapsedMs;
    const local = addCalendar(this.clock.localOf(start), this.calendar);
    return this.clock.instantOf(local) + this.elapsedMs;
  }

  /** Follows windows that overlap or touch the one opened at `start` to their end. */
  private chainEnd(start: number, limit: number): number {
    let end = this.endOf(start);
    for (let step = 0; step < MAX_CHAIN_STEPS && end < limit; step++) {
      const last = this.latestStartAtOrBefore(end, start);
      const next = last === undefined ? end : this.endOf(last);
      if (next <= end) break;
      end = next;
    }
    return end;
  }

  /** Goes back over earlier windows that reach the one opened at `start`. */
  private chainStart(start: number): number {
    let first = start;
    const limit = start - CHAIN_HORIZON_MS;
    for (let step = 0; step < MAX_CHAIN_STEPS && first > limit; ) {
      // The earliest start whose window reaches `first` (ends are monotone).
      let candidate = this.firstStartAfter(first - this.lookbackMs - 1, first);
      while (candidate !== undefined && candidate < first && this.endOf(candidate) < first) {
        candidate = this.firstStartAfter(candidate, first);
        if (++step >= MAX_CHAIN_STEPS) return first;
      }
      if (candidate === undefined || candidate >= first) break;
      first = candidate;
      step++;
    }
    return first;
  }

  /** The latest start at or before `instant`, if one is at or after `floor`. */
  private latestStartAtOrBefore(instant: number, floor: number): number | undefined {
    const high = this.clock.localOf(instant) + SLACK;
    const low = this.clock.localOf(floor) - SLACK;
    for (let day = startOfDay(high); day >= startOfDay(low); day -= DAY) {
      if (!this.schedule.matchesDay(day)) continue;
      for (const time of this.timesDescending) {
        if (day + time > high) continue;
        const start = this.clock.instantOf(day + time);
        if (start <= instant) return start >= floor ? start : undefined;
      }
    }
    return undefined;
  }

  /** The first start after `instant`, looking no further than about `ceiling`. */
  private firstStartAfter(instant: number, ceiling: number): number | undefined {
    const low = this.clock.localOf(instant) - SLACK;
    const high = this.clock.localOf(ceiling) + SLACK;
    for (let day = startOfDay(low); day <= high; day += DAY) {
      if (!this.schedule.matchesDay(day)) continue;
      for (const time of this.times) {
        if (day + time < low) continue;
        const start = this.clock.instantOf(day + time);
        if (start > instant) return start;
      }
    }
    return undefined;
  }
}


/** One configured freeze. */
class Freeze {
  private readonly environments: NamePatterns;
  private readonly services: NamePatterns;
  readonly times: FreezeTimes;

  constructor(readonly definition: FreezeDefinition) {
    this.environments = new NamePatterns(definition.environments);
    this.services = new NamePatterns(definition.services);
    const { when, timezone } = definition;
    this.times = 'cron' in when ? new RecurringTimes(when.cron, when.duration, timezone) : new OneOffTimes(when);
  }

  covers(slot: { service?: string; environment?: string }): boolean {
    return (
      (slot.service === undefined || this.services.matches(slot.service)) &&
      (slot.environment === undefined || this.environments.matches(slot.environment))
    );
  }

  mark(): FreezeMark {
    return { name: this.definition.name, reason: this.definition.reason };
  }

  describe(window: Window): FreezeWindow {
    const { name, reason, environments, services, timezone, when } = this.definition;
    return {
      name,
      reason,
      start: new Date(window.start).toISOString(),
      end: new Date(window.end).toISOString(),
      environments: environments ?? null,
      services: services ?? null,
      timezone,
      cron: 'cron' in when ? when.cron : null,
    };
  }
}

/** The configured freezes, in configuration order. */
export class FreezeCalendar {
  private readonly freezes: Freeze[];

  constructor(definitions: FreezeDefinition[]) {
    this.freezes = definitions.map(d => new Freeze(d));
  }

  /** The first freeze (in configuration order) covering the event's slot whose window holds its `happened_at`. */
  freezeOf(event: { service: string; environment: string; happened_at: string }): FreezeMark | null {
    if (!this.freezes.length) return null;
    const at = Date.parse(event.happened_at);
    const freeze = this.freezes.find(f => f.covers(event) && f.times.contains(at));
    return freeze ? freeze.mark() : null;
  }

  /** The event with its `in_freeze` (a new object; the event is not changed). */
  flag<E extends { service: string; environment: string; happened_at: string }>(
    event: E,
  ): E & { in_freeze: FreezeMark | null } {
    return { ...event, in_freeze: this.freezeOf(event) };
  }

  /** Active and upcoming windows of the freezes covering the given service and environment (any when absent). */
  windows(now: number, filter: { service?: string; environment?: string } = {}): FreezesResponse {
    const until = now + UPCOMING_HORIZON_MS;
    const active: Array<{ order: number; freeze: Freeze; window: Window }> = [];
    const upcoming: typeof active = [];
    this.freezes.forEach((freeze, order) => {
      if (!freeze.covers(filter)) return;
      const current = freeze.times.activeAt(now);
      if (current) active.push({ order, freeze, window: current });
      const after = current ? current.end : now;
      for (const window of freeze.times.startingBetween(after, until, MAX_UPCOMING)) {
        upcoming.push({ order, freeze, window });
      }
    });
    const byStart = (a: (typeof active)[0], b: (typeof active)[0]) =>
      a.window.start - b.window.start || a.order - b.order;
    return {
      active: active.sort(byStart).map(a => a.freeze.describe(a.window)),
      upcoming: upcoming
        .sort(byStart)
        .slice(0, MAX_UPCOMING)
        .map(u => u.freeze.describe(u.window)),
    };
  }
}
