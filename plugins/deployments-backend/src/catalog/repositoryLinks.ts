import { createHash } from 'node:crypto';
import { Entity } from '@backstage/catalog-model';

/** A repository on GitHub or GitLab: its web address, without a trailing slash. */
export interface Repository {
  kind: 'github' | 'gitlab';
  url: string;
}

const SOURCE_LOCATION = 'backstage.io/source-location';
const MANAGED_BY_LOCATION = 'backstage.io/managed-by-location';

/** `github.com`, `github.acme.com`; not `raw.githubusercontent.com`. */
const GITHUB_HOST = /(^|\.)github\./i;
const GITLAB_HOST = /(^|\.)gitlab\./i;

function parseHttpUrl(value: string): URL | null {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

const segmentsOf = (url: URL) => url.pathname.split('/').filter(s => s !== '');
const withoutGit = (segment: string) => segment.replace(/\.git$/i, '');

function repository(kind: Repository['kind'], url: URL, path: string[]): Repository | null {
  if (path.length < 2 || path.some(s => s === '-')) return null;
  const last = path.length - 1;
  const segments = path.map((s, i) => (i === last ? withoutGit(s) : s));
  return { kind, url: `${url.protocol}//${url.host}/${segments.join('/')}` };
}

/** A GitLab project path: everything before `/-/`, else before a legacy `tree`/`blob`. */
function gitlabProject(path: string[]): string[] {
  const dash = path.indexOf('-');
  if (dash >= 0) return path.slice(0, dash);
  const legacy = path.findIndex((s, i) => i >= 2 && (s === 'tree' || s === 'blob'));
  return legacy >= 0 ? path.slice(0, legacy) : path;
}

/**
 * The repository a Backstage location points at (`url:https://github.com/acme/api/tree/main/`),
 * when it is on GitHub (a `github.` host: owner and repository) or GitLab (a
 * `gitlab.` host, or any host with a `/-/` path: the project before it).
 */
export function repositoryFromLocation(location: string): Repository | null {
  const target = location.replace(/^url:/, '');
  const url = parseHttpUrl(target);
  if (!url) return null;
  const path = segmentsOf(url);
  if (GITLAB_HOST.test(url.hostname) || path.includes('-')) {
    return repository('gitlab', url, gitlabProject(path));
  }
  if (GITHUB_HOST.test(url.hostname)) return repository('github', url, path.slice(0, 2));
  return null;
}

/**
 * The repository of a CI run, on any host: a GitHub Actions run
 * (`/<owner>/<repo>/actions/runs/<id>`) or a GitLab pipeline or job
 * (`/<group>/…/<project>/-/pipelines/<id>`, `/-/jobs/<id>`).
 */
export function repositoryFromRunUrl(runUrl: string | null): Repository | null {
  const url = runUrl === null ? null : parseHttpUrl(runUrl);
  if (!url) return null;
  const path = segmentsOf(url);
  if (path.length >= 5 && path[2] === 'actions' && path[3] === 'runs') {
    return repository('github', url, path.slice(0, 2));
  }
  const dash = path.indexOf('-');
  if (dash >= 2 && ['pipelines', 'jobs'].includes(path[dash + 1]) && path.length > dash + 2) {
    return repository('gitlab', url, path.slice(0, dash));
  }
  return null;
}

/** The repository of an entity: its source location, else the location it is managed by. */
export function repositoryOfEntity(entity: Entity): Repository | null {
  const annotations = entity.metadata.annotations ?? {};
  for (const key of [SOURCE_LOCATION, MANAGED_BY_LOCATION]) {
    const value = annotations[key];
    const found = typeof value === 'string' ? repositoryFromLocation(value) : null;
    if (found) return found;
  }
  return null;
}

const gitlabPrefix = (repo: Repository) => (repo.kind === 'gitlab' ? '/-' : '');

export function commitUrl(repo: Repository, sha: string): string {
  return `${repo.url}${gitlabPrefix(repo)}/commit/${sha}`;
}

export function compareUrl(repo: Repository, base: string, head: string): string {
  return `${repo.url}${gitlabPrefix(repo)}/compare/${base}...${head}`;
}

/**
 * Service name → repository, for the services whose entity (as `links`
 * chose it: service name → entity ref) has a GitHub or GitLab location.
 */
export function mapServicesToRepositories(
  linked: ReadonlyMap<string, Entity>,
): Map<string, Repository> {
  const repositories = new Map<string, Repository>();
  for (const [service, entity] of linked) {
    const repo = repositoryOfEntity(entity);
    if (repo) repositories.set(service, repo);
  }
  return repositories;
}

/** The links digest with the repositories folded in (unchanged when there are none). */
export function digestWithRepositories(
  linksDigest: string,
  repositories: ReadonlyMap<string, Repository>,
): string {
  if (repositories.size === 0) return linksDigest;
  const entries = [...repositories].sort(([a], [b]) => Number(a > b) - Number(a < b));
  return createHash('sha256').update(JSON.stringify([linksDigest, entries])).digest('hex').slice(0, 16);
}
