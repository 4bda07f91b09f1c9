import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { eventually } from '../__testUtils__/eventually';
import {
  ago,
  MEMBER,
  newPool,
  NotifyingBackend,
  sentKeys,
  startNotifyingBackend,
} from '../__testUtils__/notificationsBackend';

jest.setTimeout(120_000);

// Replicas share PostgreSQL; SQLite is one process.
const databases = createTestDatabases(['POSTGRES_15']);

const event = (overrides: Record<string, unknown>) => ({
  deployment_id: 'run-1',
  service: 'checkout',
  environment: 'prod',
  status: 'failure',
  happened_at: ago(60_000),
  version: '2.4.1',
  ...overrides,
});

describe('notifications with two replicas on one PostgreSQL database', () => {
  let knex: Knex;
  const pools: Knex[] = [];
  const replicas: NotifyingBackend[] = [];

  beforeAll(async () => {
    // Both replicas share the plugin's database and the notifications
    // backend's, each through its own pools, as two processes would.
    knex = await databases.init('POSTGRES_15');
    const notificationsKnex = await databases.init('POSTGRES_15');
    replicas.push(await startNotifyingBackend({ knex, notificationsKnex }));
    const [second, secondNotifications] = [
      newPool(knex),
      newPool(notificationsKnex),
    ];
    pools.push(second, secondNotifications);
    replicas.push(
      await startNotifyingBackend({
        knex: second,
        notificationsKnex: secondNotifications,
      }),
    );
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.backend.stop();
    for (const pool of pools) await pool.destroy();
  });

  it("the same failure run's events, retried and posted to both replicas, notify exactly once", async () => {
    const [a, b] = replicas;
    const failed = event({ happened_at: ago(30_000) });
    await a.post(event({ status: 'in-progress' }));
    // The failure reaches both replicas at once, then a CI retry reaches each again.
    await Promise.all([a.post(failed), b.post(failed)]);
    await Promise.all([a.post(failed), b.post(failed)]);

    // Each replica works through its events in order: once each has notified
    // of a later failure elsewhere, it is done with checkout's.
    await Promise.all(
      [a, b].map((replica, i) =>
        replica.post(
          event({
            service: 'payments',
            deployment_id: `sentinel-${i}`,
            environment: i ? 'production' : 'prod',
          }),
        ),
      ),
    );
    const keys = await eventually(
      () => sentKeys(knex),
      rows => rows.filter(r => r.service === 'payments').length === 2,
    );
    expect(keys.filter(k => k.service === 'checkout')).toEqual([
      {
        kind: 'failure',
        service: 'checkout',
        environment: 'prod',
        deployment_id: 'run-1',
      },
    ]);
    const list = await a.notificationsOf(
      MEMBER,
      '?topic=deployments:checkout:prod',
    );
    expect(list).toHaveLength(1);
    expect(list[0].payload.title).toBe('checkout failed in prod (2.4.1)');
    // A second send would have updated the notification (same scope).
    expect(list[0].updated).toBeFalsy();
    const sentBy = [a, b].map(
      replica =>
        replica.logs.filter(l =>
          l.message.endsWith('checkout failed in prod (2.4.1)'),
        ).length,
    );
    expect(sentBy.sort()).toEqual([0, 1]);
    // Both replicas read the same notifications.
    expect(
      await b.notificationsOf(MEMBER, '?topic=deployments:checkout:prod'),
    ).toEqual(list);
  });

  it('a recovery posted to both replicas notifies once', async () => {
    const [a, b] = replicas;
    const success = event({
      deployment_id: 'run-2',
      status: 'success',
      version: '2.4.2',
      happened_at: ago(5_000),
    });
    await Promise.all([a.post(success), b.post(success)]);
    const list = await eventually(
      () => a.notificationsOf(MEMBER, '?topic=deployments:checkout:prod'),
      l => l[0]?.payload.title === 'checkout recovered in prod (2.4.2)',
    );
    expect(list).toHaveLength(1);
    const recoveredLines = async () =>
      replicas
        .flatMap(r => r.logs)
        .filter(l => l.message.endsWith('checkout recovered in prod (2.4.2)'));
    // The sender logs once the notifications backend has answered, which can
    // come after the notification is readable on a loaded machine: wait for
    // the first line, then give a second one (which must not come) 2 s.
    await eventually(recoveredLines, lines => lines.length > 0, 15_000);
    await eventually(recoveredLines, lines => lines.length > 1, 2_000);
    expect(
      replicas
        .flatMap(r => r.logs)
        .filter(l => l.message.endsWith('checkout recovered in prod (2.4.2)')),
    ).toHaveLength(1);
    expect((await sentKeys(knex)).filter(k => k.kind === 'recovered')).toEqual([
      {
        kind: 'recovered',
        service: 'checkout',
        environment: 'prod',
        deployment_id: 'run-2',
      },
    ]);
  });
});
