import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseDeploymentsStore } from './DatabaseDeploymentsStore';
import { SEARCH_TEXT_PG, whereSearchMatches } from './historySearch';
import { DISTINCT_ENVIRONMENTS, slotsJsonQuery } from './matrixSlots';

const databases = createTestDatabases();

/** The plan of `query` when the planner may not read a whole table (tiny tables would be). */
async function planOf(knex: Knex, isPostgres: boolean, query: Knex.QueryBuilder | string): Promise<string> {
  if (!isPostgres) {
    const rows = await knex.raw(`EXPLAIN QUERY PLAN ${query.toString()}`);
    return rows.map((r: { detail: string }) => r.detail).join('\n');
  }
  return knex.transaction(async tx => {
    await tx.raw('SET LOCAL enable_seqscan = off');
    const { rows } = await tx.raw(`EXPLAIN ${query.toString()}`);
    return rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
  });
}

describe.each(databases.eachSupportedId())('the search and matrix indexes on %s', id => {
  let knex: Knex;
  const isPostgres = id.startsWith('POSTGRES');

  beforeAll(async () => {
    knex = await databases.init(id);
    await DatabaseDeploymentsStore.fromKnex(knex);
  });

  it('serves the history search from the trigram index (PostgreSQL)', async () => {
    // The query writes the indexed expression exactly.
    expect(require('../../migrations/20261203000400_history_search.js').SEARCH_TEXT).toBe(SEARCH_TEXT_PG);
    const query = knex('deployment_events').select('seq');
    whereSearchMatches(query, isPostgres, 'checkout');
    const plan = await planOf(knex, isPostgres, query);
    // SQLite has no such index: it scans.
    expect(plan.includes('deployment_events_search_idx')).toBe(isPostgres);
  });

  it('serves failures_only from the partial index of failing slots', async () => {
    const query = slotsJsonQuery(knex, isPostgres, { failuresOnly: true });
    expect(await planOf(knex, isPostgres, query)).toContain('deployment_slots_failing_idx');
  });

  it('lists the environments with index probes, not a scan of the slots', async () => {
    const plan = await planOf(knex, isPostgres, DISTINCT_ENVIRONMENTS);
    expect(plan).toContain('deployment_slots_environment_idx');
    expect(plan).not.toMatch(/Seq Scan|SCAN deployment_slots(?! USING)/);
  });

  it('walks matrix pages in an index of code-point order', async () => {
    const query = slotsJsonQuery(knex, isPostgres, { page: { limit: 10, after: 'm' } });
    const plan = await planOf(knex, isPostgres, query);
    expect(plan).toContain(isPostgres ? 'deployment_slots_service_order_idx' : 'sqlite_autoindex_deployment_slots_1');
    expect(plan).not.toMatch(/TEMP B-TREE|Sort/);
  });
});
