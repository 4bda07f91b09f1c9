import {
  BandThresholds,
  DoraBand,
  DoraMetrics,
  DoraThresholds,
  GroupInsightsRow,
} from '@deploydash/plugin-deployments-common';
import { compareCodePoints } from '@deploydash/plugin-deployments-common';
import { formatDuration } from '../shared/format';
import { formatPercent, formatSeconds, NO_VALUE } from '../Insights/metricFormat';

export type MetricKey =
  | 'deployment_frequency'
  | 'change_failure_rate'
  | 'recovery_time'
  | 'lead_time';

/** One DORA metric as a column of the team and system tables. */
export interface MetricColumn {
  key: MetricKey;
  /** Column header. */
  label: string;
  /** The number sorted and compared, null without data. */
  value(metrics: DoraMetrics): number | null;
  band(metrics: DoraMetrics): DoraBand;
  thresholds(thresholds: DoraThresholds): BandThresholds;
  /** Which way is an improvement. */
  better: 'higher' | 'lower';
  format(value: number | null): string;
  /** A change, signed ("+0.5/day", "−5 pts", "+2h 10m"). */
  formatDelta(delta: number): string;
  /** Changes smaller than this count as no change. */
  epsilon: number;
}

const MINUS = '\u2212';
const signed = (delta: number, text: string) =>
  `${delta < 0 ? MINUS : '+'}${text}`;

function perDay(value: number): string {
  return `${new Intl.NumberFormat('en', {
    maximumFractionDigits: Math.abs(value) < 1 ? 2 : 1,
  }).format(value)}/day`;
}

export const METRIC_COLUMNS: MetricColumn[] = [
  {
    key: 'deployment_frequency',
    label: 'Deploys',
    value: m => m.deployment_frequency.per_day,
    band: m => m.deployment_frequency.band,
    thresholds: t => t.deployment_frequency,
    better: 'higher',
    format: v => (v === null ? NO_VALUE : perDay(v)),
    formatDelta: d => signed(d, perDay(Math.abs(d))),
    epsilon: 0.005,
  },
  {
    key: 'change_failure_rate',
    label: 'Failure rate',
    value: m => m.change_failure_rate.rate,
    band: m => m.change_failure_rate.band,
    thresholds: t => t.change_failure_rate,
    better: 'lower',
    format: formatPercent,
    // Percentage points: 10% → 15% is "+5 pts", not "+50%".
    formatDelta: d =>
      signed(
        d,
        `${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(
          Math.abs(d) * 100,
        )} pts`,
      ),
    epsilon: 0.0005,
  },
  {
    key: 'recovery_time',
    label: 'Restore time',
    value: m => m.recovery_time.median_seconds,
    band: m => m.recovery_time.band,
    thresholds: t => t.recovery_time,
    better: 'lower',
    format: formatSeconds,
    formatDelta: d => signed(d, formatDuration(Math.abs(d) * 1000)),
    epsilon: 1,
  },
  {
    key: 'lead_time',
    label: 'Lead time',
    value: m => m.lead_time.median_seconds,
    band: m => m.lead_time.band,
    thresholds: t => t.lead_time,
    better: 'lower',
    format: formatSeconds,
    formatDelta: d => signed(d, formatDuration(Math.abs(d) * 1000)),
    epsilon: 1,
  },
];

/** The change of a metric against the previous period of the same length. */
export interface Trend {
  /** The arrow: the number went up, down, stayed, or one side has no data. */
  direction: 'up' | 'down' | 'flat' | 'none';
  verdict: 'better' | 'worse' | 'same' | 'none';
  /** Signed change, e.g. "+0.5/day"; '' without data. */
  delta: string;
  /** The whole sentence, for titles and screen readers. */
  description: string;
}

export function trendOf(
  column: MetricColumn,
  current: DoraMetrics,
  previous: DoraMetrics,
): Trend {
  const now = column.value(current);
  const before = column.value(previous);
  if (now === null || before === null) {
    return {
      direction: 'none',
      verdict: 'none',
      delta: '',
      description: `${column.label}: no comparison (${
        before === null ? 'no data in the previous period' : 'no data now'
      })`,
    };
  }
  const change = now - before;
  if (Math.abs(change) < column.epsilon) {
    return {
      direction: 'flat',
      verdict: 'same',
      delta: '±0',
      description: `${column.label}: unchanged from ${column.format(before)}`,
    };
  }
  const up = change > 0;
  const better = up === (column.better === 'higher');
  const delta = column.formatDelta(change);
  return {
    direction: up ? 'up' : 'down',
    verdict: better ? 'better' : 'worse',
    delta,
    description: `${column.label}: ${delta} from ${column.format(before)}, ${
      better ? 'better' : 'worse'
    }`,
  };
}

export type SortKey = 'name' | MetricKey;
export type SortDirection = 'asc' | 'desc';

/**
 * Rows sorted by a column. Rows without a value (and the row without a
 * ref, by name) stay last whichever the direction; ties keep name order.
 */
export function sortRows(
  rows: GroupInsightsRow[],
  key: SortKey,
  direction: SortDirection,
): GroupInsightsRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byName = (a: GroupInsightsRow, b: GroupInsightsRow) => {
    if (a.ref === null || b.ref === null) {
      return Number(a.ref === null) - Number(b.ref === null);
    }
    return compareCodePoints(a.ref, b.ref);
  };
  const valueOf = (row: GroupInsightsRow): number | null =>
    METRIC_COLUMNS.find(c => c.key === key)!.value(row.current);
  return [...rows].sort((a, b) => {
    if (key === 'name') {
      if (a.ref === null || b.ref === null) return byName(a, b);
      return sign * byName(a, b);
    }
    const x = valueOf(a);
    const y = valueOf(b);
    if (x === null || y === null) {
      if (x === null && y === null) return byName(a, b);
      return x === null ? 1 : -1;
    }
    return sign * (x - y) || byName(a, b);
  });
}
