import knexFactory, { Knex } from 'knex';
import { FakeGitHub } from './__testUtils__/fakeGitHub';
import { bothDatabases } from './__testUtils__/testDatabases';
import {
  HOST,
  hoursAgo,
  repoEntity,
  startHarness,
  storedExternalIds,
} from './__testUtils__/pollerHarness';

jest.setTimeout(60_000);

// Replicas share PostgreSQL; SQLite is one process.
const databases = bothDatabases();

describe('two replicas polling the same GitHub into one PostgreSQL', () => {
  let fake: FakeGitHub;
  let knexA: Knex;
  let knexB: Knex;
  let a: Awaited<ReturnType<typeof startHarness>>;
  let b: Awaited<ReturnType<typeof startHarness>>;

  beforeAll(async () => {
    fake = await FakeGitHub.start();
    knexA = await databases.init('POSTGRES_15');
    // Replica B has its own pool on the same database, as a second process would.
    knexB = knexFactory({
      client: 'pg',
      connection: (
        knexA.client as { connectionSettings: Knex.StaticConnectionConfig }
      ).connectionSettings,
    });
    a = await startHarness(knexA, fake);
    b = await startHarness(knexB, fake);
  });
  afterAll(async () => {
    await a.backend.stop();
    await b.backend.stop();
    await knexB.destroy();
    await fake.stop();
  });

  it('stores every event exactly once when both poll at the same time', async () => {
    fake.maxPerPage = 3;
    const repos = ['r1', 'r2', 'r3'];
    let expected = 0;
    for (const repo of repos) {
      for (let i = 10; i >= 1; i--) {
        const d = fake.addDeployment(`acme/${repo}`, {
          created_at: hoursAgo(i * 10),
        });
        fake.addStatus(`acme/${repo}`, d, 'in_progress', hoursAgo(i * 10));
        fake.addStatus(
          `acme/${repo}`,
          d,
          i % 3 ? 'success' : 'failure',
          hoursAgo(i * 10 - 1),
        );
        expected += 2;
      }
    }
    const entities = repos.map(repo => repoEntity(repo));

    const [first, second] = await Promise.all([
      a.poller(entities).pollAll(),
      b.poller(entities).pollAll(),
    ]);

    expect(first.failed + second.failed).toBe(0);
    expect(first.imported + second.imported).toBe(expected);
    const counts = await storedExternalIds(knexA, `${HOST}/acme/`);
    expect(counts.size).toBe(expected);
    expect([...counts.values()].every(n => n === 1)).toBe(true);

    // New statuses while both poll again: still once each.
    const late = fake.addDeployment('acme/r2', { created_at: hoursAgo(0.5) });
    fake.addStatus('acme/r2', late, 'success', hoursAgo(0.4));
    const [third, fourth] = await Promise.all([
      a.poller(entities).pollAll(),
      b.poller(entities).pollAll(),
    ]);
    expect(third.imported + fourth.imported).toBe(1);
    expect((await storedExternalIds(knexA, `${HOST}/acme/`)).size).toBe(
      expected + 1,
    );
  });
});
