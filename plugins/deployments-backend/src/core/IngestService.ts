import { Request } from 'express';
import {
  AuditorService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, toError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DeploymentEvent,
  DeploymentEventInput,
  deploymentsEventCreatePermission,
  validateDeploymentEventInput,
} from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { TooManyRequestsError, ValidationFailedError } from './errors';
import { describeSender, IngestSender, outOfScope } from './senders';
import { checkIdempotencyKey, IdempotencyKeys } from './idempotency';

/** Tells open streams that an event was committed. */
export interface EventAnnouncer {
  announce(seq: string): void;
}

/** A per-sender token bucket shared by every replica; resolves to seconds to wait, 0 when allowed. */
export interface SenderRateLimiter {
  take(senderName: string): Promise<number>;
}

/** One ingest, from whichever entrance. */
export interface IngestRequest {
  /** Who sends it; a function when finding out may itself be refused (401). */
  sender: IngestSender | (() => Promise<IngestSender>);
  /** The body as sent; a function when reading it may itself fail (413, 415, 400). */
  body: unknown | (() => Promise<unknown>);
  /** The HTTP request, recorded by the auditor. */
  request?: Request;
  /** A provider's id of the event: a second import of the same id stores nothing. */
  externalId?: string;
  /**
   * The `Idempotency-Key` header as sent; checked here, after the sender is
   * known, so that a missing credential is still 401 whatever the header.
   */
  idempotencyKey?: string;
}

/** What an ingest did. */
export interface IngestResult {
  /** The stored event; undefined only for a provider's event already imported. */
  event: DeploymentEvent | undefined;
  /** True when answered again from an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** What an audit event records of a stored event. */
const describeEvent = (event: DeploymentEvent) => ({
  id: event.id,
  service: event.service,
  environment: event.environment,
  status: event.status,
});

const resolve = <T>(value: T | (() => Promise<T>)): Promise<T> =>
  typeof value === 'function' ? (value as () => Promise<T>)() : Promise.resolve(value);

/**
 * The one ingest path behind every entrance (`POST /`, pull-mode providers):
 * validate → scope → limit → claim the Idempotency-Key → append → audit →
 * announce. Refused requests never claim a key. The audit event is
 * opened before any work and closed with the outcome, so refused ingests
 * (400, 401, 403, 409, 413, 415, 422, 429, 503) are audited too — by key name, never
 * the key.
 */
export class IngestService {
  constructor(
    private readonly options: {
      store: DeploymentsStore;
      announcer: EventAnnouncer;
      auditor: AuditorService;
      logger: LoggerService;
      permissions: PermissionsService;
      rateLimiter?: SenderRateLimiter;
      /** Without it an Idempotency-Key is checked but not remembered (tests). */
      idempotencyKeys?: IdempotencyKeys;
    },
  ) {}

  /**
   * Stores one event and announces it, or answers again the event stored for
   * the same Idempotency-Key and body (`replayed`: nothing stored or announced).
   */
  async ingest(ingest: IngestRequest): Promise<IngestResult> {
    const audit = await this.options.auditor.createEvent({
      eventId: 'deployment-ingest',
      request: ingest.request,
      meta: ingest.externalId ? { externalId: ingest.externalId } : {},
    });
    let from = 'unauthenticated';
    try {
      const sender = await resolve(ingest.sender);
      from = describeSender(sender);
      const key = checkIdempotencyKey(ingest.idempotencyKey);
      const body = await resolve(ingest.body);
      const input = this.validate(body);
      await this.checkScope(sender, input);
      await this.checkRateLimit(sender);
      // The parsed body is hashed, not its text: whitespace and key order do not matter.
      const claim =
        key === undefined ? undefined : await this.options.idempotencyKeys?.claim(from, key, body);
      if (claim?.replay) {
        await audit.success({ meta: { sender: from, ...describeEvent(claim.replay), replayed: true } });
        return { event: claim.replay, replayed: true };
      }
      let event: DeploymentEvent | undefined;
      try {
        event = await this.append(sender, input, ingest.externalId);
      } catch (error) {
        // Nothing was stored: a retry with the key must be processed anew.
        await claim?.release();
        throw error;
      }
      await (event ? claim?.complete(event) : claim?.release());
      const meta = { sender: from, ...(event ? describeEvent(event) : { duplicate: true }) };
      await audit.success({ meta });
      if (event) {
        this.options.logger.info(
          `Deployment event ${event.id} from ${from}: ${event.service}/${event.environment} ${event.status}`,
        );
        this.options.announcer.announce(event.id);
      }
      return { event, replayed: false };
    } catch (error) {
      await audit.fail({ error: toError(error), meta: { sender: from } });
      throw error;
    }
  }

  private validate(body: unknown): DeploymentEventInput {
    const result = validateDeploymentEventInput(body);
    if (!result.ok) throw new ValidationFailedError(result.errors);
    return result.value;
  }

  /** Keys post only within their scope; services need the create permission. */
  private async checkScope(sender: IngestSender, input: DeploymentEventInput) {
    if (sender.kind === 'key') {
      const refusal = outOfScope(sender.scope, input);
      if (refusal) throw new NotAllowedError(refusal);
    } else if (sender.kind === 'service') {
      const [decision] = await this.options.permissions.authorize(
        [{ permission: deploymentsEventCreatePermission }],
        { credentials: sender.credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`Not allowed: ${deploymentsEventCreatePermission.name}`);
      }
    }
  }

  /** Only API keys are rate-limited: services and providers are trusted code. */
  private async checkRateLimit(sender: IngestSender) {
    if (sender.kind !== 'key' || !this.options.rateLimiter) return;
    const waitSeconds = await this.options.rateLimiter.take(sender.name);
    if (waitSeconds > 0) {
      throw new TooManyRequestsError(`Key '${sender.name}' is over its rate limit`, waitSeconds);
    }
  }

  private append(sender: IngestSender, input: DeploymentEventInput, externalId?: string) {
    const receivedAtMs = Date.now();
    if (sender.kind === 'provider' && externalId !== undefined) {
      return this.options.store.appendImported(input, receivedAtMs, {
        source: sender.name,
        externalId,
      });
    }
    return this.options.store.append(input, receivedAtMs);
  }
}
