import { createHash } from 'crypto';
import { GithubRepository, repositoryKey } from './catalogRepositories';

// Limits of the ingest contract and the import connection.
const MAX_DEPLOYMENT_ID = 200;
const MAX_EXTERNAL_ID = 300;

/** The id itself when it fits, else a stable digest of it: ids must never change between polls. */
function fit(id: string, max: number, prefix: string): string {
  return id.length <= max
    ? id
    : `${prefix}sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** `github:<host>/<owner>/<repo>/<path>`, shared by every event of one deployment. */
export const deploymentIdFor = (repo: GithubRepository, path: string) =>
  fit(`github:${repositoryKey(repo)}/${path}`, MAX_DEPLOYMENT_ID, 'github:');

/** `<host>/<owner>/<repo>/<path>`, unique per imported event. */
export const externalIdFor = (repo: GithubRepository, path: string) =>
  fit(`${repositoryKey(repo)}/${path}`, MAX_EXTERNAL_ID, '');

/** Cuts optional text to its contract limit rather than losing the whole event. */
export const clip = (value: string | null | undefined, max: number) =>
  value ? value.slice(0, max) : undefined;

/** Only absolute http(s) URLs are valid `run_url`s. */
export function httpUrl(
  ...candidates: Array<string | null | undefined>
): string | undefined {
  return (
    candidates.find(c => !!c && /^https?:\/\//i.test(c) && c.length <= 2048) ??
    undefined
  );
}
