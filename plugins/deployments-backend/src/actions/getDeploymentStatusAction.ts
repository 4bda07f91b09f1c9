import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotFoundError } from '@backstage/errors';
import { DEPLOYMENT_STATUSES, orderEnvironments } from '@deploydash/plugin-deployments-common';
import {
  DeploymentsActionsContext,
  eventSummarySchema,
  readingStore,
  requireReadPermission,
  summarizeEvent,
  unknownServiceError,
} from './actionSupport';

/**
 * `deployments:get-deployment-status` — what runs in one slot (service ×
 * environment) of the matrix, read from the same slot projection as
 * `GET /matrix`.
 */
export function registerGetDeploymentStatusAction(
  actionsRegistry: ActionsRegistryService,
  context: DeploymentsActionsContext,
) {
  const { store, linker, permissions, environmentOrder } = context;
  actionsRegistry.register({
    name: 'get-deployment-status',
    title: 'Get deployment status',
    description: [
      'Answers "what version of a service runs in an environment right now, and what is happening there?"',
      'for one service and one environment, e.g. "what version of checkout runs in prod?" →',
      '{"service": "checkout", "environment": "prod"}.',
      'running_version is the version of the last successful deployment: what runs now, even when a later',
      'deployment failed or is still in progress. current is the latest event of the slot of any status',
      '(e.g. a deployment of a newer version in progress or failed); last_successful is the event that',
      'deployed what runs. Times are RFC 3339 UTC. Service and environment names are exact and',
      'case-sensitive; an unknown service or environment is an error naming the known ones.',
      'Use find-version to ask where a version runs, get-dora-metrics for delivery performance.',
    ].join(' '),
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          service: z.string().min(1).describe('The service name as its pipelines report it, e.g. "checkout".'),
          environment: z.string().min(1).describe('The environment name, e.g. "prod", "staging" or "dev".'),
        }),
      output: z =>
        z.object({
          service: z.string(),
          environment: z.string(),
          entity_ref: z
            .string()
            .nullable()
            .describe('The catalog entity of the service, e.g. component:default/checkout, or null.'),
          running_version: z
            .string()
            .nullable()
            .describe('The version of the last successful deployment (what runs now); null when none succeeded or it had no version.'),
          current_status: z
            .enum(DEPLOYMENT_STATUSES)
            .describe('The status of the latest event: success means the latest deployment is what runs.'),
          current: eventSummarySchema(z).describe('The latest event of the slot, of any status.'),
          last_successful: eventSummarySchema(z)
            .nullable()
            .describe('The last successful deployment (what runs), or null when none ever succeeded.'),
        }),
    },
    examples: [
      {
        title: 'What version of checkout runs in prod?',
        input: { service: 'checkout', environment: 'prod' },
      },
    ],
    action: async ({ input, credentials }) => {
      await requireReadPermission(permissions, credentials);
      const { service, environment } = input;
      const slots = await readingStore(() => store.listSlots({ service }));
      if (slots.length === 0) throw await readingStore(() => unknownServiceError(store, service));
      const slot = slots.find(s => s.current.environment === environment);
      if (!slot) {
        const known = orderEnvironments(
          slots.map(s => s.current.environment),
          environmentOrder,
        );
        throw new NotFoundError(
          `Service '${service}' has no deployments in environment '${environment}'. It has deployments in: ${known.join(', ')}.`,
        );
      }
      const links = await linker.current();
      return {
        output: {
          service,
          environment,
          entity_ref: links.entityRefFor(service),
          running_version: slot.lastSuccessful?.version ?? null,
          current_status: slot.current.status,
          current: summarizeEvent(slot.current),
          last_successful: slot.lastSuccessful ? summarizeEvent(slot.lastSuccessful) : null,
        },
      };
    },
  });
}
