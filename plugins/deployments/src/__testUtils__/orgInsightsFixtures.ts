import {
  ACTIVITY_WEEKDAYS,
  ActivityResponse,
  GroupInsightsResponse,
  GroupInsightsRow,
} from '@deploydash/plugin-deployments-common';
import { emptyDoraMetrics, THRESHOLDS } from './insightsFixtures';

/** A teams or systems answer with the given rows (empty metrics by default). */
export function makeGroupInsights(
  overrides: Partial<GroupInsightsResponse> & { items?: GroupInsightsRow[] } = {},
): GroupInsightsResponse {
  return {
    group_by: 'team',
    environments: ['prod'],
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-03-31T00:00:00.000Z',
    previous: { from: '2026-01-30T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
    thresholds: THRESHOLDS,
    items: [],
    ...overrides,
  };
}

/** A row; `current`/`previous` default to empty metrics. */
export function makeGroupRow(row: Partial<GroupInsightsRow> & { ref: string | null }): GroupInsightsRow {
  return {
    services: 1,
    current: emptyDoraMetrics(),
    previous: emptyDoraMetrics(),
    ...row,
  };
}

/** An activity answer; `cells` sets "weekday hour" → [successes, failures]. */
export function makeActivity(
  cells: Record<string, [number, number]> = {},
  runs: number[] = [0, 0, 0, 0, 0],
  overrides: Partial<ActivityResponse> = {},
): ActivityResponse {
  const labels = ['<1m', '1–5m', '5–15m', '15–60m', '≥1h'];
  const bounds = [0, 60, 300, 900, 3600, null];
  return {
    environments: ['prod'],
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-03-31T00:00:00.000Z',
    tz: 'UTC',
    team: null,
    weekday_hour: ACTIVITY_WEEKDAYS.map(weekday => ({
      weekday,
      hours: Array.from({ length: 24 }, (_, hour) => {
        const [successes, failures] = cells[`${weekday} ${hour}`] ?? [0, 0];
        return { hour, successes, failures };
      }),
    })),
    durations: {
      samples: runs.reduce((a, b) => a + b, 0),
      buckets: labels.map((label, i) => ({
        label,
        min_seconds: bounds[i]!,
        max_seconds: bounds[i + 1],
        runs: runs[i],
      })),
    },
    ...overrides,
  };
}
