import { startDeploymentsBackend, TEST_API_KEY } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { useOwnPostgres } from '../__testUtils__/ownPostgres';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';

jest.setTimeout(120_000);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const BATCH = 20;

/*
 * outage.test.ts checks single ingests through an outage; this one checks
 * what group commit and batches add: groups of concurrent requests fail
 * together and nothing of a refused group or batch is stored.
 */
describe('a database outage under grouped and batched ingest', () => {
  // Its own port: outage.test.ts may run at the same time.
  const own = useOwnPostgres(55433);

  it('answers 503 to whole groups while down, stores exactly what it acknowledged, all of a batch or none', async () => {
    const { server, knex } = own;
    const api = await startDeploymentsBackend({ knex });
    const accepted = new Set<string>();
    const refused: number[] = [];
    let posting = true;
    const writer = async (w: number) => {
      const isBatch = w < 2;
      for (let i = 0; posting; i++) {
        const events = Array.from({ length: isBatch ? BATCH : 1 }, (_, j) =>
          eventInput({ deployment_id: `w${w}-${i}-${j}`, service: `s${(w + j) % 5}` }),
        );
        try {
          const res = await fetch(isBatch ? `${api.baseUrl}/batch` : api.baseUrl, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Api-Key': TEST_API_KEY },
            body: JSON.stringify(isBatch ? { events } : events[0]),
          });
          const body = await res.json();
          if (res.status !== 201) refused.push(res.status);
          else for (const id of isBatch ? body.ids : [body.id]) accepted.add(String(id));
        } catch {
          refused.push(0);
        }
        await sleep(5);
      }
    };
    const writers = Array.from({ length: 16 }, (_, w) => writer(w));

    await sleep(1500);
    server.stop();
    await sleep(2500);
    const duringOutage = refused.length;
    server.start();
    await sleep(3000);
    posting = false;
    await Promise.all(writers);

    expect(duringOutage).toBeGreaterThan(0);
    expect(refused.filter(status => status !== 503)).toEqual([]);
    const stored = await knex('deployment_events').select('seq', 'deployment_id');
    expect(new Set(stored.map(r => String(r.seq)))).toEqual(accepted);
    // A batch is all there or not at all.
    const perBatch = new Map<string, number>();
    for (const { deployment_id: d } of stored.filter(r => /^w[01]-/.test(r.deployment_id))) {
      const batch = d.split('-').slice(0, 2).join('-');
      perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
    }
    expect([...perBatch.values()].filter(n => n !== BATCH)).toEqual([]);
    // The projection is what the stored log says.
    const slots = () =>
      knex('deployment_slots').orderBy(['service', 'environment']).select('service', 'current_seq', 'last_success_seq');
    const maintained = await slots();
    await api.backend.stop();
    await knex('deployment_slots').delete();
    await (await DatabaseDeploymentsStore.fromKnex(knex)).rebuildSlots();
    expect(await slots()).toEqual(maintained);
  });
});
