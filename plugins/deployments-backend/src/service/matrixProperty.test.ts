import { DeploymentEvent, MatrixResponse } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** The matrix computed from scratch: the definition, not the projection. */
function reduceLog(log: DeploymentEvent[]) {
  const slots = new Map<string, { current: DeploymentEvent; last: DeploymentEvent | null }>();
  // Insertion order = id order; `>=` lets the later received win a tie.
  for (const event of [...log].sort((a, b) => Number(a.id) - Number(b.id))) {
    const key = `${event.service}\u0000${event.environment}`;
    const slot = slots.get(key);
    const t = Date.parse(event.happened_at);
    const current = !slot || t >= Date.parse(slot.current.happened_at) ? event : slot.current;
    let last = slot?.last ?? null;
    if (event.status === 'success' && (!last || t >= Date.parse(last.happened_at))) last = event;
    slots.set(key, { current, last });
  }
  return slots;
}

describe.each(databases.eachSupportedId())('matrix property on %s', id => {
  it('equals a from-scratch reduction of the log for random, out-of-order events with ties', async () => {
    const api = await startDeploymentsBackend({ knex: await databases.init(id) });
    let seed = 1234;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T,>(items: T[]) => items[Math.floor(random() * items.length)];
    const statuses = ['in-progress', 'success', 'failure'];
    const total = 1500;
    const log: DeploymentEvent[] = [];
    for (let i = 0; i < total; i += 50) {
      // 50 concurrent posts per round: arrival order is not happened_at order.
      const batch = await Promise.all(
        Array.from({ length: 50 }, async (_, j) => {
          const res = await api.post({
            deployment_id: `d${i + j}`,
            service: pick(['a', 'b', 'c', 'd', 'e']),
            environment: pick(['dev', 'staging', 'prod', 'eu']),
            status: pick(statuses),
            // Only 20 distinct instants: many ties.
            happened_at: new Date(Date.UTC(2026, 0, 1) + Math.floor(random() * 20) * 60_000).toISOString(),
            version: `v${i + j}`,
          });
          expect(res.status).toBe(201);
          return (await res.json()) as DeploymentEvent;
        }),
      );
      log.push(...batch);
    }
    const matrix: MatrixResponse = await (await api.get('/matrix')).json();
    const expected = reduceLog(log);
    let slotCount = 0;
    for (const row of matrix.services) {
      for (const [env, slot] of Object.entries(row.slots)) {
        const want = expected.get(`${row.service}\u0000${env}`)!;
        expect(slot.current).toEqual(want.current);
        expect(slot.last_successful).toEqual(want.last);
        slotCount += 1;
      }
    }
    expect(slotCount).toBe(expected.size);
    await api.backend.stop();
  });
});
