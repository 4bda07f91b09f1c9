import { Request } from 'express';
import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  NotAllowedError,
  NotFoundError,
  toError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DeploymentEvent,
  deploymentsEventVoidPermission,
  validateVoidRequest,
} from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { InvalidBodyError } from './errors';

/** Tells open streams, here and on the other replicas, that an event was voided. */
export interface VoidAnnouncer {
  announceVoid(): void;
}

/** One void, as the route hands it over. */
export interface VoidRequestInput {
  /** The event's id as sent in the path. */
  id: string;
  credentials: BackstageCredentials;
  /** The body as sent; a function when reading it may itself fail (413, 415, 400). */
  body: () => Promise<unknown>;
  /** The HTTP request, recorded by the auditor. */
  request?: Request;
}

/** Who voided: a user's entity ref, or the subject of a service principal. */
function voidedBy(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  return principal.subject ?? principal.type;
}

/**
 * Voiding an event (`POST /{id}/void`): permission → body → record the void
 * (the events table is never updated; a second void is a 409, decided by a
 * unique constraint) → audit → announce. The audit event is opened first
 * and closed with the outcome, so refusals (400, 403, 404, 409, 413, 415,
 * 503) are audited too.
 */
export class VoidService {
  constructor(
    private readonly options: {
      store: DeploymentsStore;
      announcer: VoidAnnouncer;
      auditor: AuditorService;
      logger: LoggerService;
      permissions: PermissionsService;
    },
  ) {}

  async voidEvent(input: VoidRequestInput): Promise<DeploymentEvent> {
    const { store, auditor, permissions, logger } = this.options;
    const by = voidedBy(input.credentials);
    const audit = await auditor.createEvent({
      eventId: 'deployment-void',
      severityLevel: 'medium',
      request: input.request,
      meta: { id: input.id, by },
    });
    try {
      const [decision] = await permissions.authorize(
        [{ permission: deploymentsEventVoidPermission }],
        { credentials: input.credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed: ${deploymentsEventVoidPermission.name}`,
        );
      }
      const validation = validateVoidRequest(await input.body());
      if (!validation.ok) throw new InvalidBodyError(validation.errors);
      const { reason } = validation.value;
      const seq = /^[1-9]\d{0,15}$/.test(input.id)
        ? Number(input.id)
        : undefined;
      const outcome =
        seq === undefined
          ? ({ outcome: 'not-found' } as const)
          : await store.voidEvent({ seq, atMs: Date.now(), by, reason });
      if (outcome.outcome === 'not-found') {
        throw new NotFoundError(`No deployment event with id '${input.id}'`);
      }
      if (outcome.outcome === 'already-voided') {
        throw new ConflictError(
          `Deployment event ${input.id} is already voided`,
        );
      }
      const { event } = outcome;
      await audit.success({
        meta: {
          service: event.service,
          environment: event.environment,
          status: event.status,
          reason,
        },
      });
      logger.info(
        `Deployment event ${event.id} voided by ${by}: ${event.service}/${event.environment} ${event.status}`,
      );
      this.options.announcer.announceVoid();
      return event;
    } catch (error) {
      await audit.fail({ error: toError(error) });
      throw error;
    }
  }
}
