import { ErrorRequestHandler, Response } from 'express';
import { LoggerService } from '@backstage/backend-plugin-api';
import { InvalidBodyError, TooManyRequestsError, ValidationFailedError } from '../core/errors';
import { isDatabaseUnavailable } from './databaseErrors';

/** Status and title per error name; `@backstage/errors` names plus our own. */
const STATUS_BY_NAME: Record<string, [number, string]> = {
  InputError: [400, 'Bad Request'],
  InvalidBodyError: [400, 'Bad Request'],
  AuthenticationError: [401, 'Unauthorized'],
  NotAllowedError: [403, 'Forbidden'],
  NotFoundError: [404, 'Not Found'],
  ConflictError: [409, 'Conflict'],
  UnsupportedMediaTypeError: [415, 'Unsupported Media Type'],
  TooManyRequestsError: [429, 'Too Many Requests'],
  ValidationFailedError: [422, 'Unprocessable Content'],
  ServiceUnavailableError: [503, 'Service Unavailable'],
};

/** body-parser reports its failures with a `type`. */
const STATUS_BY_BODY_PARSER_TYPE: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'Content Too Large', 'The body exceeds 64 KiB (65,536 bytes)'],
  'entity.parse.failed': [400, 'Bad Request', 'The body is not valid JSON'],
  'encoding.unsupported': [415, 'Unsupported Media Type', 'Unsupported content encoding'],
  'charset.unsupported': [415, 'Unsupported Media Type', 'The body must be UTF-8 JSON'],
};

/** `The body exceeds 64 KiB (65,536 bytes)`, `... 1 MiB (1,048,576 bytes)`. */
function tooLargeDetail(limit: number): string {
  const size = limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MiB` : `${limit / 1024} KiB`;
  return `The body exceeds ${size} (${limit.toLocaleString('en')} bytes)`;
}

/** Writes an RFC 9457 problem document. */
export function sendProblem(
  res: Response,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail, ...extra }));
}

/**
 * Renders every error of the plugin's routes as `application/problem+json`,
 * as the contract requires (Backstage's own handler uses another shape).
 */
export function problemJsonHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const parserStatus = STATUS_BY_BODY_PARSER_TYPE[error?.type];
    if (parserStatus) {
      // Each route has its own limit (64 KiB for one event, 1 MiB for a batch).
      const limit = error.type === 'entity.too.large' && typeof error.limit === 'number' && error.limit;
      sendProblem(res, parserStatus[0], parserStatus[1], limit ? tooLargeDetail(limit) : parserStatus[2]);
      return;
    }
    if (isDatabaseUnavailable(error)) {
      logger.warn('Database unavailable', error);
      res.setHeader('Retry-After', '5');
      sendProblem(res, 503, 'Service Unavailable', 'The database is unavailable; retry shortly');
      return;
    }
    const known = STATUS_BY_NAME[error?.name];
    if (!known) {
      logger.error('Unexpected error', error);
      sendProblem(res, 500, 'Internal Server Error', 'Unexpected error');
      return;
    }
    const [status, title] = known;
    if (status === 503) res.setHeader('Retry-After', '5');
    if (error instanceof TooManyRequestsError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    }
    const extra =
      error instanceof ValidationFailedError || error instanceof InvalidBodyError
        ? { errors: error.errors }
        : {};
    sendProblem(res, status, title, error.message, extra);
  };
}
