import { z } from 'zod';
import {
  deploymentEventInputSchema,
  DeploymentEventInput,
  voidRequestSchema,
  VoidRequest,
} from './eventSchema';
import { IncidentEventInput, incidentEventInputSchema } from './incidentSchema';
import { parseRfc3339 } from './timestamp';

/** One offending field of a rejected body. @public */
export interface FieldError {
  field: string;
  message: string;
}

/** The outcome of {@link validateDeploymentEventInput}. @public */
export type ValidationResult =
  | { ok: true; value: DeploymentEventInput }
  | { ok: false; errors: FieldError[] };

function fieldName(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
}

/**
 * When the server received an event, and how far after that its
 * `happened_at` may lie (clocks of CI runners drift): a later `happened_at`
 * is "in the future". Passed in by the caller, never read inside a schema,
 * so one request is judged by one clock reading.
 *
 * @public
 */
export interface ClockCheck {
  /** The server's receive time, epoch milliseconds. */
  receivedAtMs: number;
  /** `deployments.ingest.maxClockSkew` in milliseconds. */
  maxClockSkewMs: number;
}

/** The message of a `happened_at` beyond the allowed clock skew. @public */
export const FUTURE_MESSAGE = 'is in the future';

/** A `happened_at` more than the allowed skew after the receive time, as a field error. */
function futureError(body: Record<string, unknown>, clock?: ClockCheck): FieldError[] {
  if (!clock || typeof body.happened_at !== 'string') return [];
  const happenedAtMs = parseRfc3339(body.happened_at);
  if (happenedAtMs === undefined) return [];
  return happenedAtMs - clock.receivedAtMs > clock.maxClockSkewMs
    ? [{ field: 'happened_at', message: FUTURE_MESSAGE }]
    : [];
}

/**
 * Validates an ingest body and lists every offending field, not just the
 * first. With `clock`, a `happened_at` more than `clock.maxClockSkewMs`
 * after `clock.receivedAtMs` is one of them (`is in the future`).
 *
 * @public
 */
export function validateDeploymentEventInput(
  body: unknown,
  clock?: ClockCheck,
): ValidationResult {
  return validateTimedBody(deploymentEventInputSchema, body, clock);
}

/** The outcome of {@link validateIncidentEventInput}. @public */
export type IncidentValidationResult =
  | { ok: true; value: IncidentEventInput }
  | { ok: false; errors: FieldError[] };

/**
 * Validates the body of `POST /incidents` like a deployment event's: every
 * offending field, and with `clock` a `happened_at` in the future.
 *
 * @public
 */
export function validateIncidentEventInput(
  body: unknown,
  clock?: ClockCheck,
): IncidentValidationResult {
  return validateTimedBody(incidentEventInputSchema, body, clock);
}

/** A JSON object checked against `schema`, its `happened_at` against `clock`. */
function validateTimedBody<T>(
  schema: z.ZodType<T>,
  body: unknown,
  clock?: ClockCheck,
): { ok: true; value: T } | { ok: false; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      errors: [{ field: '(body)', message: 'must be a JSON object' }],
    };
  }
  const result = schema.safeParse(body);
  const future = futureError(body as Record<string, unknown>, clock);
  if (result.success) {
    return future.length ? { ok: false, errors: future } : { ok: true, value: result.data };
  }
  return { ok: false, errors: [...fieldErrors(body, result.error), ...future] };
}

/** The outcome of {@link validateVoidRequest}. @public */
export type VoidRequestValidation =
  | { ok: true; value: VoidRequest }
  | { ok: false; errors: FieldError[] };

/**
 * Validates the body of `POST /{id}/void`: `{"reason": "<1–500 characters>"}`,
 * nothing else; lists every offending field.
 *
 * @public
 */
export function validateVoidRequest(body: unknown): VoidRequestValidation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      errors: [{ field: '(body)', message: 'must be a JSON object {"reason": "..."}' }],
    };
  }
  const result = voidRequestSchema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: fieldErrors(body, result.error) };
}

/** Every issue of a failed parse as a field error; missing fields are "required". */
function fieldErrors(body: object, error: z.ZodError): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          field: fieldName([...issue.path, key]),
          message: 'is not a known field',
        });
      }
    } else if (
      issue.path.length === 1 &&
      (body as Record<string, unknown>)[String(issue.path[0])] === undefined
    ) {
      errors.push({ field: fieldName(issue.path), message: 'is required' });
    } else {
      errors.push({ field: fieldName(issue.path), message: issue.message });
    }
  }
  return errors;
}
