import { Knex } from 'knex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { eventInput } from '../__testUtils__/events';
import { DatabaseDeploymentsStore } from './DatabaseDeploymentsStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('DatabaseDeploymentsStore on %s', id => {
  let knex: Knex;
  let store: DatabaseDeploymentsStore;

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    store = await DatabaseDeploymentsStore.fromKnex(knex);
  });

  it('appends an event and returns it exactly as stored', async () => {
    const event = await store.append(
      eventInput({
        happened_at: '2026-01-01T12:00:00.123456+02:00',
        version: '1.2.3',
        run_number: 9_007_199_254_740_991,
        parent_deployments: ['a', 'b'],
        actor: 'line1\nline2',
      }),
      Date.parse('2026-01-01T11:00:00Z'),
    );
    expect(event).toEqual({
      id: expect.stringMatching(/^\d+$/),
      deployment_id: 'run-1',
      service: 'checkout',
      environment: 'prod',
      status: 'success',
      happened_at: '2026-01-01T10:00:00.123Z',
      received_at: '2026-01-01T11:00:00.000Z',
      version: '1.2.3',
      run_url: null,
      run_number: 9_007_199_254_740_991,
      actor: 'line1\nline2',
      ref: null,
      sha: null,
      parent_deployments: ['a', 'b'],
    });
    await expect(store.getEvent(event.id)).resolves.toEqual(event);
    await expect(store.getEvent('999999')).resolves.toBeUndefined();
    await expect(store.getEvent('abc')).resolves.toBeUndefined();
  });

  it('keeps the latest happened_at as current, whatever the arrival order', async () => {
    const late = await store.append(eventInput({ happened_at: '2026-01-02T00:00:00Z', status: 'failure' }), 1);
    await store.append(eventInput({ happened_at: '2026-01-01T00:00:00Z', status: 'success' }), 2);
    const [slot] = await store.listSlots();
    expect(slot.current.id).toBe(late.id);
    expect(slot.lastSuccessful?.happened_at).toBe('2026-01-01T00:00:00.000Z');
  });

  it('lets the later received event win a tie on happened_at', async () => {
    await store.append(eventInput({ status: 'success', version: 'first' }), 1);
    const second = await store.append(eventInput({ status: 'failure', version: 'second' }), 2);
    const [slot] = await store.listSlots();
    expect(slot.current.id).toBe(second.id);
    expect(slot.lastSuccessful?.version).toBe('first');
  });

  it('has no last successful event until one succeeds', async () => {
    await store.append(eventInput({ status: 'in-progress' }), 1);
    const [slot] = await store.listSlots();
    expect(slot.current.status).toBe('in-progress');
    expect(slot.lastSuccessful).toBeNull();
  });

  it('lists slots, services and environments from the projection', async () => {
    await store.append(eventInput({ service: 'b', environment: 'prod' }), 1);
    await store.append(eventInput({ service: 'a', environment: 'dev' }), 2);
    await store.append(eventInput({ service: 'a', environment: 'prod' }), 3);
    await expect(store.listServices()).resolves.toEqual(['a', 'b']);
    await expect(store.listEnvironments()).resolves.toEqual(['dev', 'prod']);
    expect(await store.listSlots({ service: 'a' })).toHaveLength(2);
    expect(await store.listSlots()).toHaveLength(3);
  });

  it('pages history newest first by (happened_at, received order)', async () => {
    const ids: string[] = [];
    for (const [i, t] of ['01', '03', '02', '03'].entries()) {
      const e = await store.append(
        eventInput({ happened_at: `2026-01-${t}T00:00:00Z`, deployment_id: `d${i}` }),
        i,
      );
      ids.push(e.id);
    }
    const first = await store.listHistory({}, 2);
    expect(first.map(e => e.id)).toEqual([ids[3], ids[1]]);
    const last = first[1];
    const rest = await store.listHistory({}, 10, {
      happenedAtMs: Date.parse(last.happened_at),
      seq: Number(last.id),
    });
    expect(rest.map(e => e.id)).toEqual([ids[2], ids[0]]);
    const filtered = await store.listHistory(
      { sinceMs: Date.parse('2026-01-02T00:00:00Z'), untilMs: Date.parse('2026-01-03T00:00:00Z') },
      10,
    );
    expect(filtered.map(e => e.id)).toEqual([ids[2]]);
    expect((await store.listHistory({ deploymentId: 'd1' }, 10)).map(e => e.id)).toEqual([ids[1]]);
  });

  it('reads after a cursor in cursor order, optionally for one service', async () => {
    const a = await store.append(eventInput({ service: 'a' }), 1);
    const b = await store.append(eventInput({ service: 'b' }), 2);
    const c = await store.append(eventInput({ service: 'a' }), 3);
    expect((await store.listAfterCursor(0, 10)).map(e => e.id)).toEqual([a.id, b.id, c.id]);
    expect((await store.listAfterCursor(Number(a.id), 10, { service: 'a' })).map(e => e.id)).toEqual([c.id]);
    expect((await store.listAfterCursor(0, 10, { upToSeq: Number(b.id) })).map(e => e.id)).toEqual([a.id, b.id]);
    await expect(store.committedCursor()).resolves.toBe(Number(c.id));
  });

  it('assigns increasing cursors to concurrent appends', async () => {
    const events = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.append(eventInput({ deployment_id: `c${i}` }), i)),
    );
    const seqs = events.map(e => Number(e.id));
    expect(new Set(seqs).size).toBe(20);
    const all = await store.listAfterCursor(0, 100);
    expect(all).toHaveLength(20);
  });

  it('rebuilds exactly the projection that appends maintain', async () => {
    const times = ['01', '03', '02', '03', '01'];
    for (const [i, day] of times.entries()) {
      await store.append(
        eventInput({
          service: `s${i % 2}`,
          status: i % 3 ? 'success' : 'failure',
          happened_at: `2026-01-${day}T00:00:00Z`,
        }),
        i,
      );
    }
    const maintained = await store.listSlots();
    await knex('deployment_slots').delete();
    await store.rebuildSlots();
    const rebuilt = await store.listSlots();
    const byService = (a: { current: { service: string } }, b: { current: { service: string } }) =>
      a.current.service.localeCompare(b.current.service);
    expect(rebuilt.sort(byService)).toEqual(maintained.sort(byService));
  });

  it('retention deletes old history but never a slot\'s current or last successful event', async () => {
    const at = (day: string, status = 'success', service = 'a') =>
      store.append(eventInput({ service, status, happened_at: `2026-01-${day}T00:00:00Z` }), 0);
    const lastSuccess = await at('01');
    await at('02', 'failure');
    const current = await at('03', 'failure');
    const old = await at('01', 'success', 'b');
    const newer = await at('05', 'success', 'b');
    const deleted = await store.deleteHistoryBefore(Date.parse('2026-01-04T00:00:00Z'));
    expect(deleted).toBe(2);
    const left = (await store.listAfterCursor(0, 100)).map(e => e.id);
    expect(left).toEqual([lastSuccess.id, current.id, newer.id]);
    expect(left).not.toContain(old.id);
    const slots = await store.listSlots({ service: 'a' });
    expect(slots[0].current.id).toBe(current.id);
    expect(slots[0].lastSuccessful?.id).toBe(lastSuccess.id);
  });

  it('migrates down and up again', async () => {
    const directory = resolvePackagePath('@deploydash/plugin-deployments-backend', 'migrations');
    await knex.migrate.rollback({ directory }, true);
    expect(await knex.schema.hasTable('deployment_events')).toBe(false);
    expect(await knex.schema.hasTable('deployment_slots')).toBe(false);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('deployment_events')).toBe(true);
  });
});
