import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { HumanDuration } from '@backstage/types';
import { CronError, CronSchedule } from './cronSchedule';
import { FreezeDefinition } from './FreezeCalendar';
import { daysInMonth, isTimeZone, ZonedClock } from './zonedTime';

/*
 * Reads `deployments.freezes` (docs/api.md "Freeze configuration"). Every
 * mistake stops the backend at startup with an error naming the freeze and
 * the key: a freeze that silently never applies is worse than none.
 */

const KEY = 'deployments.freezes';
const KNOWN_KEYS = ['name', 'reason', 'environments', 'services', 'timezone', 'start', 'end', 'cron', 'duration'];
const MAX_DURATION_DAYS = 366;

/** `2026-12-20`, `2026-12-20T18:00`, `…:30`, `…:30.5`, each with an optional `Z` or `±hh:mm` (not on a bare date). */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The checked freezes, in configuration order; none when the key is absent. */
export function readFreezes(config: Config): FreezeDefinition[] {
  if (!config.has(KEY)) return [];
  let entries: Config[];
  try {
    entries = config.getConfigArray(KEY);
  } catch (error) {
    throw new InputError(`${KEY} must be a list of freezes: ${(error as Error).message}`);
  }
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const at = `${KEY}[${index}]`;
    const freeze = readFreeze(entry, at);
    if (names.has(freeze.name)) {
      throw new InputError(`${at}.name: '${freeze.name}' is the name of an earlier freeze; names must be unique`);
    }
    names.add(freeze.name);
    return freeze;
  });
}

function readFreeze(entry: Config, at: string): FreezeDefinition {
  const unknown = entry.keys().filter(k => !KNOWN_KEYS.includes(k));
  if (unknown.length) {
    throw new InputError(`${at}: unknown key '${unknown[0]}'; a freeze has ${KNOWN_KEYS.join(', ')}`);
  }
  const text = (key: string, max: number) => {
    const value = string(entry, key, at);
    if (value === undefined || value.trim() === '') throw new InputError(`${at}.${key} is required`);
    if (value.length > max) throw new InputError(`${at}.${key} must be at most ${max} characters`);
    return value;
  };
  const name = text('name', 100);
  const reason = text('reason', 500);
  const timezone = string(entry, 'timezone', at) ?? 'UTC';
  if (!isTimeZone(timezone)) {
    throw new InputError(`${at}.timezone: '${timezone}' is not an IANA timezone (e.g. Europe/Berlin, UTC)`);
  }
  const oneOff = entry.has('start') || entry.has('end');
  const recurring = entry.has('cron') || entry.has('duration');
  if (oneOff === recurring) {
    throw new InputError(`${at}: give either start and end, or cron and duration`);
  }
  return {
    name,
    reason,
    environments: patterns(entry, 'environments', at),
    services: patterns(entry, 'services', at),
    timezone,
    when: oneOff ? readOneOff(entry, at, timezone) : readRecurring(entry, at),
  };
}

function readOneOff(entry: Config, at: string, timezone: string) {
  const clock = new ZonedClock(timezone);
  const instant = (key: string) => {
    const value = string(entry, key, at);
    if (value === undefined) throw new InputError(`${at}.${key} is required with ${key === 'start' ? 'end' : 'start'}`);
    return parseDateTime(value, clock, `${at}.${key}`);
  };
  const start = instant('start');
  const end = instant('end');
  if (!(end > start)) {
    throw new InputError(`${at}.end must be after ${at}.start`);
  }
  return { start, end };
}

function readRecurring(entry: Config, at: string) {
  const cron = string(entry, 'cron', at);
  if (cron === undefined) throw new InputError(`${at}.cron is required with duration`);
  try {
    void new CronSchedule(cron);
  } catch (error) {
    if (error instanceof CronError) throw new InputError(`${at}.cron: ${error.message}`);
    throw error;
  }
  if (!entry.has('duration')) throw new InputError(`${at}.duration is required with cron`);
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(entry, { key: 'duration' });
  } catch (error) {
    throw new InputError(
      `${at}.duration must be a duration such as { hours: 2 }, '2h' or 'PT2H': ${(error as Error).message}`,
    );
  }
  const values = Object.values(duration) as number[];
  if (values.some(v => !Number.isFinite(v) || v < 0) || !values.some(v => v > 0)) {
    throw new InputError(`${at}.duration must be positive, got ${JSON.stringify(duration)}`);
  }
  if (nominalDays(duration) > MAX_DURATION_DAYS) {
    throw new InputError(`${at}.duration must be at most ${MAX_DURATION_DAYS} days, got ${JSON.stringify(duration)}`);
  }
  return { cron, duration };
}

/** A month as 30 days and a year as 365, for the upper limit only. */
function nominalDays(d: HumanDuration): number {
  return (
    (d.years ?? 0) * 365 +
    (d.months ?? 0) * 30 +
    (d.weeks ?? 0) * 7 +
    (d.days ?? 0) +
    ((d.hours ?? 0) * 3_600_000 + (d.minutes ?? 0) * 60_000 + (d.seconds ?? 0) * 1000 + (d.milliseconds ?? 0)) /
      86_400_000
  );
}

function string(entry: Config, key: string, at: string): string | undefined {
  const value = entry.getOptional(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`${at}.${key} must be a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function patterns(entry: Config, key: string, at: string): string[] | undefined {
  const value = entry.getOptional(key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string' || v === '')) {
    throw new InputError(`${at}.${key} must be a list of name patterns (non-empty strings, '*' wildcards)`);
  }
  if (value.length === 0) {
    throw new InputError(`${at}.${key} is empty, so the freeze would cover nothing; leave it out to cover every ${key === 'services' ? 'service' : 'environment'}`);
  }
  return value as string[];
}

/**
 * An ISO 8601 date or date-time: with `Z` or an offset it is that instant,
 * without one a wall-clock time in the freeze's timezone.
 */
export function parseDateTime(value: string, clock: ZonedClock, key: string): number {
  const m = DATE_TIME.exec(value);
  const bad = (why: string) =>
    new InputError(`${key}: '${value}' ${why} (use e.g. 2026-12-20, 2026-12-20T18:00 or 2026-12-20T18:00:00+01:00)`);
  if (!m) throw bad('is not an ISO 8601 date or date-time');
  const [year, month, day, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map(v => (v === undefined ? undefined : Number(v))) as number[];
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw bad('is not a real date');
  }
  if (hour > 23 || minute > 59 || second > 59) throw bad('is not a real time of day');
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const zone = m[8];
  if (zone === undefined) return clock.instantOf(local);
  if (zone === 'Z') return local;
  const [h, mm] = zone.slice(1).split(':').map(Number);
  if (h > 23 || mm > 59) throw bad('has an offset that is not real');
  return local - (zone[0] === '-' ? -1 : 1) * (h * 60 + mm) * 60_000;
}
