import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';
import { postVoid } from '../__testUtils__/voidRequests';

jest.setTimeout(60_000);

/*
 * Freeze windows on the real plugin and HTTP stack, on SQLite and
 * PostgreSQL: windows placed around the real clock, ingest that still
 * accepts frozen events, in_freeze on every read that carries it, deny by
 * default, and a configuration mistake that stops the plugin.
 */

const databases = createTestDatabases();
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(databases.eachSupportedId())('freeze windows on %s', id => {
  const now = Date.now();
  const freezes = [
    { name: 'release-week', reason: 'Release week; ask #releases', environments: ['prod'], services: ['pay*'], start: iso(now - 2 * HOUR), end: iso(now + 2 * HOUR) },
    { name: 'tomorrow', reason: 'Data centre move', start: iso(now + 20 * HOUR), end: iso(now + 22 * HOUR) },
  ];

  it('lists the active and upcoming windows, and ingest still accepts events inside them', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({ knex, config: { deployments: { freezes } } });
    try {
      const res = await api.get('/freezes?service=payments&environment=prod');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        active: [
          {
            name: 'release-week',
            reason: 'Release week; ask #releases',
            start: iso(now - 2 * HOUR),
            end: iso(now + 2 * HOUR),
            environments: ['prod'],
            services: ['pay*'],
            timezone: 'UTC',
            cron: null,
          },
        ],
        upcoming: [expect.objectContaining({ name: 'tomorrow', start: iso(now + 20 * HOUR), services: null })],
      });
      // Not payments in prod: only the one for everything.
      const other = await (await api.get('/freezes?service=search')).json();
      expect({ active: other.active.length, upcoming: other.upcoming.map((w: any) => w.name) }).toEqual({
        active: 0,
        upcoming: ['tomorrow'],
      });

      // Visibility, not enforcement.
      const frozen = await api.post(eventInput({ service: 'payments', happened_at: iso(now - HOUR) }));
      expect(frozen.status).toBe(201);
      const created = await frozen.json();
      // The ingest answer is the contract's event, without in_freeze.
      expect(created).not.toHaveProperty('in_freeze');
      expect(await countStoredEvents(knex)).toBe(1);
      const mark = { name: 'release-week', reason: 'Release week; ask #releases' };
      expect((await (await api.get(`/${created.id}`)).json()).in_freeze).toEqual(mark);
      expect((await (await api.get('/?service=payments')).json()).items[0].in_freeze).toEqual(mark);
      expect((await (await api.get('/runs?service=payments')).json()).items[0].events[0].in_freeze).toEqual(mark);
      // A voided event, listed with include_voided, carries it too.
      expect((await postVoid(api.baseUrl, created.id, { reason: 'wrong slot' })).status).toBe(200);
      const listed = (await (await api.get('/?include_voided=true')).json()).items[0];
      expect([listed.voided?.reason, listed.in_freeze]).toEqual(['wrong slot', mark]);
    } finally {
      await api.backend.stop();
    }
  });

  it('carries in_freeze: null on every read event when no freeze is configured', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({ knex });
    try {
      const created = await (await api.post(eventInput())).json();
      expect((await (await api.get(`/${created.id}`)).json()).in_freeze).toBeNull();
      expect((await (await api.get('/')).json()).items.map((e: any) => e.in_freeze)).toEqual([null]);
      expect(await (await api.get('/freezes')).json()).toEqual({ active: [], upcoming: [] });
    } finally {
      await api.backend.stop();
    }
  });

  it('answers 403 when the policy denies reading', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({
      knex,
      config: { deployments: { freezes } },
      services: [mockServices.permissions.factory({ result: AuthorizeResult.DENY })],
    });
    try {
      const res = await api.get('/freezes');
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    } finally {
      await api.backend.stop();
    }
  });

  it('does not start with a freeze it cannot read, and says which key is wrong', async () => {
    const knex = await databases.init(id);
    await expect(
      startDeploymentsBackend({
        knex,
        config: { deployments: { freezes: [{ name: 'bad', reason: 'r', cron: '0 18 * * 8', duration: '1h' }] } },
      }),
    ).rejects.toThrow('deployments.freezes[0].cron: day-of-week value 8 is out of range 0-7');
  });
});
