import knexFactory, { Knex } from 'knex';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { startDeploymentsBackend } from './testBackend';

type Backend = Awaited<ReturnType<typeof startDeploymentsBackend>>;

/** A new pool on the PostgreSQL database of `knex`, as a second process would have. */
function newPool(knex: Knex): Knex {
  const settings = (knex.client as { connectionSettings: Knex.StaticConnectionConfig })
    .connectionSettings;
  return knexFactory({ client: 'pg', connection: settings });
}

/**
 * Runs `use` with a second pool on the database of `knex`, standing for a
 * second replica on PostgreSQL; SQLite is one process, so there it is `knex`.
 */
export async function withSecondPool<T>(knex: Knex, use: (second: Knex) => Promise<T>): Promise<T> {
  const second = knex.client.config.client === 'pg' ? newPool(knex) : knex;
  try {
    return await use(second);
  } finally {
    if (second !== knex) await second.destroy();
  }
}

/**
 * Backends (replicas) on one PostgreSQL database, each with its own pool as a
 * separate process would have; `knex` is the first one's.
 */
export async function startReplicas(
  databases: TestDatabases,
  replicas: Array<{ config?: JsonObject; entities?: Entity[] }>,
) {
  const knex = await databases.init('POSTGRES_15');
  const pools: Knex[] = [];
  const backends: Backend[] = [];
  for (const [i, replica] of replicas.entries()) {
    const pool = i === 0 ? knex : newPool(knex);
    if (i > 0) pools.push(pool);
    backends.push(await startDeploymentsBackend({ knex: pool, ...replica }));
  }
  const stop = async () => {
    for (const backend of backends) await backend.backend.stop();
    for (const pool of pools) await pool.destroy();
  };
  return { knex, backends, stop };
}
