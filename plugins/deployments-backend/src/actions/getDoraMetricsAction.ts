import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError, NotFoundError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { BandThresholds, DoraBand, DoraMetrics } from '@deploydash/plugin-deployments-common';
import { computeMetrics } from '../insights/metrics';
import { DORA_THRESHOLDS } from '../insights/doraBands';
import { parseMetricsQuery } from '../service/metricsQuery';
import { DeploymentsStore } from '../database/DeploymentsStore';
import {
  DeploymentsActionsContext,
  readingStore,
  requireReadPermission,
  unknownServiceError,
  Zod,
} from './actionSupport';

const DAY_MS = 86_400_000;

/** The catalog entity an assistant names, as the full lower-case ref the linker's refs compare to. */
function normalizeEntityRef(ref: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind: 'component', defaultNamespace: 'default' }),
    ).toLocaleLowerCase('en-US');
  } catch (error) {
    throw new InputError(
      `'${ref}' is not an entity ref; use kind:namespace/name, e.g. component:default/checkout`,
    );
  }
}

/**
 * The service a catalog entity stands for: the deployed service whose
 * linked entity (CatalogServiceLinker: the `deployments/service-name`
 * annotation, else `metadata.name`) is `entityRef`.
 */
async function serviceOfEntity(
  context: DeploymentsActionsContext,
  entityRef: string,
): Promise<string> {
  const wanted = normalizeEntityRef(entityRef);
  const [links, services] = await Promise.all([
    context.linker.current(),
    readingStore(() => context.store.listServices()),
  ]);
  const service = services.find(s => links.entityRefFor(s)?.toLocaleLowerCase('en-US') === wanted);
  if (service === undefined) {
    throw new NotFoundError(
      `No deployed service is linked to the catalog entity '${wanted}'. A service links to the Component ` +
        `of the same name, or to the entity whose 'deployments/service-name' annotation names it; ` +
        `pass 'service' instead if you know the service name.`,
    );
  }
  return service;
}

async function requireKnownService(store: DeploymentsStore, service: string) {
  if ((await store.listSlots({ service })).length === 0) {
    throw await unknownServiceError(store, service);
  }
}

const band = (z: Zod) =>
  z
    .enum(['elite', 'high', 'medium', 'low'])
    .nullable()
    .describe('DORA performance band (elite best, low worst), or null without data.');
const bandMeaning = (z: Zod) =>
  z.string().nullable().describe('What the band means for this metric, in words, or null.');

const meaning = (thresholds: BandThresholds, value: DoraBand) =>
  value === null ? null : thresholds[value];

/** The overall metrics of `GET /metrics`, with the unit of every number in its name. */
function overallOutput(metrics: DoraMetrics) {
  const { deployment_frequency: df, change_failure_rate: cfr, recovery_time: rt, lead_time: lt } =
    metrics;
  return {
    deployment_frequency: {
      successful_deployments: df.deployments,
      deployments_per_day: df.per_day,
      band: df.band,
      band_meaning: meaning(DORA_THRESHOLDS.deployment_frequency, df.band),
    },
    change_failure_rate: {
      failed_changes: cfr.failed,
      total_deployments: cfr.total,
      rate_percent: cfr.rate === null ? null : cfr.rate * 100,
      band: cfr.band,
      band_meaning: meaning(DORA_THRESHOLDS.change_failure_rate, cfr.band),
    },
    time_to_restore: {
      recoveries: rt.samples,
      median_seconds: rt.median_seconds,
      p90_seconds: rt.p90_seconds,
      unrecovered_failures: rt.unrecovered,
      band: rt.band,
      band_meaning: meaning(DORA_THRESHOLDS.recovery_time, rt.band),
    },
    lead_time_for_changes: {
      samples: lt.samples,
      median_seconds: lt.median_seconds,
      p90_seconds: lt.p90_seconds,
      basis: lt.basis,
      band: lt.band,
      band_meaning: meaning(DORA_THRESHOLDS.lead_time, lt.band),
    },
    deployment_duration: {
      samples: metrics.deployment_duration.samples,
      median_seconds: metrics.deployment_duration.median_seconds,
      p90_seconds: metrics.deployment_duration.p90_seconds,
    },
  };
}

/**
 * `deployments:get-dora-metrics` — the four DORA metrics of a service over a
 * period: `computeMetrics` with the query rules of `GET /metrics`, so both
 * answer the same numbers.
 */
