import type { z as zod } from 'zod/v3';
import { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEPLOYMENT_STATUSES,
  DeploymentEvent,
  deploymentsEventReadPermission,
} from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { CatalogServiceLinker } from '../catalog/CatalogServiceLinker';
import { isDatabaseUnavailable } from '../service/databaseErrors';

/** The zod (v3 API) the actions registry hands to schema builders. */
export type Zod = typeof zod;

/** What every action reads with: the plugin's store, links and settings. */
export interface DeploymentsActionsContext {
  store: DeploymentsStore;
  linker: CatalogServiceLinker;
  permissions: PermissionsService;
  /** `deployments.environments.order`: the order environments are listed in. */
  environmentOrder: string[];
  /** `deployments.environments.production`: what DORA metrics count. */
  productionEnvironments: string[];
}

/**
 * The plugin's read permission, for the principal invoking the action — the
 * same check as every read route, made before anything is read.
 */
export async function requireReadPermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission: deploymentsEventReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`Not allowed: ${deploymentsEventReadPermission.name}`);
  }
}

/**
 * Runs an action's reads; a database that cannot be reached is a 503
 * (ServiceUnavailableError), as on the plugin's routes, not a 500.
 */
export async function readingStore<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      throw new ServiceUnavailableError('The database is unavailable; retry shortly');
    }
    throw error;
  }
}

/** The fields of a stored event an assistant needs to answer with, in an action's output. */
export function eventSummarySchema(z: Zod) {
  return z
    .object({
      id: z.string().describe('The stored event id (also its position in the live stream).'),
      deployment_id: z
        .string()
        .describe('The CI run this event belongs to; several events (queued, in-progress, success) share it.'),
      status: z.enum(DEPLOYMENT_STATUSES).describe('queued, waiting, in-progress, success, failure or cancelled.'),
      version: z.string().nullable().describe('The deployed version as the pipeline reported it, or null.'),
      happened_at: z.string().describe('When it happened, RFC 3339 UTC, e.g. 2026-05-04T09:12:00.000Z.'),
      actor: z.string().nullable().describe('Who or what triggered it, or null.'),
      ref: z.string().nullable().describe('The git ref deployed, e.g. refs/heads/main, or null.'),
      sha: z.string().nullable().describe('The commit deployed, or null.'),
      run_url: z.string().nullable().describe('Link to the CI run, or null.'),
      title: z.string().nullable().describe('A short title of the change, or null.'),
    })
    .describe('One deployment event.');
}

/** Cuts a stored event down to {@link eventSummarySchema}. */
export function summarizeEvent(event: DeploymentEvent) {
  return {
    id: event.id,
    deployment_id: event.deployment_id,
    status: event.status,
    version: event.version,
    happened_at: event.happened_at,
    actor: event.actor,
    ref: event.ref,
    sha: event.sha,
    run_url: event.run_url,
    title: event.title,
  };
}

const MAX_SUGGESTIONS = 5;

/**
 * A 404 for a service with no recorded deployments that helps the assistant
 * recover: the known services that look alike (case-insensitive substring
 * either way), or every service when there are only a few.
 */
export async function unknownServiceError(
  store: DeploymentsStore,
  service: string,
): Promise<NotFoundError> {
  const services = await store.listServices();
  const wanted = service.toLowerCase();
  const alike = services.filter(s => {
    const name = s.toLowerCase();
    return name.includes(wanted) || wanted.includes(name);
  });
  let hint = '';
  if (alike.length > 0) {
    hint = ` Did you mean ${alike.slice(0, MAX_SUGGESTIONS).map(s => `'${s}'`).join(', ')}?`;
  } else if (services.length > 0 && services.length <= 20) {
    hint = ` Known services: ${services.join(', ')}.`;
  }
  return new NotFoundError(
    `No deployments of service '${service}' are recorded.${hint} Service names are exact and case-sensitive.`,
  );
}
