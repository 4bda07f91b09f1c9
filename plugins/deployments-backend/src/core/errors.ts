import { CustomErrorBase } from '@backstage/errors';
import { FieldError } from '@deploydash/plugin-deployments-common';

/*
 * The plugin's own errors, beside those of @backstage/errors; problemJson.ts
 * maps each to its status.
 */

/** 422: the body was JSON but broke the contract; lists every offending field. */
export class ValidationFailedError extends CustomErrorBase {
  name = 'ValidationFailedError' as const;
  constructor(readonly errors: FieldError[]) {
    super(`${errors.length} field${errors.length === 1 ? '' : 's'} failed validation`);
  }
}

/**
 * 400 with the offending fields: a body that breaks its rules where the
 * contract answers 400 (the reason of `POST /{id}/void`). The detail names
 * each field, e.g. `reason: must not be empty`.
 */
export class InvalidBodyError extends CustomErrorBase {
  name = 'InvalidBodyError' as const;
  constructor(readonly errors: FieldError[]) {
    super(errors.map(e => `${e.field}: ${e.message}`).join('; '));
  }
}

/** 429: a key posted faster than its rate limit; retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** 415: the body is not `application/json`. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
}
