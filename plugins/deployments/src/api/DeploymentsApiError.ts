import { FieldError } from '@deploydash/plugin-deployments-common';

/** Reason phrases for responses without one (HTTP/2 sends none). */
const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** What a person should read about a failed request. @public */
export interface DeploymentsApiErrorOptions {
  status: number;
  title: string;
  detail?: string;
  fieldErrors?: FieldError[];
}

/**
 * A failed request to the deployments backend, with what a person should
 * read: the problem's `title` and `detail` and, for a 422, every offending
 * field. Never the raw body, which may be JSON or a proxy's HTML page.
 *
 * @public
 */
export class DeploymentsApiError extends Error {
  /** The HTTP status, e.g. 422. */
  readonly status: number;
  /** A short summary, e.g. `Unprocessable Content`. */
  readonly title: string;
  /** What went wrong this time, e.g. `2 fields failed validation`. */
  readonly detail?: string;
  /** The fields the backend rejected; empty unless it listed some. */
  readonly fieldErrors: FieldError[];

  constructor(options: DeploymentsApiErrorOptions) {
    const { status, title, detail, fieldErrors = [] } = options;
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'DeploymentsApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.fieldErrors = fieldErrors;
  }

  /**
   * Reads a failed response: an RFC 9457 problem document (what the
   * backend's routes send), else Backstage's error JSON (e.g. its auth
   * middleware's 401), else just the status.
   */
  static async fromResponse(response: Response): Promise<DeploymentsApiError> {
    const { status } = response;
    const reason =
      response.statusText || REASON_PHRASES[status] || `HTTP ${status}`;
    const body = parseJson(await response.text().catch(() => ''));

    if (isObject(body) && isObject(body.error)) {
      const detail = stringOrUndefined(body.error.message);
      return new DeploymentsApiError({ status, title: reason, detail });
    }
    if (isObject(body) && (isString(body.title) || isString(body.detail))) {
      return new DeploymentsApiError({
        status,
        title: stringOrUndefined(body.title) ?? reason,
        detail: stringOrUndefined(body.detail),
        fieldErrors: readFieldErrors(body.errors),
      });
    }
    return new DeploymentsApiError({ status, title: reason });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function stringOrUndefined(value: unknown): string | undefined {
  return isString(value) ? value : undefined;
}

/** Keeps the well-formed entries of a problem's `errors` member. */
function readFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(e => isObject(e) && isString(e.message))
    .map(e => ({
      field: isString(e.field) ? e.field : '',
      message: e.message,
    }));
}
