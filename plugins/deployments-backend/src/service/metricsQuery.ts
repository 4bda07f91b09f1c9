import { InputError } from '@backstage/errors';
import { BUCKETS, MetricsRequest } from '../insights/metrics';
import { rejectUnknownParams, singleParam, timeParam } from './historyQuery';
import { teamParam } from './teamParam';

const MAX_BUCKETS = 400;
const ALLOWED = new Set(['service', 'environment', 'from', 'to', 'bucket', 'team']);

/**
 * Validates the query of `GET /metrics`; production environments come from
 * config, `expand` turns a group's name into its members.
 */
export function parseMetricsQuery(
  query: Record<string, unknown>,
  productionEnvironments: string[],
  nowMs: number,
  expand: (environments: string[]) => string[] = environments => environments,
): MetricsRequest & { team?: string } {
  rejectUnknownParams(query, ALLOWED);
  const bucket = singleParam(query, 'bucket') ?? 'day';
  if (bucket !== 'day' && bucket !== 'week') {
    throw new InputError("Query parameter 'bucket' must be day or week");
  }
  const toMs = timeParam(query, 'to') ?? nowMs;
  const fromMs =
    timeParam(query, 'from') ??
    toMs - BUCKETS[bucket].defaultCount * BUCKETS[bucket].ms;
  if (fromMs >= toMs)
    throw new InputError("Query parameter 'from' must be before 'to'");
  if ((toMs - fromMs) / BUCKETS[bucket].ms > MAX_BUCKETS) {
    throw new InputError(
      `The period spans more than ${MAX_BUCKETS} buckets; use bucket=week or a shorter period`,
    );
  }
  const environment = singleParam(query, 'environment');
  const service = singleParam(query, 'service');
  // A Group ref whose services (the router resolves them) are computed together.
  const team = teamParam(query);
  if (service !== undefined && team !== undefined) {
    throw new InputError("Query parameters 'service' and 'team' cannot be combined");
  }
  return {
    service,
    team,
    environments:
      environment === undefined ? productionEnvironments : expand([environment]),
    fromMs,
    toMs,
    bucket,
  };
}

