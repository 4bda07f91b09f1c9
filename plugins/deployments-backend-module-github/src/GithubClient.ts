import { CustomErrorBase, NotFoundError } from '@backstage/errors';
import { GithubCredentialsProvider } from '@backstage/integration';
import { GithubRepository } from './catalogRepositories';
import { parseLinkHeader } from './linkHeader';

/** GitHub asked us to stop until `untilMs`; nothing is sent to the host before then. */
export class RateLimitedError extends CustomErrorBase {
  constructor(
    readonly host: string,
    readonly untilMs: number,
    reason: string,
    /** False when the pause was already known and no request was sent. */
    readonly fresh = true,
  ) {
    super(
      `GitHub ${host} rate limit: ${reason}; pausing until ${new Date(
        untilMs,
      ).toISOString()}`,
    );
  }
}

/** Any other unsuccessful GitHub response. */
export class GithubApiError extends CustomErrorBase {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export type GithubPage<T> =
  | { notModified: true }
  | { notModified: false; body: T; etag?: string; next?: string };

// Without a hint from GitHub, its docs ask to wait at least a minute.
const DEFAULT_BACKOFF_MS = 60_000;

/**
 * A small GitHub REST client for one host: credentials from the GitHub
 * integration (token or App), conditional requests with ETags, `Link`
 * pagination, and rate limits honoured before they are hit again.
 */
export class GithubClient {
  private blockedUntilMs = 0;

  constructor(
    private readonly options: {
      host: string;
      /** The integration's `apiBaseUrl`, e.g. `https://api.github.com`. */
      apiBaseUrl: string;
      credentials: GithubCredentialsProvider;
      now: () => number;
      requestTimeoutMs?: number;
    },
  ) {}

  /** Remembers a pause learned elsewhere, e.g. from another replica. */
  pauseUntil(untilMs: number) {
    this.blockedUntilMs = Math.max(this.blockedUntilMs, untilMs);
  }

  /**
   * GETs `pathOrUrl` (a path under the API base URL, or a `next` link GitHub
   * gave) for a repository. With `etag`, a 304 answer means nothing changed.
   */
  async get<T>(
    repo: GithubRepository,
    pathOrUrl: string,
    options: { etag?: string; signal?: AbortSignal } = {},
  ): Promise<GithubPage<T>> {
    const { host, apiBaseUrl, credentials, now } = this.options;
    if (this.blockedUntilMs > now()) {
      throw new RateLimitedError(
        host,
        this.blockedUntilMs,
        'still paused',
        false,
      );
    }
    const url = pathOrUrl.startsWith('/')
      ? `${apiBaseUrl}${pathOrUrl}`
      : pathOrUrl;
    // Never send the token anywhere but the integration's API.
    if (!url.startsWith(`${apiBaseUrl}/`)) {
      throw new GithubApiError(
        0,
        `Refusing to follow ${url}: not under ${apiBaseUrl}`,
      );
    }
    const { headers: auth } = await credentials.getCredentials({
      url: `https://${host}/${repo.owner}/${repo.name}`,
    });
    const timeout = AbortSignal.timeout(
      this.options.requestTimeoutMs ?? 30_000,
    );
    const res = await fetch(url, {
      headers: {
        Accept: 'application/vnd.github+json',
        'X-GitHub-Api-Version': '2022-11-28',
        'User-Agent': 'backstage-deployments-github',
        ...auth,
        ...(options.etag ? { 'If-None-Match': options.etag } : {}),
      },
      signal: options.signal
        ? AbortSignal.any([options.signal, timeout])
        : timeout,
    });

    this.checkRateLimit(res);
    if (res.status === 304) return { notModified: true };
    const path = new URL(url).pathname;
    if (res.status === 404) {
      const why = 'deleted, renamed or not visible';
      throw new NotFoundError(`GitHub ${host} has no ${path} (${why})`);
    }
    if (!res.ok) {
      const detail = (await res.text().catch(() => '')).slice(0, 200);
      const message = `GitHub ${host} answered ${res.status} for ${path}: ${detail}`;
      throw new GithubApiError(res.status, message);
    }
    return {
      notModified: false,
      body: (await res.json()) as T,
      etag: res.headers.get('etag') ?? undefined,
      next: parseLinkHeader(res.headers.get('link')).next,
    };
  }

  private checkRateLimit(res: Response) {
    const { host, now } = this.options;
    const remaining = res.headers.get('x-ratelimit-remaining');
    const resetSeconds = Number(res.headers.get('x-ratelimit-reset'));
    const resetMs =
      resetSeconds > 0 ? resetSeconds * 1000 : now() + DEFAULT_BACKOFF_MS;
    const retryAfter = res.headers.get('retry-after');

    if (res.status === 403 || res.status === 429) {
      if (retryAfter !== null) {
        const seconds = Number(retryAfter);
        const untilMs =
          now() + (seconds >= 0 ? seconds * 1000 : DEFAULT_BACKOFF_MS);
        this.pauseUntil(untilMs);
        throw new RateLimitedError(
          host,
          untilMs,
          `${res.status} with retry-after ${retryAfter}`,
        );
      }
      if (remaining === '0' || res.status === 429) {
        this.pauseUntil(resetMs);
        throw new RateLimitedError(
          host,
          resetMs,
          `${res.status}, no requests left`,
        );
      }
      return; // a 403 for missing permissions: an ordinary error
    }
    // The last request of the window succeeded: do not send one that cannot.
    if (remaining === '0') this.pauseUntil(resetMs);
  }
}
