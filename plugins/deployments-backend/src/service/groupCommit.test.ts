import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend, TEST_API_KEY } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** A pseudo-random event: few slots, few distinct times (ties), some tests. */
function randomEvent(deploymentId: string, random: () => number) {
  const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
  return eventInput({
    deployment_id: deploymentId,
    service: pick(['checkout', 'search', 'cart', 'auth']),
    environment: pick(['dev', 'staging', 'prod']),
    status: pick(['success', 'failure', 'in-progress', 'cancelled']),
    happened_at: `2026-01-0${1 + Math.floor(random() * 3)}T10:00:0${Math.floor(random() * 3)}Z`,
    is_test: random() < 0.1,
    commits: random() < 0.3 ? ['abc1234'] : [],
  });
}

function seededRandom(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Every slot's current and last successful seq, as `service/environment current last`. */
async function slotSeqs(knex: Knex): Promise<string[]> {
  const rows = await knex('deployment_slots').select('service', 'environment', 'current_seq', 'last_success_seq');
  return rows.map(r => `${r.service}/${r.environment} ${r.current_seq} ${r.last_success_seq ?? '-'}`).sort();
}

describe.each(databases.eachSupportedId())('group commit under 32 concurrent clients on %s', id => {
  it('stores every 201 exactly once, as sent, with the projection equal to a recomputation', async () => {
    const knex = await databases.init(id);
    const api = await startDeploymentsBackend({ knex });
    // Every write takes a connection (on PostgreSQL so does each group's NOTIFY).
    const connections = jest.spyOn(knex.client, 'acquireConnection');

    const acknowledged = new Map<string, string>(); // id → deployment_id
    const failures: string[] = [];
    const end = Date.now() + 6_000;
    let requests = 0;
    await Promise.all(
      Array.from({ length: 32 }, async (_, client) => {
        const random = seededRandom(client + 1);
        for (let i = 0; Date.now() < end; i++) {
          requests += 1;
          // Every eighth client posts small batches, the others single events.
          const isBatch = client % 8 === 0;
          const bodies = Array.from({ length: isBatch ? 5 : 1 }, (_e, j) => randomEvent(`c${client}-${i}-${j}`, random));
          const res = await fetch(isBatch ? `${api.baseUrl}/batch` : api.baseUrl, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Api-Key': TEST_API_KEY },
            body: JSON.stringify(isBatch ? { events: bodies } : bodies[0]),
          });
          const answer = await res.json();
          if (res.status !== 201) failures.push(`${res.status} ${JSON.stringify(answer)}`);
          else if (isBatch) answer.ids.forEach((eventId: string, j: number) => acknowledged.set(eventId, bodies[j].deployment_id));
          else acknowledged.set(answer.id, bodies[0].deployment_id);
        }
      }),
    );
    const acquired = connections.mock.calls.length;
    connections.mockRestore();

    expect(failures).toEqual([]);
    const stored = await knex('deployment_events').select('seq', 'deployment_id');
    expect(stored).toHaveLength(acknowledged.size);
    expect(new Map(stored.map(r => [String(r.seq), r.deployment_id]))).toEqual(acknowledged);
    // Concurrent requests were written together: far fewer writes than requests.
    expect(acquired).toBeLessThan(requests * 0.7);

    const maintained = await slotSeqs(knex);
    await api.backend.stop();
    await knex('deployment_slots').delete();
    await (await DatabaseDeploymentsStore.fromKnex(knex)).rebuildSlots();
    expect(maintained).toEqual(await slotSeqs(knex));
  });
});
