import { Knex } from 'knex';
import { notVoided } from './voids';

const COMMITS = 'deployment_commits';
/** SHAs per statement: well within both databases' limits on bound values. */
const CHUNK = 500;

/**
 * Of `shas` (lower case), those a success of `service` in one of
 * `environments` listed — not a test, not voided. The commit index carries
 * its event's slot and whether it counts as shipped, and stores SHAs
 * lowercased: one probe of its (sha, seq) index per SHA, no event read.
 */
export async function queryShippedShas(
  knex: Knex,
  service: string,
  environments: string[],
  shas: string[],
): Promise<Set<string>> {
  const shipped = new Set<string>();
  if (environments.length === 0) return shipped;
  for (let i = 0; i < shas.length; i += CHUNK) {
    const rows: Array<{ sha: string }> = await knex(`${COMMITS} as c`)
      .distinct('c.sha')
      .whereIn('c.sha', shas.slice(i, i + CHUNK))
      .where('c.service', service)
      .whereIn('c.environment', environments)
      .whereRaw(`c.shipped AND ${notVoided('c')}`);
    for (const row of rows) shipped.add(row.sha);
  }
  return shipped;
}
