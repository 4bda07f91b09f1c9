import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { eventInput } from '../__testUtils__/events';
import { DatabaseDeploymentsStore } from './DatabaseDeploymentsStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const migrations = {
  directory: resolvePackagePath(
    '@deploydash/plugin-deployments-backend',
    'migrations',
  ),
};

describe.each(databases.eachSupportedId())('voids in the store on %s', id => {
  it('the migration gives stored slots "voided":null last, and takes it away again on the way down', async () => {
    const knex = await databases.init(id as TestDatabaseId);
    const store = await DatabaseDeploymentsStore.fromKnex(knex);
    await store.append(eventInput(), 1);
    const slotJson = async () =>
      (await knex('deployment_slots').first()).current_event as string;
    expect(await slotJson()).toMatch(/,"voided":null\}$/);

    await knex.migrate.down({
      ...migrations,
      name: '20261217000000_event_voids.js',
    });
    expect(await slotJson()).toMatch(/,"source":"api"\}$/);
    expect(await knex.schema.hasTable('deployment_event_voids')).toBe(false);

    await knex.migrate.latest(migrations);
    const [slot] = await store.listSlots();
    expect(slot.current).toEqual(await store.getEvent(slot.current.id));
    expect(Object.keys(slot.current).at(-1)).toBe('voided');
  });

  it('never updates or deletes an event, and keeps the projection equal to a rebuild from the log', async () => {
    const knex = await databases.init(id as TestDatabaseId);
    const store = await DatabaseDeploymentsStore.fromKnex(knex);
    // A small random log over two slots, with some events voided as it grows.
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const ids: string[] = [];
    const outcomes = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const event = await store.append(
        eventInput({
          service: random() < 0.5 ? 'a' : 'b',
          deployment_id: `d-${i % 7}`,
          status: random() < 0.6 ? 'success' : 'failure',
          happened_at: new Date(
            Date.UTC(2026, 0, 1) + Math.floor(random() * 30) * 60_000,
          ).toISOString(),
        }),
        i,
      );
      ids.push(event.id);
      if (random() < 0.3) {
        const target = ids[Math.floor(random() * ids.length)];
        const outcome = await store.voidEvent({
          seq: Number(target),
          atMs: i,
          by: 'user:default/t',
          reason: 'r',
        });
        outcomes.add(outcome.outcome);
      }
    }
    expect([...outcomes].sort()).toEqual(['already-voided', 'voided']);
    const rows = await knex('deployment_events').orderBy('seq');
    const incremental = await store.listSlots();
    for (const slot of incremental) {
      expect(slot.current.voided).toBeNull();
      expect(slot.lastSuccessful?.voided ?? null).toBeNull();
    }
    await store.rebuildSlots();
    // listSlots has no order of its own (PostgreSQL returns rebuilt rows in another one).
    const bySlot = (slots: typeof incremental) =>
      [...slots].sort((x, y) =>
        `${x.current.service}\u0000${x.current.environment}`.localeCompare(
          `${y.current.service}\u0000${y.current.environment}`,
        ),
      );
    expect(bySlot(await store.listSlots())).toEqual(bySlot(incremental));
    // The log itself is exactly as appended.
    expect(await knex('deployment_events').orderBy('seq')).toEqual(rows);
    expect(await store.voidCount()).toBe(
      Number((await knex('deployment_event_voids').count({ n: '*' }))[0].n),
    );
    expect(await store.committedVoidId()).toBeGreaterThan(0);
  });

  it('answers not-found and already-voided, and lists voids after a cursor with their events', async () => {
    const knex = await databases.init(id as TestDatabaseId);
    const store = await DatabaseDeploymentsStore.fromKnex(knex);
    const first = await store.append(eventInput(), 1);
    const second = await store.append(
      eventInput({ deployment_id: 'run-2' }),
      2,
    );
    expect(
      await store.voidEvent({ seq: 999, atMs: 3, by: 'u', reason: 'r' }),
    ).toEqual({ outcome: 'not-found' });
    const voided = await store.voidEvent({
      seq: Number(first.id),
      atMs: Date.UTC(2026, 0, 2),
      by: 'u',
      reason: 'why',
    });
    expect(voided).toMatchObject({
      outcome: 'voided',
      event: {
        ...first,
        voided: { at: '2026-01-02T00:00:00.000Z', by: 'u', reason: 'why' },
      },
    });
    expect(
      await store.voidEvent({
        seq: Number(first.id),
        atMs: 4,
        by: 'v',
        reason: 'again',
      }),
    ).toEqual({
      outcome: 'already-voided',
    });
    await store.voidEvent({
      seq: Number(second.id),
      atMs: 5,
      by: 'u',
      reason: 'too',
    });
    const upTo = await store.committedVoidId();
    const all = await store.listVoidsAfter(0, upTo, 10);
    expect(all.map(v => v.event.id)).toEqual([first.id, second.id]);
    expect(await store.listVoidsAfter(all[0].voidId, upTo, 10)).toEqual([
      all[1],
    ]);
    expect(await store.listSlots()).toEqual([]);
  });
});
