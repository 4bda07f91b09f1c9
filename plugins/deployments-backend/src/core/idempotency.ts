import { createHash } from 'crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { IdempotencyStore } from '../database/IdempotencyStore';
import { ValidationFailedError } from './errors';

/**
 * Printable ASCII, space included (0x20-0x7E), as the contract says. HTTP
 * strips whitespace around a header value, so a key never starts or ends
 * with a space in practice.
 */
const KEY_CHARS = /^[\x20-\x7e]*$/;
const MAX_KEY_LENGTH = 255;

/** The `Idempotency-Key` header as sent, checked: undefined when absent, else 400 unless 1-255 printable ASCII. */
export function checkIdempotencyKey(
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  const problem =
    value.length === 0 || value.length > MAX_KEY_LENGTH
      ? `is ${value.length} characters long`
      : !KEY_CHARS.test(value) &&
        'contains a character outside printable ASCII';
  if (problem) {
    throw new InputError(
      `The Idempotency-Key header must be 1-${MAX_KEY_LENGTH} printable ASCII characters (0x20-0x7E); it ${problem}`,
    );
  }
  return value;
}

/**
 * JSON with object keys sorted at every depth: two bodies that differ only in
 * whitespace or key order are the same body. Array order counts.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const members = Object.keys(object)
      .sort()
      .map(name => `${JSON.stringify(name)}:${canonicalJson(object[name])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 hex of the body's canonical JSON: what "the same body" means for a key. */
export const bodyHash = (body: unknown) =>
  createHash('sha256').update(canonicalJson(body)).digest('hex');

/**
 * A key claimed for one request, or the earlier answer to replay. The answer
 * is the 201 body: the stored event (POST /) or the batch's ids (POST /batch).
 */
export interface ClaimedKey<A = DeploymentEvent> {
  /** The answer given before with this key and body; nothing else to do. */
  replay?: A;
  /** The request stored its events: remember its answer for retries. */
  complete(answer: A): Promise<void>;
  /** The request stored nothing: forget the key. */
  release(): Promise<void>;
}

/** The status remembered for a key: ingest always answers 201. */
const CREATED = 201;

/**
 * The ingest's side of `Idempotency-Key`: claim before appending, then
 * complete (remember the answer) or release (forget the key). Keys are scoped
 * by the sender's description (key:<name>, service:<subject>), never the API key.
 */
export class IdempotencyKeys {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Claims the key for this request. Throws 422 when the key came with
   * another body, 409 while its first request is still in flight; resolves
   * to the answer to give again once that request is done, else to the
   * claim, which the caller must complete or release.
   */
  async claim<A = DeploymentEvent>(sender: string, key: string, body: unknown): Promise<ClaimedKey<A>> {
    const hash = bodyHash(body);
    const existing = await this.store.claim(sender, key, hash, this.now());
    if (existing === 'claimed') {
      return {
        complete: answer => this.complete(sender, key, answer),
        release: () => this.release(sender, key),
      };
    }
    if (existing.bodyHash !== hash) {
      throw new ValidationFailedError([
        {
          field: '(Idempotency-Key)',
          message: 'was used before with a different body',
        },
      ]);
    }
    if (existing.state === 'in-flight' || existing.responseBody === null) {
      throw new ConflictError(
        'A request with this Idempotency-Key is still being processed; retry shortly for its answer',
      );
    }
    const replay = JSON.parse(existing.responseBody) as A;
    return { replay, complete: async () => {}, release: async () => {} };
  }

  /**
   * Remembers the answer. Not fatal when it fails: the event is stored, and
   * the key stays in flight (409 for retries, never a second row) until it
   * expires.
   */
  private async complete(sender: string, key: string, answer: unknown) {
    try {
      await this.store.complete(sender, key, CREATED, JSON.stringify(answer));
    } catch (error) {
      this.logger.warn(
        `Could not remember the answer to an Idempotency-Key of ${sender}`,
        error as Error,
      );
    }
  }

  /**
   * Forgets a key whose request failed after claiming (nothing was stored),
   * so that a retry is processed anew instead of answering 409 until expiry.
   */
  private async release(sender: string, key: string) {
    try {
      await this.store.release(sender, key);
    } catch (error) {
      this.logger.warn(
        `Could not release an Idempotency-Key of ${sender}`,
        error as Error,
      );
    }
  }
}
