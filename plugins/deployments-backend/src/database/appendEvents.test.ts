import knexFactory, { Knex } from 'knex';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { countStoredEvents, eventInput } from '../__testUtils__/events';
import { DatabaseDeploymentsStore } from './DatabaseDeploymentsStore';
import { AppendItem } from './DeploymentsStore';
import { appendEvents } from './appendEvents';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const day = (d: number, hour = 0) => `2026-01-${String(d).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
const item = (overrides: Record<string, unknown>, receivedAtMs = 1): AppendItem => ({
  input: eventInput(overrides),
  receivedAtMs,
});

describe.each(databases.eachSupportedId())('appending many events on %s', id => {
  let knex: Knex;
  let store: DatabaseDeploymentsStore;

  beforeEach(async () => {
    knex = await databases.init(id as TestDatabaseId);
    store = await DatabaseDeploymentsStore.fromKnex(knex);
  });

  /** The projection as appends left it, next to the one recomputed from the log. */
  async function projectionAndRecomputation() {
    const byKey = (slots: Awaited<ReturnType<typeof store.listSlots>>) =>
      slots
        .map(s => `${s.current.service}/${s.current.environment}: ${s.current.id} ${s.lastSuccessful?.id ?? '-'}`)
        .sort();
    const maintained = byKey(await store.listSlots());
    await knex('deployment_slots').delete();
    await store.rebuildSlots();
    return { maintained, recomputed: byKey(await store.listSlots()) };
  }

  it('stores a batch in input order and answers the events in that order', async () => {
    const items = Array.from({ length: 30 }, (_, i) =>
      item({ deployment_id: `d${i}`, service: `s${i % 4}`, commits: i % 2 ? [`abc${i}`] : [] }, 100 + i),
    );
    const stored = await store.appendMany(items);
    expect(stored.map(e => e!.deployment_id)).toEqual(items.map(i => i.input.deployment_id));
    const seqs = stored.map(e => Number(e!.id));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect((await store.listAfterSeq(0, 100)).map(e => e.id)).toEqual(stored.map(e => e!.id));
    for (const event of stored) await expect(store.getEvent(event!.id)).resolves.toEqual(event);
    expect(await knex('deployment_commits').count({ n: '*' }).then(r => Number(r[0].n))).toBe(15);
  });

  it('stores all of a batch or nothing: a row the database refuses undoes the others', async () => {
    await store.append(eventInput({ deployment_id: 'before' }), 1);
    const slotsBefore = await store.listSlots();
    const items = [
      item({ deployment_id: 'a', service: 'other', commits: ['abc1234'] }),
      item({ deployment_id: 'b', happened_at: day(9) }),
      item({ deployment_id: 'c', service: null }),
    ];
    const outcome = await store.appendMany(items).then(
      events => `stored ${JSON.stringify(events)}`,
      error => `refused: ${error?.message ?? error}`,
    );
    expect(outcome).toMatch(/^refused: [\s\S]*(NOT NULL|not-null)/i);
    expect(await countStoredEvents(knex)).toBe(1);
    expect(await store.listSlots()).toEqual(slotsBefore);
    expect(await knex('deployment_commits').count({ n: '*' }).then(r => Number(r[0].n))).toBe(0);
  });

  it('reduces a batch to one projection update per slot: the newest, the newest success, ties to the later', async () => {
    await store.append(eventInput({ service: 'kept', happened_at: day(20), status: 'failure' }), 1);
    const stored = await store.appendMany([
      item({ service: 'kept', happened_at: day(10), status: 'success' }), // older than the stored current
      item({ service: 'a', happened_at: day(3), status: 'success' }),
      item({ service: 'a', happened_at: day(5), status: 'failure' }),
      item({ service: 'a', happened_at: day(4), status: 'success' }),
      item({ service: 'a', happened_at: day(5), status: 'in-progress' }), // ties day 5: later wins
      item({ service: 'a', happened_at: day(30), status: 'success', is_test: true }), // never in the projection
      item({ service: 'b', environment: 'dev', happened_at: day(1), status: 'failure' }),
      item({ service: 'only-tests', happened_at: day(1), is_test: true }),
    ]);
    const slots = await store.listSlots();
    const slot = (service: string) => slots.find(s => s.current.service === service)!;
    expect([slot('a').current.id, slot('a').lastSuccessful?.id]).toEqual([stored[4]!.id, stored[3]!.id]);
    expect(slot('kept').current.happened_at).toBe('2026-01-20T00:00:00.000Z');
    expect(slot('kept').lastSuccessful?.id).toBe(stored[0]!.id);
    expect(slot('b').lastSuccessful).toBeNull();
    expect(slots.map(s => s.current.service).sort()).toEqual(['a', 'b', 'kept']);
    const { maintained, recomputed } = await projectionAndRecomputation();
    expect(maintained).toEqual(recomputed);
  });

  it('stores an imported event once, even twice in one group', async () => {
    const origin = (externalId: string) => ({ source: 'github', externalId });
    const old = await store.appendImported(eventInput({ version: 'old' }), 1, origin('x'));
    const results = await store.appendMany([
      { ...item({ version: 'first' }), origin: origin('y') },
      { ...item({ version: 'again' }), origin: origin('y') },
      { ...item({ version: 'changed' }), origin: origin('x') },
      item({ version: 'pushed' }),
    ]);
    expect(results.map(e => e?.version)).toEqual(['first', undefined, undefined, 'pushed']);
    // Concurrent single imports are grouped: the same rule holds inside a group.
    const grouped = await Promise.all(
      ['z', 'z', 'x'].map((key, i) => store.appendImported(eventInput({ version: `g${i}` }), 2, origin(key))),
    );
    expect(grouped.map(e => e?.version)).toEqual(['g0', undefined, undefined]);
    expect((await store.getEvent(old!.id))?.version).toBe('old');
    expect(await countStoredEvents(knex)).toBe(4);
  });

  it('groups concurrent single appends: seqs in arrival order, fewer writes than events', async () => {
    // Every write takes a connection: one statement on PostgreSQL, one transaction on SQLite.
    const writes = jest.spyOn(knex.client, 'acquireConnection');
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => statements.push(query.sql);
    knex.on('query', onQuery);
    const events = await Promise.all(
      Array.from({ length: 40 }, (_, i) => store.append(eventInput({ deployment_id: `c${i}` }), i)),
    );
    knex.removeListener('query', onQuery);
    expect(events.map(e => e.deployment_id)).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`));
    const seqs = events.map(e => Number(e.id));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const groups = writes.mock.calls.length;
    writes.mockRestore();
    expect(groups).toBeGreaterThan(0);
    expect(groups).toBeLessThan(10);
    // PostgreSQL: one statement a group; SQLite writes on the raw connection, past Knex.
    const inserts = statements.filter(sql => /insert into .?deployment_events/i.test(sql));
    expect(inserts).toHaveLength(id === 'POSTGRES_15' ? groups : 0);
  });

  it('falls back to an unnamed statement when a pooler lost or shared its named one', async () => {
    if (id !== 'POSTGRES_15') return;
    // One connection, holding a statement of that name already, as a pgbouncer
    // server connection used by another backend process would.
    const single = knexFactory({ client: 'pg', connection: knex.client.connectionSettings, pool: { min: 1, max: 1 } });
    try {
      await single.raw('PREPARE deployments_append_events AS SELECT 1');
      const [first] = await appendEvents(single, [item({ deployment_id: 'after-clash' })]);
      const [second] = await appendEvents(single, [item({ deployment_id: 'unnamed-again' })]);
      expect([first?.deployment_id, second?.deployment_id]).toEqual(['after-clash', 'unnamed-again']);
      expect(await countStoredEvents(knex)).toBe(2);
    } finally {
      await single.destroy();
    }
  });

  it('never deadlocks concurrent batches over the same slots, and keeps the projection right', async () => {
    const batch = (b: number) =>
      Array.from({ length: 100 }, (_, i) =>
        item({
          deployment_id: `b${b}-${i}`,
          // Each batch walks the slots in another order.
          service: `s${(b % 2 ? i : 99 - i) % 10}`,
          environment: `e${(i * (b + 1)) % 3}`,
          happened_at: day(1 + ((i * 7 + b) % 5), i % 3),
          status: ['success', 'failure', 'in-progress'][(i + b) % 3],
        }),
      );
    const results = await Promise.all([0, 1, 2, 3].map(b => store.appendMany(batch(b))));
    expect(results.flat().filter(e => e === undefined)).toEqual([]);
    expect(await countStoredEvents(knex)).toBe(400);
    const { maintained, recomputed } = await projectionAndRecomputation();
    expect(maintained).toEqual(recomputed);
  });
});
