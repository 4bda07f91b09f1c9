import { Request } from 'express';
import {
  AuditorService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, toError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ClockCheck,
  DeploymentEvent,
  DeploymentEventInput,
  deploymentsEventCreatePermission,
  FieldError,
  IncidentEventInput,
  IncidentEvent,
  validateDeploymentEventInput,
  validateIncidentEventInput,
} from '@deploydash/plugin-deployments-common';
import { IncidentAppendResult } from '../database/incidents';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { TooManyRequestsError, ValidationFailedError } from './errors';
import { describeSender, IngestSender, outOfScope } from './senders';
import { checkIdempotencyKey, IdempotencyKeys } from './idempotency';
import { BatchAnswer, EventCheck, validateBatch } from './batchInput';

/** Tells open streams that an event was committed. */
export interface EventAnnouncer {
  announce(seq: string): void;
  /** An incident event was committed (its `event: incident` frame). */
  announceIncident?(): void;
}

/**
 * Hears of the events an ingest stored, after they were announced (e.g.
 * notifications). Called synchronously on the request's path: it must return
 * at once, leaving its work to the background; a throw is logged, never
 * answered.
 */
export interface StoredEventsListener {
  eventsStored(events: DeploymentEvent[]): void;
}

/**
 * A per-sender token bucket shared by every replica, one token per event;
 * resolves to seconds to wait, 0 when allowed.
 */