export function registerGetDoraMetricsAction(
  actionsRegistry: ActionsRegistryService,
  context: DeploymentsActionsContext,
) {
  const { store, permissions, productionEnvironments } = context;
  actionsRegistry.register({
    name: 'get-dora-metrics',
    title: 'Get DORA metrics',
    description: [
      'Answers "how often does a service deploy to production, how often do its changes fail, how fast does',
      'it recover and how long do changes take to reach production?" — the four DORA metrics of one service',
      'over a period (default: the last 30 days), with their performance bands.',
      'Give service (e.g. {"service": "checkout"}) or entityRef, the catalog entity',
      '(e.g. {"entityRef": "component:default/checkout"}), not both; from/to narrow the period',
      '(RFC 3339, e.g. {"service": "checkout", "from": "2026-04-01T00:00:00Z", "to": "2026-05-01T00:00:00Z"}).',
      'Only production environments count (deployments.environments.production) unless environment names one.',
      'Durations are in seconds (median and 90th percentile), the failure rate in percent.',
      'These are the same numbers as the Deployments tab of the entity and GET /api/deployments/metrics.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          service: z.string().min(1).optional().describe('The service name, e.g. "checkout". Give this or entityRef.'),
          entityRef: z
            .string()
            .min(1)
            .optional()
            .describe('The catalog entity of the service, e.g. "component:default/checkout". Give this or service.'),
          from: z
            .string()
            .optional()
            .describe('Start of the period, inclusive, RFC 3339, e.g. "2026-04-01T00:00:00Z". Default: 30 days before `to`.'),
          to: z
            .string()
            .optional()
            .describe('End of the period, exclusive, RFC 3339. Default: now.'),
          environment: z
            .string()
            .min(1)
            .optional()
            .describe('Count this one environment instead of the production environments, e.g. "staging".'),
        }),
      output: z =>
        z.object({
          service: z.string(),
          entity_ref: z.string().nullable().describe('The catalog entity of the service, or null.'),
          environments: z.array(z.string()).describe('The environments counted.'),
          from: z.string().describe('Start of the period, RFC 3339 UTC, inclusive.'),
          to: z.string().describe('End of the period, RFC 3339 UTC, exclusive.'),
          period_days: z.number(),
          deployment_frequency: z.object({
            successful_deployments: z.number().int().describe('Successful deployments in the period.'),
            deployments_per_day: z.number(),
            band: band(z),
            band_meaning: bandMeaning(z),
          }),
          change_failure_rate: z.object({
            failed_changes: z
              .number()
              .int()
              .describe('Failed deployments, plus successes that a fix or hotfix followed.'),
            total_deployments: z.number().int().describe('Finished (successful or failed) deployments.'),
            rate_percent: z.number().nullable().describe('failed_changes / total_deployments × 100, or null without deployments.'),
            band: band(z),
            band_meaning: bandMeaning(z),
          }),
          time_to_restore: z.object({
            recoveries: z.number().int().describe('Failures followed by a recovery in the period.'),
            median_seconds: z.number().nullable(),
            p90_seconds: z.number().nullable(),
            unrecovered_failures: z.number().int().describe('Failed changes not recovered (yet).'),
            band: band(z),
            band_meaning: bandMeaning(z),
          }),
          lead_time_for_changes: z.object({
            samples: z.number().int(),
            median_seconds: z.number().nullable(),
            p90_seconds: z.number().nullable(),
            basis: z
              .enum(['commits', 'parent_deployments'])
              .nullable()
              .describe('commits: from commit time to production; parent_deployments: from the first upstream deployment; null without data.'),
            band: band(z),
            band_meaning: bandMeaning(z),
          }),
          deployment_duration: z
            .object({
              samples: z.number().int(),
              median_seconds: z.number().nullable(),
              p90_seconds: z.number().nullable(),
            })
            .describe('How long successful runs took, first event to success. Not a DORA metric.'),
          bands_source: z.string().describe('Where the band thresholds come from.'),
        }),
    },
    examples: [
      { title: 'DORA metrics of checkout, last 30 days', input: { service: 'checkout' } },
      {
        title: 'DORA metrics of a catalog entity in April 2026',
        input: {
          entityRef: 'component:default/checkout',
          from: '2026-04-01T00:00:00Z',
          to: '2026-05-01T00:00:00Z',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      await requireReadPermission(permissions, credentials);
      if ((input.service === undefined) === (input.entityRef === undefined)) {
        throw new InputError("Give exactly one of 'service' and 'entityRef'");
      }
      // The rules of GET /metrics (RFC 3339 times, from before to, the
      // 30-day default, the longest period). Only the overall numbers are
      // answered, and they do not depend on the buckets: with an explicit
      // start, week buckets allow the longest period.
      const request = parseMetricsQuery(
        {
          ...(input.from !== undefined && { from: input.from, bucket: 'week' }),
          ...(input.to !== undefined && { to: input.to }),
          ...(input.environment !== undefined && { environment: input.environment }),
        },
        productionEnvironments,
        Date.now(),
      );
      const service = input.service ?? (await serviceOfEntity(context, input.entityRef!));
      await readingStore(() => requireKnownService(store, service));
      const metrics = await readingStore(() => computeMetrics(store, { ...request, service }));
      const links = await context.linker.current();
      return {
        output: {
          service,
          entity_ref: links.entityRefFor(service),
          environments: metrics.environments,
          from: metrics.from,
          to: metrics.to,
          period_days: (request.toMs - request.fromMs) / DAY_MS,
          ...overallOutput(metrics.overall),
          bands_source: metrics.thresholds.source,
        },
      };
    },
  });
}
