import { DoraMetrics, DoraThresholds } from './types';

/**
 * One team or system on the insights page: its services' DORA metrics
 * computed together, for the period and the period of the same length
 * before it.
 *
 * @public
 */
export interface GroupInsightsRow {
  /**
   * The owner's (teams) or system's full entity ref, lower case; `null` for
   * the services without one (unowned, no system).
   */
  ref: string | null;
  /** Services with deployment events in this group. */
  services: number;
  current: DoraMetrics;
  previous: DoraMetrics;
}

/**
 * `GET /api/deployments/insights/teams` and `.../insights/systems`.
 *
 * @public
 */
export interface GroupInsightsResponse {
  group_by: 'team' | 'system';
  environments: string[];
  from: string;
  to: string;
  /** The period of the same length right before `from`, for trends. */
  previous: { from: string; to: string };
  thresholds: DoraThresholds;
  /** By ref; the row without a ref last. */
  items: GroupInsightsRow[];
}

/**
 * Weekdays as the activity heatmap lists them, Monday first (ISO 8601).
 *
 * @public
 */
export const ACTIVITY_WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

/** @public */
export type ActivityWeekday = (typeof ACTIVITY_WEEKDAYS)[number];

/**
 * Production deploys in one local hour of the week.
 *
 * @public
 */
export interface ActivityHour {
  /** 0–23, local to the response's `tz`. */
  hour: number;
  successes: number;
  failures: number;
}

/**
 * One bar of the duration histogram: successful runs whose duration is in
 * [`min_seconds`, `max_seconds`).
 *
 * @public
 */
export interface DurationBucket {
  label: string;
  min_seconds: number;
  /** `null` for the open last bucket. */
  max_seconds: number | null;
  runs: number;
}

/**
 * `GET /api/deployments/insights/activity`.
 *
 * @public
 */
export interface ActivityResponse {
  environments: string[];
  from: string;
  to: string;
  /** The IANA time zone weekdays and hours are in. */
  tz: string;
  /** The team filter (a full Group ref) or `null`. */
  team: string | null;
  /** Seven weekdays, Monday first, of 24 hours each. */
  weekday_hour: Array<{ weekday: ActivityWeekday; hours: ActivityHour[] }>;
  durations: { samples: number; buckets: DurationBucket[] };
}
