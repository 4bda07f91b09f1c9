import {
  ACTIVITY_WEEKDAYS,
  ActivityResponse,
  ActivityWeekday,
} from '@deploydash/plugin-deployments-common';
import { DURATION_BOUNDS_MS } from '../database/activityQueries';
import { DeploymentsStore } from '../database/DeploymentsStore';

/** Intl's short English weekday → the index in ACTIVITY_WEEKDAYS (Monday 0). */
const WEEKDAY_INDEX: Record<string, number> = {
  Mon: 0,
  Tue: 1,
  Wed: 2,
  Thu: 3,
  Fri: 4,
  Sat: 5,
  Sun: 6,
};

/**
 * A formatter for the weekday and hour (00–23) of an instant in `tz`, and
 * the zone's canonical name; throws a RangeError for a zone Intl does not know.
 */
export function zoneFormatter(tz: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  });
  return {
    timeZone: format.resolvedOptions().timeZone,
    /** Weekday (Monday 0) and hour of `ms` on the zone's wall clock. */
    weekdayHour(ms: number): { weekday: number; hour: number } {
      let weekday = -1;
      let hour = -1;
      for (const part of format.formatToParts(ms)) {
        if (part.type === 'weekday') weekday = WEEKDAY_INDEX[part.value] ?? -1;
        else if (part.type === 'hour') hour = Number(part.value) % 24;
      }
      if (weekday < 0 || hour < 0) throw new Error(`Cannot read a weekday and hour of ${ms} in ${tz}`);
      return { weekday, hour };
    },
  };
}

/** Labels of the duration buckets, aligned with DURATION_BOUNDS_MS (the last bucket is open). */
const DURATION_LABELS = ['<1m', '1–5m', '5–15m', '15–60m', '≥1h'];

export interface ActivityRequest {
  environments: string[];
  services?: string[];
  team?: string;
  fromMs: number;
  toMs: number;
  tz: string;
}

/**
 * Serves `GET /insights/activity`: production deploys (successes and
 * failures) by local weekday × hour, and the successful runs' durations as a
 * histogram. SQL counts per 15-minute UTC slot; each slot is placed on the
 * zone's wall clock here, so hours follow daylight-saving changes.
 */
export async function computeActivity(
  store: DeploymentsStore,
  request: ActivityRequest,
): Promise<ActivityResponse> {
  const zone = zoneFormatter(request.tz);
  const aggregates = await store.activityAggregates({
    environments: request.environments,
    services: request.services,
    fromMs: request.fromMs,
    toMs: request.toMs,
  });
  const grid = ACTIVITY_WEEKDAYS.map(() =>
    Array.from({ length: 24 }, (_, hour) => ({ hour, successes: 0, failures: 0 })),
  );
  for (const slot of aggregates.slots) {
    const { weekday, hour } = zone.weekdayHour(slot.slotMs);
    grid[weekday][hour].successes += slot.successes;
    grid[weekday][hour].failures += slot.failures;
  }
  const bounds = [0, ...DURATION_BOUNDS_MS];
  const buckets = bounds.map((min, i) => {
    const max = DURATION_BOUNDS_MS[i];
    return {
      label: DURATION_LABELS[i],
      min_seconds: min / 1000,
      max_seconds: max === undefined ? null : max / 1000,
      runs: aggregates.durationCounts[i],
    };
  });
  return {
    environments: request.environments,
    from: new Date(request.fromMs).toISOString(),
    to: new Date(request.toMs).toISOString(),
    tz: zone.timeZone,
    team: request.team ?? null,
    weekday_hour: grid.map((hours, i) => ({
      weekday: ACTIVITY_WEEKDAYS[i] as ActivityWeekday,
      hours,
    })),
    durations: {
      samples: aggregates.durationCounts.reduce((a, b) => a + b, 0),
      buckets,
    },
  };
}
