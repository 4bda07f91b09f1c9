import {
  DeploymentEventInput,
  FieldError,
  validateDeploymentEventInput,
} from '@deploydash/plugin-deployments-common';
import { ValidationFailedError } from './errors';

/** The most events one `POST /batch` may carry. */
export const MAX_BATCH_EVENTS = 1000;

/** The 201 body of `POST /batch`: the stored events' ids, in input order. */
export interface BatchAnswer {
  count: number;
  ids: string[];
}

/** Checks one event, as the single ingest does. */
export type EventCheck = typeof validateDeploymentEventInput;

/**
 * A batch body `{"events": [...]}`, checked all or nothing: every event
 * with the same `check` as a single ingest, and every offending field of
 * every event named `events[<index>].<field>` in one 422.
 */
export function validateBatch(body: unknown, check: EventCheck): DeploymentEventInput[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationFailedError([
      { field: '(body)', message: 'must be a JSON object {"events": [...]}' },
    ]);
  }
  const { events, ...others } = body as Record<string, unknown>;
  const errors: FieldError[] = Object.keys(others).map(field => ({
    field,
    message: 'is not a known field',
  }));
  if (!Array.isArray(events)) {
    errors.push({ field: 'events', message: events === undefined ? 'is required' : 'must be an array of events' });
  } else if (events.length === 0 || events.length > MAX_BATCH_EVENTS) {
    errors.push({
      field: 'events',
      message: `must hold 1 to ${MAX_BATCH_EVENTS.toLocaleString('en')} events; it holds ${events.length.toLocaleString('en')}`,
    });
  }
  if (errors.length) throw new ValidationFailedError(errors);

  const inputs: DeploymentEventInput[] = [];
  (events as unknown[]).forEach((event, index) => {
    const result = check(event);
    if (result.ok) {
      inputs.push(result.value);
      return;
    }
    for (const { field, message } of result.errors) {
      const at = field === '(body)' ? '' : `.${field}`;
      errors.push({ field: `events[${index}]${at}`, message });
    }
  });
  if (errors.length) throw new ValidationFailedError(errors);
  return inputs;
}
