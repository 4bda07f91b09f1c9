import {
  DoraMetrics,
  FailureBasis,
  MetricsResponse,
} from '@deploydash/plugin-deployments-common';
import { DoraAggregates, DoraCounts, DurationRow } from '../database/doraQueries';
import { DeploymentsStore } from '../database/DeploymentsStore';
import {
  DORA_THRESHOLDS,
  failureRateBand,
  frequencyBand,
  leadTimeBand,
  recoveryBand,
} from './doraBands';

const DAY_MS = 86_400_000;
export const BUCKETS = {
  day: { ms: DAY_MS, originMs: 0, defaultCount: 30 },
  // Weeks start on Monday 00:00 UTC; 1970-01-05 was a Monday.
  week: { ms: 7 * DAY_MS, originMs: 4 * DAY_MS, defaultCount: 12 },
};
export interface MetricsRequest {
  /** One service's metrics (named in the response) ... */
  service?: string;
  /** ... or those of a set of services together (a team, a system). */
  services?: string[];
  environments: string[];
  fromMs: number;
  toMs: number;
  bucket: keyof typeof BUCKETS;
}

const seconds = (ms: number) => Math.round(ms / 1000);

function durations(row: DurationRow | undefined) {
  return row
    ? {
        samples: row.samples,
        median_seconds: seconds(row.medianMs),
        p90_seconds: seconds(row.p90Ms),
      }
    : { samples: 0, median_seconds: null, p90_seconds: null };
}

/**
 * Which basis the services counted used (docs/metrics.md "Incidents as the
 * basis"); `fallback` when none was counted (an empty bucket says what the
 * whole period says; a request without data says `deployments`).
 */
function basisOf(counts: DoraCounts | undefined, fallback: FailureBasis): FailureBasis {
  const deployments = (counts?.deploymentBasisServices ?? 0) > 0;
  const incidents = (counts?.incidentBasisServices ?? 0) > 0;
  if (deployments && incidents) return 'mixed';
  if (incidents) return 'incidents';
  if (deployments) return 'deployments';
  return fallback;
}

/** The four DORA metrics and the deployment duration of one period (a bucket, or overall when `bucket` is null). */
function metricsFor(
  aggregates: DoraAggregates,
  bucket: number | null,
  days: number,
): DoraMetrics {
  const pick = (rows: DurationRow[]) => rows.find(r => r.bucket === bucket);
  const counts = aggregates.counts.find(r => r.bucket === bucket);
  const successes = counts?.successes ?? 0;
  const terminal = counts?.terminal ?? 0;
  const failed = counts?.failed ?? 0;
  const rate = terminal ? failed / terminal : null;
  const overallBasis = basisOf(aggregates.counts.find(r => r.bucket === null), 'deployments');
  const failureBasis = bucket === null ? overallBasis : basisOf(counts, overallBasis);
  const perDay = successes / days;
  const recovery = durations(pick(aggregates.recovery));
  // Commit times when this period has any; else the parent-deployment chain.
  const fromCommits = pick(aggregates.leadFromCommits);
  const fromParents = pick(aggregates.leadFromParents);
  const lead = durations(fromCommits ?? fromParents);
  let basis: DoraMetrics['lead_time']['basis'] = null;
  if (fromCommits) basis = 'commits';
  else if (fromParents) basis = 'parent_deployments';
  return {
    deployment_frequency: {
      deployments: successes,
      per_day: perDay,
      band: frequencyBand(perDay),
    },
    change_failure_rate: {
      failed,
      total: terminal,
      rate,
      band: failureRateBand(rate),
      basis: failureBasis,
    },
    recovery_time: {
      ...recovery,
      unrecovered: counts?.unrecovered ?? 0,
      band: recoveryBand(recovery.median_seconds),
      basis: failureBasis,
    },
    lead_time: {
      ...lead,
      basis,
      band: leadTimeBand(lead.median_seconds),
    },
    deployment_duration: durations(pick(aggregates.deploymentDuration)),
  };
}

/** Serves `GET /metrics`: every bucket of the period, empty ones included, and the whole period. */
export async function computeMetrics(
  store: DeploymentsStore,
  request: MetricsRequest,
): Promise<MetricsResponse> {
  const { ms: size, originMs } = BUCKETS[request.bucket];
  const aggregates = await store.doraAggregates({
    environments: request.environments,
    services: request.service === undefined ? request.services : [request.service],
    fromMs: request.fromMs,
    toMs: request.toMs,
    bucketMs: size,
    bucketOriginMs: originMs,
  });
  const firstBucket =
    request.fromMs - ((((request.fromMs - originMs) % size) + size) % size);
  const buckets = [];
  for (let start = firstBucket; start < request.toMs; start += size) {
    // A partial first or last bucket counts only the days it covers.
    const covered =
      Math.min(start + size, request.toMs) - Math.max(start, request.fromMs);
    buckets.push({
      start: new Date(start).toISOString(),
      end: new Date(start + size).toISOString(),
      ...metricsFor(aggregates, start, covered / DAY_MS),
    });
  }
  return {
    service: request.service ?? null,
    environments: request.environments,
    from: new Date(request.fromMs).toISOString(),
    to: new Date(request.toMs).toISOString(),
    bucket: request.bucket,
    thresholds: DORA_THRESHOLDS,
    overall: metricsFor(
      aggregates,
      null,
      (request.toMs - request.fromMs) / DAY_MS,
    ),
    buckets,
  };
}
