import { mockCredentials } from '@backstage/backend-test-utils';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';
import { startReplicas } from '../__testUtils__/replicas';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { postVoid } from '../__testUtils__/voidRequests';

jest.setTimeout(60_000);

// Replicas only exist on PostgreSQL: SQLite is a single process.
const databases = createTestDatabases(['POSTGRES_15']);
const auth = { Authorization: mockCredentials.user.header() };

describe('voiding on two backend replicas sharing one PostgreSQL', () => {
  let replicas: Awaited<ReturnType<typeof startReplicas>>;
  let a: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  let b: Awaited<ReturnType<typeof startDeploymentsBackend>>;

  beforeAll(async () => {
    // No polling safety net: only LISTEN/NOTIFY can tell the other replica.
    const config = { deployments: { stream: { pollInterval: '1h' } } };
    replicas = await startReplicas(databases, [{ config }, { config }]);
    [a, b] = replicas.backends;
  });

  afterAll(() => replicas.stop());

  it('sends the event: void frame of a void on A to streams on B within 1 s, and B\'s matrix drops it', async () => {
    const earlier = await a.seed(eventInput({ deployment_id: 'x-1', happened_at: '2026-01-01T09:00:00Z' }));
    const latest = await a.seed(eventInput({ deployment_id: 'x-2' }));
    const before = await b.get('/matrix');
    const etag = before.headers.get('etag')!;
    expect((await before.json()).services[0].slots.prod.current.id).toBe(latest.id);

    const stream = await openStream(`${b.baseUrl}/stream`, auth);
    expect((await postVoid(a.baseUrl, latest.id, { reason: 'wrong slot' })).status).toBe(200);
    const answered = Date.now();
    const [frame] = await stream.waitFor(m => m.event === 'void', 1, 1000);
    expect(Date.now() - answered).toBeLessThan(1000);
    expect(JSON.parse(frame.data!)).toMatchObject({ id: latest.id, voided: { reason: 'wrong slot' } });

    const after = await b.get('/matrix', { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect((await after.json()).services[0].slots.prod.current.id).toBe(earlier.id);
    await stream.close();
  });

  it('answers exactly one 200 and one 409 when both replicas void the same event at once', async () => {
    const outcomes: number[][] = [];
    for (let i = 0; i < 10; i++) {
      const event = await a.seed(eventInput({ deployment_id: `race-${i}` }));
      const statuses = await Promise.all(
        [a, b].map(replica => postVoid(replica.baseUrl, event.id, { reason: `race ${i}` }).then(r => r.status)),
      );
      outcomes.push(statuses.sort());
    }
    expect(outcomes).toEqual(Array.from({ length: 10 }, () => [200, 409]));
    const counts = await replicas
      .knex('deployment_event_voids')
      .select('seq')
      .count({ n: '*' })
      .groupBy('seq')
      .having(replicas.knex.raw('count(*) > 1'));
    expect(counts).toEqual([]);
  });

  it('keeps the slot right when appends and voids of one slot race on two replicas', async () => {
    const seeded = [];
    for (let i = 0; i < 6; i++) {
      seeded.push(
        await a.seed(eventInput({ service: 'race-slot', deployment_id: `r-${i}`, happened_at: `2026-01-0${i + 1}T10:00:00Z` })),
      );
    }
    // Void the newest ones on both replicas while newer and older events arrive.
    const statuses = await Promise.all([
      postVoid(a.baseUrl, seeded[5].id, { reason: 'race' }).then(r => r.status),
      postVoid(b.baseUrl, seeded[4].id, { reason: 'race' }).then(r => r.status),
      b.post(eventInput({ service: 'race-slot', deployment_id: 'r-old', happened_at: '2025-12-01T10:00:00Z' })).then(r => r.status),
      a.post(eventInput({ service: 'race-slot', deployment_id: 'r-mid', happened_at: '2026-01-04T12:00:00Z' })).then(r => r.status),
    ]);
    expect(statuses).toEqual([200, 200, 201, 201]);
    const matrix = await (await a.get('/matrix?service=race-slot')).json();
    expect(matrix.services[0].slots.prod.current.deployment_id).toBe('r-mid');
    // Equal to what a rebuild from the log computes.
    const history = await (await b.get('/?service=race-slot&limit=1')).json();
    // History adds the read-time `in_freeze` (no freezes configured: null); the matrix does not.
    expect({ ...matrix.services[0].slots.prod.current, in_freeze: null }).toEqual(history.items[0]);
  });
});
