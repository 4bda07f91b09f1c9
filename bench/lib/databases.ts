import knexFactory, { Knex } from 'knex';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export type BenchDatabase = 'pg' | 'sqlite';

export const PG_CONNECTION = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
};

/** Drops and creates a PostgreSQL database for a benchmark run. */
export async function freshPostgresDatabase(name: string): Promise<void> {
  const admin = knexFactory({ client: 'pg', connection: { ...PG_CONNECTION, database: 'postgres' } });
  try {
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
    await admin.raw('CREATE DATABASE ??', [name]);
  } finally {
    await admin.destroy();
  }
}

/** A Knex on the benchmark database (PostgreSQL by name, or a SQLite file). */
export function connect(
  db: BenchDatabase,
  name: string,
  options: { pool?: number; schema?: string } = {},
): Knex {
  if (db === 'pg') {
    return knexFactory({
      client: 'pg',
      connection: { ...PG_CONNECTION, database: name },
      pool: { min: 0, max: options.pool ?? 10 },
      // Backstage's schema mode keeps each plugin's tables in its own schema.
      searchPath: options.schema ? [options.schema] : undefined,
    });
  }
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: name },
    useNullAsDefault: true,
  });
}

/** A new empty SQLite directory (Backstage creates one file per plugin in it). */
export function freshSqliteDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'deployments-bench-'));
}
