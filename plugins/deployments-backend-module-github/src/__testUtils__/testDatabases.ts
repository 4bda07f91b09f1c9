import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

// The machine's own PostgreSQL (never Docker), as in the deployments backend.
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

/** SQLite and PostgreSQL; a missing one fails the suite rather than skipping it. */
export function bothDatabases(): TestDatabases {
  const ids: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];
  const databases = TestDatabases.create({ ids, disableDocker: true });
  const missing = ids.filter(id => !databases.supports(id));
  if (missing.length)
    throw new Error(`Test databases not available: ${missing.join(', ')}`);
  return databases;
}
