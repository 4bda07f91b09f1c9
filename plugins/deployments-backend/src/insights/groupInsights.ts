import {
  compareCodePoints,
  GroupInsightsResponse,
  GroupInsightsRow,
} from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { DORA_THRESHOLDS } from './doraBands';
import { computeMetrics } from './metrics';
import { mapLimit } from './mapLimit';

/**
 * Metrics computations under way at once for one request. Each runs four
 * statements on their own connections, so 3 keeps one request to 12 of the
 * pool's connections at most, whatever the number of teams.
 */
export const GROUP_CONCURRENCY = 3;

export interface GroupInsightsRequest {
  groupBy: 'team' | 'system';
  /** Every service to place in a group. */
  services: string[];
  /** The service's team or system ref, or null (the row without a ref). */
  keyOf(service: string): string | null;
  environments: string[];
  fromMs: number;
  toMs: number;
}

/**
 * Serves `GET /insights/teams` and `/insights/systems`: the services are
 * grouped by `keyOf`; each group's DORA metrics are computed together (one
 * set of percentiles over all its services, not an average of theirs) for
 * the period and for the period of the same length right before it.
 */
export async function computeGroupInsights(
  store: DeploymentsStore,
  request: GroupInsightsRequest,
): Promise<GroupInsightsResponse> {
  const groups = new Map<string | null, string[]>();
  for (const service of request.services) {
    const key = request.keyOf(service);
    const members = groups.get(key);
    if (members) members.push(service);
    else groups.set(key, [service]);
  }
  // By ref, the services without one last.
  const keys = [...groups.keys()].sort((a, b) => {
    if (a === null || b === null) return Number(a === null) - Number(b === null);
    return compareCodePoints(a, b);
  });
  const length = request.toMs - request.fromMs;
  const previousFromMs = request.fromMs - length;
  const overall = async (services: string[], fromMs: number, toMs: number) =>
    (
      await computeMetrics(store, {
        services,
        environments: request.environments,
        fromMs,
        toMs,
        // Only `overall` is used; weeks keep the per-bucket work small.
        bucket: 'week',
      })
    ).overall;
  // Current and previous of every group, as one list of jobs under one bound.
  const jobs = keys.flatMap(key => [
    { key, fromMs: request.fromMs, toMs: request.toMs },
    { key, fromMs: previousFromMs, toMs: request.fromMs },
  ]);
  const results = await mapLimit(jobs, GROUP_CONCURRENCY, job =>
    overall(groups.get(job.key)!, job.fromMs, job.toMs),
  );
  const items: GroupInsightsRow[] = keys.map((key, i) => ({
    ref: key,
    services: groups.get(key)!.length,
    current: results[2 * i],
    previous: results[2 * i + 1],
  }));
  return {
    group_by: request.groupBy,
    environments: request.environments,
    from: new Date(request.fromMs).toISOString(),
    to: new Date(request.toMs).toISOString(),
    previous: {
      from: new Date(previousFromMs).toISOString(),
      to: new Date(request.fromMs).toISOString(),
    },
    thresholds: DORA_THRESHOLDS,
    items,
  };
}
