import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

// Store and plugin tests run on SQLite and on the real PostgreSQL server of
// this machine (never Docker, which TestDatabases would start when CI is set).
process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??=
  'postgresql://postgres@127.0.0.1:5432';

export const DATABASE_IDS: TestDatabaseId[] = ['POSTGRES_15', 'SQLITE_3'];

/**
 * Both databases (or the ones named), always: a missing server fails the
 * tests instead of skipping them.
 */
export function createTestDatabases(ids: TestDatabaseId[] = DATABASE_IDS): TestDatabases {
  const databases = TestDatabases.create({ ids, disableDocker: true });
  if (databases.eachSupportedId().length !== ids.length) {
    throw new Error(`Expected test databases ${ids.join(', ')}`);
  }
  return databases;
}
