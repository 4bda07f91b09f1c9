/**
 * The period every metrics view shows, as pure functions over the URL
 * search params so a link to "last 30 days" stays relative and a link to a
 * fixed range stays fixed.
 *
 * Days are UTC days (the backend buckets metrics by UTC day and week), so a
 * period is a whole number of UTC days: `from` 00:00 UTC of its first day
 * (inclusive) to 00:00 UTC of the day after its last day (exclusive).
 */

const DAY_MS = 86_400_000;

/** The presets the picker offers, in its order. */
export const PERIOD_PRESETS = [
  { value: '7d', label: '7 days', days: 7 },
  { value: '30d', label: '30 days', days: 30 },
  { value: '90d', label: '90 days', days: 90 },
  { value: 'quarter', label: 'This quarter', days: undefined },
] as const;

export type PeriodPreset = (typeof PERIOD_PRESETS)[number]['value'];

export const DEFAULT_PRESET: PeriodPreset = '30d';

/** Longest custom period accepted from a URL (about two years of daily buckets would be too many). */
export const MAX_PERIOD_DAYS = 731;

/** A resolved period: API-ready instants and the days a person sees. */
export interface ResolvedPeriod {
  /** 00:00 UTC of the first day, RFC 3339: the API's inclusive `from`. */
  from: string;
  /** 00:00 UTC of the day after the last day, RFC 3339: the API's exclusive `to`. */
  to: string;
  /** The first day, `YYYY-MM-DD`. */
  fromDay: string;
  /** The last day (inclusive), `YYYY-MM-DD`. */
  toDay: string;
  /** The preset this period was computed from, if any. */
  preset: PeriodPreset | undefined;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` → its 00:00 UTC in ms, or undefined when not a real date. */
export function dayStartMs(day: string): number | undefined {
  if (!DAY_PATTERN.test(day)) return undefined;
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse accepts 2026-02-30 in some engines; the round trip catches it.
  return dayOf(ms) === day ? ms : undefined;
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isPreset(value: string | null | undefined): value is PeriodPreset {
  return PERIOD_PRESETS.some(p => p.value === value);
}

function resolveDays(
  fromMs: number,
  lastDayMs: number,
  preset: PeriodPreset | undefined,
): ResolvedPeriod {
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(lastDayMs + DAY_MS).toISOString(),
    fromDay: dayOf(fromMs),
    toDay: dayOf(lastDayMs),
    preset,
  };
}

/** A preset evaluated against `nowMs`: it always ends with today (UTC). */
export function presetPeriod(preset: PeriodPreset, nowMs: number): ResolvedPeriod {
  const today = dayStartMs(dayOf(nowMs))!;
  const option = PERIOD_PRESETS.find(p => p.value === preset)!;
  if (option.days !== undefined) {
    return resolveDays(today - (option.days - 1) * DAY_MS, today, preset);
  }
  // This quarter so far: from the first day of its first month.
  const date = new Date(today);
  const quarterStart = Date.UTC(
    date.getUTCFullYear(),
    Math.floor(date.getUTCMonth() / 3) * 3,
    1,
  );
  return resolveDays(quarterStart, today, preset);
}

/**
 * The period a URL asks for: `preset` wins (re-evaluated against now), else
 * `from` and `to` days; anything invalid (an unknown preset, a bad date,
 * `from` after `to`, longer than {@link MAX_PERIOD_DAYS}) is the default.
 */
export function periodFromParams(
  params: URLSearchParams,
  nowMs: number,
): ResolvedPeriod {
  const preset = params.get('preset');
  if (isPreset(preset)) return presetPeriod(preset, nowMs);
  const fromMs = dayStartMs(params.get('from') ?? '');
  const toMs = dayStartMs(params.get('to') ?? '');
  if (
    preset === null &&
    fromMs !== undefined &&
    toMs !== undefined &&
    fromMs <= toMs &&
    (toMs - fromMs) / DAY_MS < MAX_PERIOD_DAYS
  ) {
    return resolveDays(fromMs, toMs, undefined);
  }
  return presetPeriod(DEFAULT_PRESET, nowMs);
}

/**
 * A day given either as `YYYY-MM-DD` or as an instant. An exclusive end
 * instant (`to` as the hook returns it) names the day before it.
 */
function dayFrom(value: string, exclusiveEnd: boolean): string | undefined {
  if (dayStartMs(value) !== undefined) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return dayOf(exclusiveEnd ? ms - 1 : ms);
}

/**
 * The search params after choosing a period; every other param is kept.
 * A preset is written alone (so the link stays relative); a custom range as
 * its first and last day.
 */
export function paramsWithPeriod(
  prev: URLSearchParams,
  period: { from: string; to: string; preset?: string },
): URLSearchParams {
  const next = new URLSearchParams(prev);
  next.delete('from');
  next.delete('to');
  next.delete('preset');
  if (isPreset(period.preset)) {
    next.set('preset', period.preset);
    return next;
  }
  const from = dayFrom(period.from, false);
  const to = dayFrom(period.to, true);
  if (from) next.set('from', from);
  if (to) next.set('to', to);
  return next;
}

/** Length of a resolved period in whole days. */
export function periodDays(period: { from: string; to: string }): number {
  return Math.round((Date.parse(period.to) - Date.parse(period.from)) / DAY_MS);
}
