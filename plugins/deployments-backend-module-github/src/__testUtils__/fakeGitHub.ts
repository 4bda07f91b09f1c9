import { createHash } from 'crypto';
import {
  createServer,
  IncomingHttpHeaders,
  Server,
  ServerResponse,
} from 'http';
import { AddressInfo } from 'net';
import {
  GithubDeployment,
  GithubDeploymentStatus,
  GithubWorkflowRun,
} from '../githubTypes';

/** One request the fake answered, for assertions. */
export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  status: number;
}

interface FakeRepo {
  deployments: GithubDeployment[];
  statuses: Map<number, GithubDeploymentStatus[]>;
  runs: Map<string, GithubWorkflowRun[]>;
}

/**
 * A local stand-in for the GitHub REST API (the shapes GitHub records, the
 * fields this module reads): deployments, their statuses and workflow runs,
 * newest first, paged with `Link` headers, with ETags and 304s, rate-limit
 * headers, and errors on demand. Every request is recorded.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  /** The most items one page holds, whatever `per_page` asks (GitHub: 100). */
  maxPerPage = 100;
  private readonly repos = new Map<string, FakeRepo>();
  private readonly failures: Array<{
    pathPart: string;
    status: number;
    times: number;
    headers: Record<string, string>;
  }> = [];
  private limit: { remaining: number; resetSeconds: number } = {
    remaining: 5000,
    resetSeconds: 0,
  };
  private nextId = 1000;

  private readonly server: Server;
  private origin = '';

  private constructor() {
    this.server = createServer((req, res) =>
      this.handle(req.url ?? '/', req.headers, res),
    );
  }

  /** Starts a fake on a free port of 127.0.0.1. */
  static async start(): Promise<FakeGitHub> {
    const fake = new FakeGitHub();
    await new Promise<void>(resolve =>
      fake.server.listen(0, '127.0.0.1', resolve),
    );
    fake.origin = `http://127.0.0.1:${
      (fake.server.address() as AddressInfo).port
    }`;
    return fake;
  }

  /** What `integrations.github[].apiBaseUrl` should be. */
  get baseUrl(): string {
    return this.origin;
  }

  stop(): Promise<void> {
    return new Promise(resolve => this.server.close(() => resolve()));
  }

  private repo(slug: string): FakeRepo {
    const key = slug.toLowerCase();
    let repo = this.repos.get(key);
    if (!repo) {
      repo = { deployments: [], statuses: new Map(), runs: new Map() };
      this.repos.set(key, repo);
    }
    return repo;
  }

  addDeployment(
    slug: string,
    fields: Partial<GithubDeployment> & { created_at: string },
  ): GithubDeployment {
    const deployment: GithubDeployment = {
      id: this.nextId++,
      sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      ref: 'main',
      environment: 'prod',
      description: null,
      payload: {},
      creator: { login: 'octocat' },
      updated_at: fields.created_at,
      ...fields,
    };
    this.repo(slug).deployments.push(deployment);
    return deployment;
  }

  /** Adds a status; like GitHub, this also moves the deployment's `updated_at`. */
  addStatus(
    slug: string,
    deployment: GithubDeployment,
    state: string,
    createdAt: string,
    fields: Partial<GithubDeploymentStatus> = {},
  ): GithubDeploymentStatus {
    const status: GithubDeploymentStatus = {
      id: this.nextId++,
      state,
      log_url: `https://ghe.example.test/${slug}/actions/runs/${deployment.id}`,
      target_url: null,
      created_at: createdAt,
      ...fields,
    };
    const statuses = this.repo(slug).statuses;
    statuses.set(deployment.id, [
      ...(statuses.get(deployment.id) ?? []),
      status,
    ]);
    deployment.updated_at = createdAt;
    return status;
  }

  addRun(
    slug: string,
    file: string,
    fields: Partial<GithubWorkflowRun> & { created_at: string },
  ): GithubWorkflowRun {
    const run: GithubWorkflowRun = {
      id: this.nextId++,
      run_number: this.nextId,
      run_attempt: 1,
      status: 'completed',
      conclusion: 'success',
      head_branch: 'main',
      head_sha: '0123456789abcdef0123456789abcdef01234567',
      html_url: `https://ghe.example.test/${slug}/actions/runs/${this.nextId}`,
      actor: { login: 'octocat' },
      updated_at: fields.created_at,
      ...fields,
    };
    const runs = this.repo(slug).runs;
    runs.set(file, [...(runs.get(file) ?? []), run]);
    return run;
  }

  deleteRepo(slug: string) {
    this.repos.delete(slug.toLowerCase());
  }

  /** The next `times` requests whose path and query contain `pathPart` fail with `status`. */
  failNext(
    pathPart: string,
    status: number,
    times = 1,
    headers: Record<string, string> = {},
  ) {
    this.failures.push({ pathPart, status, times, headers });
  }

  /** Every request gets 403 with `x-ratelimit-remaining: 0` until {@link resetRateLimit}. */
  exhaustRateLimit(resetSeconds: number) {
    this.limit = { remaining: 0, resetSeconds };
  }

  resetRateLimit() {
    this.limit = { remaining: 5000, resetSeconds: 0 };
  }

  /** Requests for one repository, optionally only those whose path contains `part`. */
  requestsFor(slug: string, part = ''): RecordedRequest[] {
    return this.requests.filter(
      r => r.path.startsWith(`/repos/${slug}/`) && r.path.includes(part),
    );
  }

  private handle(
    rawUrl: string,
    headers: IncomingHttpHeaders,
    res: ServerResponse,
  ) {
    const url = new URL(rawUrl, this.baseUrl);
    const send = (
      status: number,
      body?: unknown,
      extra: Record<string, string> = {},
    ) => {
      this.requests.push({
        path: `${url.pathname}${url.search}`,
        headers,
        status,
      });
      res.writeHead(status, {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': String(this.limit.remaining),
        'x-ratelimit-reset': String(this.limit.resetSeconds),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...extra,
      });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };

    if (this.limit.remaining === 0) {
      send(403, { message: 'API rate limit exceeded' });
      return;
    }
    const failure = this.failures.find(
      f => f.times > 0 && `${url.pathname}${url.search}`.includes(f.pathPart),
    );
    if (failure) {
      failure.times -= 1;
      send(
        failure.status,
        { message: `injected ${failure.status}` },
        failure.headers,
      );
      return;
    }

    const match =
      /^\/repos\/([^/]+\/[^/]+)\/(deployments|actions\/workflows\/([^/]+)\/runs)(?:\/(\d+)\/statuses)?$/.exec(
        url.pathname,
      );
    const repo = match && this.repos.get(match[1].toLowerCase());
    if (!match || !repo) {
      send(404, { message: 'Not Found' });
      return;
    }
    const newestFirst = <T extends { id: number }>(items: T[]) =>
      [...items].sort((a, b) => b.id - a.id);
    let items: unknown[];
    if (match[3]) {
      const runs = repo.runs.get(decodeURIComponent(match[3]));
      if (!runs) {
        send(404, { message: 'Not Found' });
        return;
      }
      items = newestFirst(runs);
    } else if (match[4]) {
      items = newestFirst(repo.statuses.get(Number(match[4])) ?? []);
    } else {
      items = newestFirst(repo.deployments);
    }
    this.sendPage(url, items, Boolean(match[3]), headers, send);
  }

  private sendPage(
    url: URL,
    items: unknown[],
    wrapRuns: boolean,
    headers: IncomingHttpHeaders,
    send: (
      status: number,
      body?: unknown,
      extra?: Record<string, string>,
    ) => void,
  ) {
    const perPage = Math.min(
      Number(url.searchParams.get('per_page') ?? 30),
      this.maxPerPage,
    );
    const page = Number(url.searchParams.get('page') ?? 1);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const body = wrapRuns
      ? { total_count: items.length, workflow_runs: slice }
      : slice;
    const etag = `W/"${createHash('sha1')
      .update(JSON.stringify(body))
      .digest('hex')}"`;
    if (headers['if-none-match'] === etag) {
      send(304, undefined, { etag });
      return;
    }
    const pageUrl = (n: number) => {
      const target = new URL(url.toString());
      target.searchParams.set('page', String(n));
      return `<${target}>`;
    };
    const lastPage = Math.max(1, Math.ceil(items.length / perPage));
    const links = [
      ...(page < lastPage ? [`${pageUrl(page + 1)}; rel="next"`] : []),
      `${pageUrl(lastPage)}; rel="last"`,
    ];
    send(200, body, { etag, link: links.join(', ') });
  }
}
