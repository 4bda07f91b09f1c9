import { Knex } from 'knex';
import { Notification } from '@backstage/plugin-notifications-common';
import {
  createTestDatabases,
  DATABASE_IDS,
} from '../__testUtils__/testDatabases';
import { eventually } from '../__testUtils__/eventually';
import {
  ago,
  MEMBER,
  NotifyingBackend,
  sentKeys,
  startNotifyingBackend,
  STRANGER,
} from '../__testUtils__/notificationsBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();
const MINUTE = 60_000;

const event = (overrides: Record<string, unknown>) => ({
  deployment_id: 'run-1',
  service: 'checkout',
  environment: 'prod',
  status: 'failure',
  happened_at: ago(MINUTE),
  version: '2.4.1',
  actor: 'alice',
  ref: 'main',
  ...overrides,
});

const titles = (list: Notification[]) => list.map(n => n.payload.title).sort();

describe.each(DATABASE_IDS)(
  'notifications through the notifications backend on %s',
  id => {
    let knex: Knex;
    let api: NotifyingBackend;
    /** Sentinels: a failure of `payments` in a new run, whose notification shows that every event posted before it was dealt with (one queue per backend). */
    let sentinels = 0;
    const settle = async () => {
      sentinels++;
      const title = `payments failed in prod (sentinel-${sentinels})`;
      await api.post(
        event({
          service: 'payments',
          deployment_id: `sentinel-${sentinels}`,
          version: `sentinel-${sentinels}`,
        }),
      );
      const seen = await eventually(
        () => api.notificationsOf(MEMBER, '?topic=deployments:payments:prod'),
        list => list.some(n => n.payload.title === title),
      );
      expect(titles(seen)).toContain(title);
    };
    const checkoutProd = () =>
      api.notificationsOf(MEMBER, '?topic=deployments:checkout:prod');

    beforeAll(async () => {
      knex = await databases.init(id);
      api = await startNotifyingBackend({
        knex,
        notificationsKnex: await databases.init(id),
      });
    });
    afterAll(() => api.backend.stop());

    it('notifies the members of the owning group of a failed production deployment, with its details', async () => {
      await api.post(
        event({ status: 'in-progress', happened_at: ago(2 * MINUTE) }),
      );
      await api.post(
        event({
          sha: 'abcdef0123456789',
          run_url: 'https://ci.example.com/runs/1',
        }),
      );
      const [notification] = await eventually(
        checkoutProd,
        list => list.length > 0,
      );
      expect(notification).toMatchObject({
        user: MEMBER,
        origin: 'plugin:deployments',
        payload: {
          title: 'checkout failed in prod (2.4.1)',
          severity: 'high',
          topic: 'deployments:checkout:prod',
          scope: 'deployments:checkout:prod',
          link: '/catalog/default/component/checkout/deployments',
        },
      });
      expect(notification.payload.description).toMatch(
        /^Deployment run-1 by alice from main \(abcdef0\) failed at .* UTC\. Run: https:\/\/ci\.example\.com\/runs\/1$/,
      );
      // Only the owners hear of it.
      expect(await api.notificationsOf(STRANGER)).toEqual([]);
      expect(await sentKeys(knex)).toEqual([
        {
          kind: 'failure',
          service: 'checkout',
          environment: 'prod',
          deployment_id: 'run-1',
        },
      ]);
    });

    it("notifies once per run: the run's failure posted again sends nothing", async () => {
      await api.post(event({}));
      await api.post(event({ happened_at: ago(MINUTE / 2) }));
      await settle();
      const list = await checkoutProd();
      expect(list).toHaveLength(1);
      // A second send for the slot would have updated the notification (same scope).
      expect(list[0].updated).toBeFalsy();
      expect(
        api.logs.filter(
          l =>
            l.message ===
            `Notified group:default/payments-team: checkout failed in prod (2.4.1)`,
        ),
      ).toHaveLength(1);
    });

    it('notifies of the recovery, replacing the failure in the list (same scope) and marking it unread', async () => {
      await api.post(
        event({
          deployment_id: 'run-2',
          status: 'in-progress',
          version: '2.4.2',
          happened_at: ago(20_000),
        }),
      );
      await api.post(
        event({
          deployment_id: 'run-2',
          status: 'success',
          version: '2.4.2',
          happened_at: ago(10_000),
        }),
      );
      const list = await eventually(
        checkoutProd,
        l => l[0]?.payload.title !== 'checkout failed in prod (2.4.1)',
      );
      expect(list).toHaveLength(1);
      expect(list[0].payload).toMatchObject({
        title: 'checkout recovered in prod (2.4.2)',
        severity: 'normal',
      });
      expect(list[0].payload.description).toMatch(
        /^Deployment run-2 by alice from main succeeded at .* after a failure\.$/,
      );
      expect(list[0].updated).toBeTruthy();
      expect(list[0].read).toBeFalsy();
    });

    it('sends nothing for a success after a success, a cancelled run, or a test deployment', async () => {
      await api.post(
        event({
          deployment_id: 'run-3',
          status: 'success',
          version: '2.4.3',
          happened_at: ago(9_000),
        }),
      );
      await api.post(
        event({
          deployment_id: 'run-4',
          status: 'cancelled',
          version: '2.4.4',
          happened_at: ago(8_000),
        }),
      );
      await api.post(
        event({
          deployment_id: 'run-5',
          status: 'failure',
          is_test: true,
          happened_at: ago(7_000),
        }),
      );
      await settle();
      expect(titles(await checkoutProd())).toEqual([
        'checkout recovered in prod (2.4.2)',
      ]);
    });

    it('notifies nobody of environments that are not notified (default: the production ones)', async () => {
      await api.post(event({ environment: 'staging', deployment_id: 'stg-1' }));
      await settle();
      expect(
        await api.notificationsOf(
          MEMBER,
          '?topic=deployments:checkout:staging',
        ),
      ).toEqual([]);
      expect(
        (await sentKeys(knex)).filter(k => k.environment === 'staging'),
      ).toEqual([]);
    });

    it('notifies nobody for a service whose entity has no owner (a debug line says so)', async () => {
      await api.post(event({ service: 'orphan', deployment_id: 'orphan-1' }));
      await settle();
      expect(
        (await sentKeys(knex)).filter(k => k.service === 'orphan'),
      ).toEqual([]);
      expect(api.logs).toContainEqual(
        expect.objectContaining({
          level: 'debug',
          message:
            'No failure notification for orphan/prod: its catalog entity has no owner',
        }),
      );
    });

    it('a 1,000-event import of history notifies nobody; of a batch only recent outcomes notify', async () => {
      // Slots with no later events (production is notified too): only their age keeps them quiet.
      const historic = Array.from({ length: 1000 }, (_, i) =>
        event({
          environment: 'production',
          service: i % 2 ? 'checkout' : 'payments',
          deployment_id: `old-${i}`,
          status: i % 3 ? 'failure' : 'success',
          happened_at: ago((2 * 24 * 60 - i) * MINUTE),
        }),
      );
      const before = (await sentKeys(knex)).length;
      expect((await api.postBatch(historic)).count).toBe(1000);
      await settle();
      expect((await sentKeys(knex)).length).toBe(before + 1); // the sentinel's
      expect(
        (await sentKeys(knex)).filter(k => k.deployment_id.startsWith('old-')),
      ).toEqual([]);

      // Old events and, per slot, only the latest recent outcome: one notification.
      const mixed = [
        ...historic
          .slice(0, 10)
          .map((e, i) => ({ ...e, deployment_id: `old-again-${i}` })),
        event({
          deployment_id: 'run-6',
          version: '2.5.0',
          happened_at: ago(40_000),
        }),
        event({
          deployment_id: 'run-7',
          version: '2.5.1',
          happened_at: ago(5_000),
        }),
      ];
      await api.postBatch(mixed);
      const list = await eventually(
        checkoutProd,
        l => l[0]?.payload.title === 'checkout failed in prod (2.5.1)',
      );
      expect(titles(list)).toEqual(['checkout failed in prod (2.5.1)']);
      await settle();
      const checkoutKeys = (await sentKeys(knex)).filter(
        k => k.service === 'checkout',
      );
      expect(checkoutKeys.map(k => `${k.kind} ${k.deployment_id}`)).toEqual([
        'failure run-1',
        'failure run-7',
        'recovered run-2',
      ]);
    });

    it('a failure that arrives after a later outcome of its slot notifies nobody (the news is stale)', async () => {
      await api.post(
        event({
          deployment_id: 'run-8',
          status: 'success',
          version: '2.6.0',
          happened_at: ago(3_000),
        }),
      );
      await api.post(
        event({
          deployment_id: 'run-late',
          version: '2.5.9',
          happened_at: ago(4_000),
        }),
      );
      await settle();
      expect(
        (await sentKeys(knex)).filter(k => k.deployment_id === 'run-late'),
      ).toEqual([]);
    });
  },
);

