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
      commits: [],
      title: null,
      tags: [],
      is_test: false,
      change_type: null,
      source: 'api',
      voided: null,
    });
    await expect(store.getEvent(event.id)).resolves.toEqual(event);
    await expect(store.getEvent('999999')).resolves.toBeUndefined();
    await expect(store.getEvent('abc')).resolves.toBeUndefined();
  });

  it('stores commits, title, tags and change type, and indexes commit times', async () => {
    const event = await store.append(
      eventInput({
        commits: ['abc1234', { sha: 'DEF5678', authored_at: '2026-01-01T09:00:00+01:00' }, { sha: 'fff0000' }],
        title: 'Ship it',
        tags: ['hotfix', 'sev1'],
        change_type: 'hotfix',
      }),
      1,
    );
    expect(event.commits).toEqual([
      { sha: 'abc1234', authored_at: null },
      { sha: 'DEF5678', authored_at: '2026-01-01T08:00:00.000Z' },
      { sha: 'fff0000', authored_at: null },
    ]);
    expect([event.title, event.tags, event.change_type]).toEqual(['Ship it', ['hotfix', 'sev1'], 'hotfix']);
    await expect(store.getEvent(event.id)).resolves.toEqual(event);
    const [slot] = await store.listSlots();
    expect(slot.current).toEqual(event);
    // The index keeps SHAs lowercased for lookups; the event keeps them as sent.
    const rows = await knex('deployment_commits').orderBy('position');
    expect(rows.map(r => [Number(r.seq), r.position, r.sha, r.authored_at_ms === null ? null : Number(r.authored_at_ms)])).toEqual([
      [Number(event.id), 0, 'abc1234', null],
      [Number(event.id), 1, 'def5678', Date.parse('2026-01-01T08:00:00Z')],
      [Number(event.id), 2, 'fff0000', null],
    ]);
  });

  it('keeps test deployments out of the projection and default history', async () => {
    const real = await store.append(eventInput({ version: 'real' }), 1);
    const test = await store.append(
      eventInput({ version: 'test', is_test: true, happened_at: '2026-02-01T00:00:00Z', service: 'only-tests' }),
      2,
    );
    const alsoTest = await store.append(eventInput({ version: 'test2', is_test: true, happened_at: '2026-02-01T00:00:00Z' }), 3);
    const slots = await store.listSlots();
    expect(slots.map(x => x.current.id)).toEqual([real.id]);
    await expect(store.listServices()).resolves.toEqual(['checkout']);
    expect((await store.listHistory({}, 10)).map(e => e.id)).toEqual([real.id]);
    expect((await store.listHistory({ includeTests: true }, 10)).map(e => e.id)).toEqual([alsoTest.id, test.id, real.id]);
    expect(test.is_test).toBe(true);
    await knex('deployment_slots').delete();
    await store.rebuildSlots();
    expect((await store.listSlots()).map(x => x.current.id)).toEqual([real.id]);
  });

  it('imports an event once per (source, external id), and keeps provider checkpoints', async () => {
    const first = await store.appendImported(eventInput({ version: '1' }), 1, { source: 'github', externalId: 'status-1' });
    expect(first?.source).toBe('github');
    const again = await store.appendImported(eventInput({ version: 'changed' }), 2, { source: 'github', externalId: 'status-1' });
    expect(again).toBeUndefined();
    const otherSource = await store.appendImported(eventInput({ version: '2' }), 3, { source: 'gitlab', externalId: 'status-1' });
    expect(otherSource?.source).toBe('gitlab');
    // Pushed events have no external id and are never deduplicated.
    await store.append(eventInput(), 4);
    await store.append(eventInput(), 5);
    expect(await store.listAfterSeq(0, 10)).toHaveLength(4);
    expect((await store.getEvent(first!.id))?.version).toBe('1');
    await expect(store.getImportCheckpoint('github', 'acme/checkout')).resolves.toBeUndefined();
    await store.setImportCheckpoint('github', 'acme/checkout', 'one');
    await store.setImportCheckpoint('github', 'acme/checkout', 'two');
    await store.setImportCheckpoint('gitlab', 'acme/checkout', 'other');
    await expect(store.getImportCheckpoint('github', 'acme/checkout')).resolves.toBe('two');
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

  it('reads after a seq in seq order, optionally for one service', async () => {
    const a = await store.append(eventInput({ service: 'a' }), 1);
    const b = await store.append(eventInput({ service: 'b' }), 2);
    const c = await store.append(eventInput({ service: 'a' }), 3);
    expect((await store.listAfterSeq(0, 10)).map(e => e.id)).toEqual([a.id, b.id, c.id]);
    expect((await store.listAfterSeq(Number(a.id), 10, { service: 'a' })).map(e => e.id)).toEqual([c.id]);
    expect((await store.listAfterSeq(0, 10, { upToSeq: Number(b.id) })).map(e => e.id)).toEqual([a.id, b.id]);
    await expect(store.committedSeq()).resolves.toBe(Number(c.id));
  });

  it('assigns increasing seqs to concurrent appends', async () => {
    const events = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.append(eventInput({ deployment_id: `c${i}` }), i)),
    );
    const seqs = events.map(e => Number(e.id));
    expect(new Set(seqs).size).toBe(20);
    const all = await store.listAfterSeq(0, 100);
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
    const left = (await store.listAfterSeq(0, 100)).map(e => e.id);
    expect(left).toEqual([lastSuccess.id, current.id, newer.id]);
    expect(left).not.toContain(old.id);
    const slots = await store.listSlots({ service: 'a' });
    expect(slots[0].current.id).toBe(current.id);
    expect(slots[0].lastSuccessful?.id).toBe(lastSuccess.id);
  });

  it('upgrades slots stored before the insights migration to the new event shape', async () => {
    const directory = resolvePackagePath('@deploydash/plugin-deployments-backend', 'migrations');
    const event = await store.append(eventInput({ version: 'old' }), 1);
    // Back to before the insights migration (and every later one).
    while ((await knex.migrate.currentVersion({ directory })) >= '20261124000000') {
      await knex.migrate.down({ directory });
    }
    const [before] = await knex('deployment_slots').select('current_event');
    expect(JSON.parse(before.current_event)).not.toHaveProperty('commits');
    await knex.migrate.latest({ directory });
    const [slot] = await store.listSlots();
    expect(slot.current).toEqual(event);
    await expect(store.getEvent(event.id)).resolves.toEqual(event);
  });

  it('gives commit index rows their slot, time and shipped flag, when appended and when migrated', async () => {
    const directory = resolvePackagePath('@deploydash/plugin-deployments-backend', 'migrations');
    const at = '2026-02-01T10:00:00Z';
    const shipped = await store.append(eventInput({ commits: ['AAA1'], happened_at: at }), 1);
    await store.append(eventInput({ commits: ['bbb2'], status: 'failure', environment: 'qa' }), 2);
    await store.append(eventInput({ commits: ['ccc3'], is_test: true }), 3);
    const read = () =>
      knex('deployment_commits')
        .orderBy('sha')
        .select('sha', 'service', 'environment', 'happened_at_ms', 'shipped')
        .then(rows => rows.map(r => ({ ...r, happened_at_ms: Number(r.happened_at_ms), shipped: !!r.shipped })));
    const written = await read();
    expect(written).toEqual([
      { sha: 'aaa1', service: shipped.service, environment: shipped.environment, happened_at_ms: Date.parse(at), shipped: true },
      expect.objectContaining({ sha: 'bbb2', environment: 'qa', shipped: false }),
      expect.objectContaining({ sha: 'ccc3', shipped: false }),
    ]);
    // Rows written before the columns existed are filled in by the migration.
    while ((await knex.migrate.currentVersion({ directory })) >= '20261203000500') {
      await knex.migrate.down({ directory });
    }
    await knex.migrate.latest({ directory });
    expect(await read()).toEqual(written);
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
