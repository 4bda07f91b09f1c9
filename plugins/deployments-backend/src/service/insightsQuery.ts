import { InputError } from '@backstage/errors';
import { rejectUnknownParams, singleParam, timeParam } from './historyQuery';
import { teamParam } from './teamParam';
import { zoneFormatter } from '../insights/activity';

const DAY_MS = 86_400_000;
/** The longest period (the frontend's period picker allows two years). */
export const MAX_INSIGHTS_DAYS = 731;
const DEFAULT_DAYS = 30;
/** IANA names are short; this only stops a huge string reaching Intl. */
const MAX_TZ_LENGTH = 64;

const GROUP_PARAMS = new Set(['from', 'to']);
const ACTIVITY_PARAMS = new Set(['from', 'to', 'tz', 'team']);

/** `from` (inclusive) and `to` (exclusive), RFC 3339; default the 30 days up to now. */
function periodParams(query: Record<string, unknown>, nowMs: number) {
  const toMs = timeParam(query, 'to') ?? nowMs;
  const fromMs = timeParam(query, 'from') ?? toMs - DEFAULT_DAYS * DAY_MS;
  if (fromMs >= toMs) throw new InputError("Query parameter 'from' must be before 'to'");
  if (toMs - fromMs > MAX_INSIGHTS_DAYS * DAY_MS) {
    throw new InputError(`The period must be at most ${MAX_INSIGHTS_DAYS} days`);
  }
  return { fromMs, toMs };
}

/** The query of `GET /insights/teams` and `/insights/systems`. */
export function parseGroupInsightsQuery(query: Record<string, unknown>, nowMs: number) {
  rejectUnknownParams(query, GROUP_PARAMS);
  return periodParams(query, nowMs);
}

/**
 * The query of `GET /insights/activity`: the period, `tz` (an IANA time zone
 * Intl knows, default `UTC`) and `team` (a Group ref, its subgroups included).
 */
export function parseActivityQuery(query: Record<string, unknown>, nowMs: number) {
  rejectUnknownParams(query, ACTIVITY_PARAMS);
  const period = periodParams(query, nowMs);
  const tz = singleParam(query, 'tz') ?? 'UTC';
  const message = `Query parameter 'tz' must be an IANA time zone such as Europe/Berlin`;
  if (tz === '' || tz.length > MAX_TZ_LENGTH) throw new InputError(message);
  let timeZone: string;
  try {
    timeZone = zoneFormatter(tz).timeZone;
  } catch {
    throw new InputError(message);
  }
  return { ...period, tz: timeZone, team: teamParam(query) };
}