describe.each(DATABASE_IDS)(
  'notifications turned off or unavailable on %s',
  id => {
    it('configured off: nothing is sent, one log line says so', async () => {
      const knex = await databases.init(id);
      const api = await startNotifyingBackend({
        knex,
        notificationsKnex: await databases.init(id),
        config: { notifications: { enabled: false } },
      });
      try {
        await api.post(event({ deployment_id: 'off-1' }));
        await new Promise(resolve => setTimeout(resolve, 1500));
        expect(await sentKeys(knex)).toEqual([]);
        expect(await api.notificationsOf(MEMBER)).toEqual([]);
        expect(
          api.logs.filter(l =>
            l.message.startsWith('Deployment notifications are off'),
          ),
        ).toEqual([
          expect.objectContaining({
            level: 'info',
            plugin: 'deployments',
            message:
              'Deployment notifications are off (deployments.notifications.enabled is false)',
          }),
        ]);
      } finally {
        await api.backend.stop();
      }
    });

    it('without the notifications backend: off, with exactly one log line, and the ingest works', async () => {
      const knex = await databases.init(id);
      const api = await startNotifyingBackend({
        knex,
        notificationsKnex: await databases.init(id),
        withoutNotifications: true,
      });
      try {
        expect(
          (await api.post(event({ deployment_id: 'absent-1' }))).status,
        ).toBe('failure');
        await new Promise(resolve => setTimeout(resolve, 1000));
        expect(await sentKeys(knex)).toEqual([]);
        expect(api.logs.filter(l => /notification/i.test(l.message))).toEqual([
          {
            level: 'info',
            plugin: 'deployments',
            message:
              'Deployment notifications are off: the notifications backend (@backstage/plugin-notifications-backend) is not installed',
          },
        ]);
      } finally {
        await api.backend.stop();
      }
    });

    it('a database failure while notifying is logged, never answered: the ingest still stores the event', async () => {
      const knex = await databases.init(id);
      const api = await startNotifyingBackend({
        knex,
        notificationsKnex: await databases.init(id),
      });
      try {
        await knex.schema.dropTable('deployments_notifications_sent');
        const stored = await api.post(event({ deployment_id: 'broken-1' }));
        expect(stored.status).toBe('failure');
        const logs = await eventually(
          async () => api.logs.filter(l => l.level === 'error'),
          errors => errors.length > 0,
        );
        expect(logs[0].message).toBe(
          `Could not notify of deployment event ${stored.id} (checkout/prod)`,
        );
        expect(await api.notificationsOf(MEMBER)).toEqual([]);
      } finally {
        await api.backend.stop();
      }
    });
  },
);
