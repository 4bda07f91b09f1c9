import { DoraBand, DoraThresholds } from '@deploydash/plugin-deployments-common';

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * The software delivery performance clusters of the Accelerate State of
 * DevOps Report 2023 (DORA), made into contiguous ranges: the report's
 * clusters overlap or leave gaps (low and medium share their frequency and
 * lead-time ranges), so each boundary below is the better cluster's limit.
 */
export const DORA_THRESHOLDS: DoraThresholds = {
  source:
    'DORA, Accelerate State of DevOps Report 2023, software delivery performance clusters (https://dora.dev/research/2023/dora-report/)',
  deployment_frequency: {
    elite: 'on demand: at least one successful production deployment per day',
    high: 'between once per day and once per week',
    medium: 'between once per week and once per month',
    low: 'less than once per month',
  },
  change_failure_rate: {
    elite: 'at most 5 %',
    high: 'at most 10 %',
    medium: 'at most 15 %',
    low: 'more than 15 %',
  },
  recovery_time: {
    elite: 'median under one hour',
    high: 'median under one day',
    medium: 'median under one week',
    low: 'median of one week or more',
  },
  lead_time: {
    elite: 'median under one day',
    high: 'median under one week',
    medium: 'median under one month (30 days)',
    low: 'median of one month or more',
  },
};

/** Successful production deployments per day. */
export function frequencyBand(perDay: number): DoraBand {
  if (perDay >= 1) return 'elite';
  if (perDay >= 1 / 7) return 'high';
  if (perDay >= 1 / 30) return 'medium';
  return 'low';
}

export function failureRateBand(rate: number | null): DoraBand {
  if (rate === null) return null;
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

export function recoveryBand(medianSeconds: number | null): DoraBand {
  if (medianSeconds === null) return null;
  if (medianSeconds < HOUR) return 'elite';
  if (medianSeconds < DAY) return 'high';
  if (medianSeconds < 7 * DAY) return 'medium';
  return 'low';
}

export function leadTimeBand(medianSeconds: number | null): DoraBand {
  if (medianSeconds === null) return null;
  if (medianSeconds < DAY) return 'elite';
  if (medianSeconds < 7 * DAY) return 'high';
  if (medianSeconds < 30 * DAY) return 'medium';
  return 'low';
}
