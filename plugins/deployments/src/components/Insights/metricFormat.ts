import {
  DoraMetrics,
  DurationSummary,
  MetricsResponse,
} from '@deploydash/plugin-deployments-common';
import { formatDuration } from '../shared/format';

/** Shown where a metric has no value (no samples in the period). */
export const NO_VALUE = '–';

export type Bucket = MetricsResponse['bucket'];

const NO_SAMPLES: DurationSummary = {
  samples: 0,
  median_seconds: null,
  p90_seconds: null,
};

/**
 * The deployment duration of a period; a backend older than contract v1.2
 * sends none, which reads as no samples rather than breaking the card.
 */
export function deploymentDuration(metrics: DoraMetrics): DurationSummary {
  return metrics.deployment_duration ?? NO_SAMPLES;
}

const DAY_MS = 86_400_000;

function formatNumber(value: number): string {
  // Small rates keep two decimals so "0.03 per day" does not read as 0.
  return new Intl.NumberFormat('en', {
    maximumFractionDigits: value < 1 ? 2 : 1,
  }).format(value);
}

/** "1.4 per day" or "9.8 per week", matching the chosen bucket. */
export function formatFrequency(perDay: number, bucket: Bucket): string {
  return bucket === 'week'
    ? `${formatNumber(perDay * 7)} per week`
    : `${formatNumber(perDay)} per day`;
}

/** 0.125 → "12.5%". */
export function formatPercent(rate: number | null): string {
  if (rate === null) return NO_VALUE;
  return new Intl.NumberFormat('en', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(rate);
}

/** 12_000 → "3h 20m"; null (no samples) → "–". */
export function formatSeconds(seconds: number | null): string {
  return seconds === null ? NO_VALUE : formatDuration(seconds * 1000);
}

/** "1 deployment", "2 deployments". */
export function plural(count: number, word: string, words = `${word}s`) {
  return `${count} ${count === 1 ? word : words}`;
}

function formatDay(ms: number): string {
  return new Date(ms).toLocaleDateString('en', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** A bucket's start as a short axis label, e.g. "Jan 5" (buckets are UTC days). */
export function bucketLabel(startIso: string): string {
  return new Date(startIso).toLocaleDateString('en', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** "Dec 2, 2025 – Jan 1, 2026"; `to` is exclusive, so the last day shown is the one before it. */
export function formatPeriod(fromIso: string, toIso: string): string {
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (Number.isNaN(from) || Number.isNaN(to)) return `${fromIso} – ${toIso}`;
  const last = Math.max(from, to - 1);
  return Math.floor(from / DAY_MS) === Math.floor(last / DAY_MS)
    ? formatDay(from)
    : `${formatDay(from)} – ${formatDay(last)}`;
}
