import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  DEPLOYMENT_STATUSES,
  DeploymentEvent,
  orderEnvironments,
} from '@deploydash/plugin-deployments-common';
import { DeploymentsStore, HistoryFilter } from '../database/DeploymentsStore';
import {
  DeploymentsActionsContext,
  eventSummarySchema,
  readingStore,
  requireReadPermission,
  summarizeEvent,
  unknownServiceError,
} from './actionSupport';

const PAGE = 200;
/**
 * How many events one walk of the history reads at most. Far above any real
 * streak of redeploys of one version; it only bounds a pathological log.
 */
const MAX_WALK = 5_000;

/** Successful events matching `filter`, newest first, for as long as `keepGoing` says. */
async function walkSuccesses(
  store: DeploymentsStore,
  filter: HistoryFilter,
  keepGoing: (event: DeploymentEvent) => boolean,
): Promise<void> {
  let after: { happenedAtMs: number; seq: number } | undefined;
  for (let read = 0; read < MAX_WALK; read += PAGE) {
    const page = await store.listHistory({ ...filter, status: 'success' }, PAGE, after);
    for (const event of page) if (!keepGoing(event)) return;
    if (page.length < PAGE) return;
    const last = page[page.length - 1];
    after = { happenedAtMs: Date.parse(last.happened_at), seq: Number(last.id) };
  }
}

/**
 * When `version` started running in the slot: the first success of the
 * uninterrupted run of successes of that version that ends with the slot's
 * last success (a redeploy of the same version does not restart the clock).
 */
async function runningSince(
  store: DeploymentsStore,
  service: string,
  environment: string,
  version: string,
  lastSuccessAt: string,
): Promise<string> {
  // The slot's last success is in the history (retention keeps it), so this
  // fallback only serves an event that was deleted between the two reads.
  let since = lastSuccessAt;
  await walkSuccesses(store, { service, environment }, event => {
    if (event.version !== version) return false;
    since = event.happened_at;
    return true;
  });
  return since;
}

/**
 * `deployments:find-version` — where a version of a service runs, since
 * when, and where it ran before; from the slot projection (`GET /matrix`)
 * and the history (`GET /`).
 */
export function registerFindVersionAction(
  actionsRegistry: ActionsRegistryService,
  context: DeploymentsActionsContext,
) {
  const { store, permissions, environmentOrder } = context;
  actionsRegistry.register({
    name: 'find-version',
    title: 'Find where a version runs',
    description: [
      'Answers "where does version X of a service run, and since when?" and "has it reached prod yet?",',
      'e.g. "is checkout 1.4.2 in production?" → {"service": "checkout", "version": "1.4.2"}.',
      'running_in lists the environments where that version is what runs now (their last successful',
      'deployment), with since: when it started running there (the first success of that version after a',
      'success of another version; redeploys of the same version do not reset it).',
      'previously_in lists environments where it was deployed successfully before but something else runs',
      'now. Both empty means that version was never deployed successfully. The version must match exactly',
      '(as the pipeline reported it, e.g. "1.4.2" or "v1.4.2"); an unknown service is an error.',
      'Times are RFC 3339 UTC. Test deployments are not counted.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          service: z.string().min(1).describe('The service name, e.g. "checkout".'),
          version: z.string().min(1).describe('The exact version, e.g. "1.4.2".'),
        }),
      output: z =>
        z.object({
          service: z.string(),
          version: z.string(),
          running_in: z
            .array(
              z.object({
                environment: z.string(),
                since: z.string().describe('When this version started running here, RFC 3339 UTC.'),
                last_successful: eventSummarySchema(z).describe(
                  'The latest successful deployment of this version here (later than `since` after a redeploy).',
                ),
                pending: z
                  .object({
                    status: z.enum(DEPLOYMENT_STATUSES),
                    version: z.string().nullable(),
                    happened_at: z.string(),
                  })
                  .nullable()
                  .describe(
                    'A later deployment that did not (yet) replace it — failed, cancelled or still in progress — or null.',
                  ),
              }),
            )
            .describe('Environments where this version runs now, in the configured environment order.'),
          previously_in: z
            .array(
              z.object({
                environment: z.string(),
                last_deployed_at: z
                  .string()
                  .describe('The latest successful deployment of this version here, RFC 3339 UTC.'),
                now_running_version: z
                  .string()
                  .nullable()
                  .describe('What runs there now instead.'),
              }),
            )
            .describe('Environments where this version ran before but no longer runs.'),
        }),
    },
    examples: [
      {
        title: 'Where does checkout 1.4.2 run?',
        input: { service: 'checkout', version: '1.4.2' },
      },
    ],
    action: async ({ input, credentials }) => {
      await requireReadPermission(permissions, credentials);
      const { service, version } = input;
      return readingStore(async () => {
        const slots = await store.listSlots({ service });
        if (slots.length === 0) throw await unknownServiceError(store, service);

        const running = slots.filter(s => s.lastSuccessful?.version === version);
        const runningIn = await Promise.all(
          running.map(async ({ current, lastSuccessful }) => ({
            environment: current.environment,
            since: await runningSince(store, service, current.environment, version, lastSuccessful!.happened_at),
            last_successful: summarizeEvent(lastSuccessful!),
            pending:
              current.id === lastSuccessful!.id
                ? null
                : { status: current.status, version: current.version, happened_at: current.happened_at },
          })),
        );

        // Every success of the version: the search narrows, the filter is exact.
        const runningEnvironments = new Set(running.map(s => s.current.environment));
        const lastDeployedAt = new Map<string, string>();
        await walkSuccesses(store, { service, q: version }, event => {
          if (
            event.version === version &&
            !runningEnvironments.has(event.environment) &&
            !lastDeployedAt.has(event.environment)
          ) {
            lastDeployedAt.set(event.environment, event.happened_at);
          }
          return true;
        });
        const nowRunning = new Map(
          slots.map(s => [s.current.environment, s.lastSuccessful?.version ?? null]),
        );

        const order = (environments: string[]) => orderEnvironments(environments, environmentOrder);
        const byEnvironment = new Map(runningIn.map(r => [r.environment, r]));
        return {
          output: {
            service,
            version,
            running_in: order([...byEnvironment.keys()]).map(env => byEnvironment.get(env)!),
            previously_in: order([...lastDeployedAt.keys()]).map(environment => ({
              environment,
              last_deployed_at: lastDeployedAt.get(environment)!,
              now_running_version: nowRunning.get(environment) ?? null,
            })),
          },
        };
      });
    },
  });
}
