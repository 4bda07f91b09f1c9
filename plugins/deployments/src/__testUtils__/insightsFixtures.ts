import {
  DoraMetrics,
  DoraThresholds,
  MetricsBucket,
  MetricsResponse,
  PromotionResponse,
  PromotionStage,
} from '@deploydash/plugin-deployments-common';

/** Threshold words as the backend sends them (abridged). */
export const THRESHOLDS: DoraThresholds = {
  source: 'Accelerate State of DevOps Report 2023',
  deployment_frequency: {
    elite: 'On demand (multiple deploys per day)',
    high: 'Between once per day and once per week',
    medium: 'Between once per week and once per month',
    low: 'Less than once per month',
  },
  change_failure_rate: {
    elite: '5% or less',
    high: '10% or less',
    medium: '15% or less',
    low: 'More than 15%',
  },
  recovery_time: {
    elite: 'Less than one hour',
    high: 'Less than one day',
    medium: 'Between one day and one week',
    low: 'More than one week',
  },
  lead_time: {
    elite: 'Less than one day',
    high: 'Between one day and one week',
    medium: 'Between one week and one month',
    low: 'More than one month',
  },
};

/** Metrics of a period without any production deployment. */
export function emptyDoraMetrics(): DoraMetrics {
  return {
    deployment_frequency: { deployments: 0, per_day: 0, band: null },
    change_failure_rate: {
      failed: 0,
      total: 0,
      rate: null,
      band: null,
      basis: 'deployments',
    },
    recovery_time: {
      samples: 0,
      median_seconds: null,
      p90_seconds: null,
      unrecovered: 0,
      band: null,
      basis: 'deployments',
    },
    lead_time: {
      samples: 0,
      median_seconds: null,
      p90_seconds: null,
      basis: null,
      band: null,
    },
    deployment_duration: {
      samples: 0,
      median_seconds: null,
      p90_seconds: null,
    },
  };
}

/** A bucket starting at `start` (a UTC date), one day long unless `days` says otherwise. */
export function makeBucket(
  start: string,
  metrics: DoraMetrics = emptyDoraMetrics(),
  days = 1,
): MetricsBucket {
  const from = Date.parse(`${start}T00:00:00.000Z`);
  return {
    ...metrics,
    start: new Date(from).toISOString(),
    end: new Date(from + days * 86_400_000).toISOString(),
  };
}

export function makeMetricsResponse(
  overrides: Partial<MetricsResponse> = {},
): MetricsResponse {
  return {
    thresholds: THRESHOLDS,
    service: null,
    environments: ['prod'],
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-01-03T00:00:00.000Z',
    bucket: 'day',
    overall: emptyDoraMetrics(),
    buckets: [makeBucket('2026-01-01'), makeBucket('2026-01-02')],
    ...overrides,
  };
}

export function makeStage(
  environment: string,
  overrides: Partial<PromotionStage> = {},
): PromotionStage {
  return {
    environment,
    current: null,
    previous_environment: null,
    waiting: [],
    matched_by: null,
    lagging_since: null,
    changes: { total: 0, items: [], compare_url: null },
    ...overrides,
  };
}

/** `GET /promotion` with one service's lane (no catalog entity). */
export function makePromotion(
  service: string,
  stages: PromotionStage[],
): PromotionResponse {
  return { services: [{ service, entity_ref: null, stages }] };
}