export interface SenderRateLimiter {
  take(senderName: string, tokens?: number): Promise<number>;
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

/** What a batch ingest did. */
export interface IngestBatchResult {
  /** The 201 body: how many events were stored and their ids, in input order. */
  answer: BatchAnswer;
  /** True when answered again from an earlier request with the same Idempotency-Key. */
  replayed: boolean;
}

/** What an incident ingest did. */
export interface IncidentIngestResult {
  /** The stored record: new (`created`), or the one a repeat matched. */
  record: IncidentEvent;
  created: boolean;
  /** True when answered again from an earlier request with the same Idempotency-Key. */
  replayed: boolean;
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

/** How far after its receive time a `happened_at` may lie, unless configured. */
const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The rules one event must meet, whether it comes alone or in a batch. */
const checkEvent: EventCheck = validateDeploymentEventInput;

/**
 * How one kind of ingest (one event, a batch, an incident event) differs
 * along the one path: `I` is a validated input, `E` what appending one
 * gives back, `A` the answer.
 */
interface IngestKind<I extends { service: string; environment: string }, E, A> {
  auditEventId: string;
  /** What a key's scope refusal calls the posts (`deployments`, `incidents`). */
  what: string;
  /** The body's events, or a 422 naming every offending field (a future `happened_at` too). */
  validate(body: unknown, clock: ClockCheck): I[];
  /** How a 403 names the refused event. */
  name(index: number): string;
  append(
    sender: IngestSender,
    inputs: I[],
    receivedAtMs: number,
    externalId?: string,
  ): Promise<Array<E | undefined>>;
  /** The 201 body; undefined when nothing was stored (an event imported before). */
  answer(events: Array<E | undefined>): A | undefined;
  /** What the audit event records of the answer. */
  describe(answer: A | undefined): Record<string, unknown>;
  logLine(answer: A, from: string): string;
  /** After the audit: tell open streams (and listeners) of what was stored. */
  announce(stored: E[]): void;
}

/** Throws the 422 of a failed validation, else answers the one valid input. */
function validOne<T>(result: { ok: true; value: T } | { ok: false; errors: FieldError[] }): T[] {
  if (!result.ok) throw new ValidationFailedError(result.errors);
  return [result.value];
}

/**
 * The one ingest path behind every entrance (`POST /`, `POST /batch`,
 * pull-mode providers): validate → scope → limit → claim the
 * Idempotency-Key → append → audit → announce → tell the listeners
 * (notifications), which work in the background. Refused requests never claim
 * a key. The audit event is opened before any work and closed with the
 * outcome, so refused ingests (400, 401, 403, 409, 413, 415, 422, 429, 503)
 * are audited too — by key name, never the key. A batch is one audit event.
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
      /** `deployments.ingest.maxClockSkew`; 5 minutes when absent. */
      maxClockSkewMs?: number;
      /** Told of every stored event, from every entrance. */
      listeners?: StoredEventsListener[];
    },
  ) {}

  /** Stored deployment events: the stream reads up to the last (the greatest seq), listeners hear of all. */
  private readonly announceEvents = (events: DeploymentEvent[]) => {
    this.options.announcer.announce(events[events.length - 1].id);
    this.tellListeners(events);
  };

  private readonly single: IngestKind<DeploymentEventInput, DeploymentEvent, DeploymentEvent> = {
    auditEventId: 'deployment-ingest',
    what: 'deployments',
    validate: (body, clock) => validOne(checkEvent(body, clock)),
    name: () => '',
    append: async (sender, [input], receivedAtMs, externalId) => {
      if (sender.kind === 'provider' && externalId !== undefined) {
        const origin = { source: sender.name, externalId };
        return [await this.options.store.appendImported(input, receivedAtMs, origin)];
      }
      return [await this.options.store.append(input, receivedAtMs)];
    },
    answer: ([event]) => event,
    describe: event => (event ? describeEvent(event) : { duplicate: true }),
    logLine: (event, from) =>
      `Deployment event ${event.id} from ${from}: ${event.service}/${event.environment} ${event.status}`,
    announce: this.announceEvents,
  };

  private readonly batch: IngestKind<DeploymentEventInput, DeploymentEvent, BatchAnswer> = {
    auditEventId: 'deployment-ingest-batch',
    what: 'deployments',
    validate: (body, clock) => validateBatch(body, event => checkEvent(event, clock)),
    name: index => `events[${index}]: `,
    append: (_sender, inputs, receivedAtMs) =>
      this.options.store.appendMany(inputs.map(input => ({ input, receivedAtMs }))),
    answer: events => ({ count: events.length, ids: events.map(event => event!.id) }),
    describe: answer => ({ count: answer?.count, first_id: answer?.ids[0], last_id: answer?.ids.at(-1) }),
    logLine: ({ count, ids }, from) =>
      `${count} deployment events from ${from}: ${ids[0]} to ${ids[count - 1]}`,
    announce: this.announceEvents,
  };

  private readonly incident: IngestKind<
    IncidentEventInput,
    IncidentAppendResult,
    IncidentAppendResult
  > = {
    auditEventId: 'incident-ingest',
    what: 'incidents',
    validate: (body, clock) => validOne(validateIncidentEventInput(body, clock)),
    name: () => '',
    append: async (_sender, [input], receivedAtMs) => [
      await this.options.store.appendIncident(input, receivedAtMs),
    ],
    answer: ([result]) => result,
    describe: result => ({
      id: result?.record.id,
      incident_id: result?.record.incident_id,
      service: result?.record.service,
      environment: result?.record.environment,
      status: result?.record.status,
      ...(result?.created === false ? { repeat: true } : {}),
    }),
    logLine: ({ record, created }, from) =>
      `Incident event ${record.id} from ${from}${created ? '' : ' (a repeat, not stored again)'}: ${
        record.service
      }/${record.environment} ${record.incident_id} ${record.status}`,
    announce: ([result]) => {
      if (result.created) this.options.announcer.announceIncident?.();
    },
  };

  /**
   * Stores one event and announces it, or answers again the event stored for
   * the same Idempotency-Key and body (`replayed`: nothing stored or announced).
   */
  async ingest(ingest: IngestRequest): Promise<IngestResult> {
    const { answer, replayed } = await this.process(ingest, this.single);
    return { event: answer, replayed };
  }

  /**
   * Stores a batch in input order, all or nothing, and announces it; or
   * answers again the batch stored for the same Idempotency-Key and body.
   */
  async ingestBatch(ingest: Omit<IngestRequest, 'externalId'>): Promise<IngestBatchResult> {
    const { answer, replayed } = await this.process(ingest, this.batch);
    return { answer: answer!, replayed };
  }

  /**
   * Stores one incident event and announces it; a repeat (same service,
   * incident_id, status, happened_at and fields) stores nothing and answers
   * the stored record (`created: false`); with other fields it is a 409.
   */
  async ingestIncident(ingest: Omit<IngestRequest, 'externalId'>): Promise<IncidentIngestResult> {
    const { answer, replayed } = await this.process(ingest, this.incident);
    return { ...answer!, replayed };
  }

  private async process<I extends { service: string; environment: string }, E, A>(
    ingest: IngestRequest,
    kind: IngestKind<I, E, A>,
  ) {
    const audit = await this.options.auditor.createEvent({
      eventId: kind.auditEventId,
      request: ingest.request,
      meta: ingest.externalId ? { externalId: ingest.externalId } : {},
    });
    let from = 'unauthenticated';
    try {
      const sender = await resolve(ingest.sender);
      from = describeSender(sender);
      const key = checkIdempotencyKey(ingest.idempotencyKey);
      const body = await resolve(ingest.body);
      // The receive time: what a future happened_at is judged by, and the stored received_at.
      const receivedAtMs = Date.now();
      const inputs = kind.validate(body, {
        receivedAtMs,
        maxClockSkewMs: this.options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS,
      });
      await this.checkScope(sender, inputs, kind);
      await this.checkRateLimit(sender, inputs.length);
      // The parsed body is hashed, not its text: whitespace and key order do not matter.
      const claim =
        key === undefined ? undefined : await this.options.idempotencyKeys?.claim<A>(from, key, body);
      if (claim?.replay) {
        await audit.success({ meta: { sender: from, ...kind.describe(claim.replay), replayed: true } });
        return { answer: claim.replay, replayed: true };
      }
      let events: Array<E | undefined>;
      try {
        events = await kind.append(sender, inputs, receivedAtMs, ingest.externalId);
      } catch (error) {
        // Nothing was stored: a retry with the key must be processed anew.
        await claim?.release();
        throw error;
      }
      const answer = kind.answer(events);
      await (answer ? claim?.complete(answer) : claim?.release());
      await audit.success({ meta: { sender: from, ...kind.describe(answer) } });
      // Stored in input order (for a batch: the last is the greatest seq).
      const stored = events.filter(event => event !== undefined);
      if (answer && stored.length > 0) {
        this.options.logger.info(kind.logLine(answer, from));
        kind.announce(stored);
      }
      return { answer, replayed: false };
    } catch (error) {
      await audit.fail({ error: toError(error), meta: { sender: from } });
      throw error;
    }
  }

  private tellListeners(events: DeploymentEvent[]) {
    for (const listener of this.options.listeners ?? []) {
      try {
        listener.eventsStored(events);
      } catch (error) {
        this.options.logger.error('A listener of stored deployment events failed', toError(error));
      }
    }
  }

  /** Keys post only within their scope; services need the create permission. */
  private async checkScope(
    sender: IngestSender,
    inputs: Array<{ service: string; environment: string }>,
    kind: { name(index: number): string; what: string },
  ) {
    if (sender.kind === 'key') {
      for (const [index, input] of inputs.entries()) {
        const refusal = outOfScope(sender.scope, input, kind.what);
        if (refusal) throw new NotAllowedError(`${kind.name(index)}${refusal}`);
      }
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

  /** Only API keys are rate-limited, one token per event: services and providers are trusted code. */
  private async checkRateLimit(sender: IngestSender, events: number) {
    if (sender.kind !== 'key' || !this.options.rateLimiter) return;
    const waitSeconds = await this.options.rateLimiter.take(sender.name, events);
    if (waitSeconds > 0) {
      const batch = events > 1 ? ` for a batch of ${events} events` : '';
      throw new TooManyRequestsError(`Key '${sender.name}' is over its rate limit${batch}`, waitSeconds);
    }
  }
}
