import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { TEST_API_KEY, useDeploymentsBackend } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const batchOf = (n: number, prefix: string, overrides: Record<string, unknown> = {}) => ({
  events: Array.from({ length: n }, (_, i) =>
    eventInput({ deployment_id: `${prefix}-${i}`, service: `svc-${i % 5}`, ...overrides }),
  ),
});

describe.each(databases.eachSupportedId())('POST /api/deployments/batch on %s', id => {
  const backend = useDeploymentsBackend(databases, id, {
    moreApiKeys: [{ name: 'limited', key: 'limited-key-0123456789' }],
    config: {
      deployments: {
        ingest: { rateLimit: { eventsPerSecond: 0.01, burst: 100 } },
        // A batch's frames are far more than this: they are written whole, never cut off.
        stream: { maxBufferedBytes: 16 * 1024 },
      },
    },
  });

  const postBatch = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${backend.api.baseUrl}/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': TEST_API_KEY, ...headers },
      body: JSON.stringify(body),
    });

  it('appends in input order and streams one frame per event, in that order', async () => {
    const stream = await openStream(`${backend.api.baseUrl}/stream`, { Authorization: mockCredentials.user.header() });
    const body = batchOf(60, 'ordered', { actor: 'a'.repeat(256), ref: 'r'.repeat(256), title: 't'.repeat(256) });
    const res = await postBatch(body);
    expect(res.status).toBe(201);
    const { count, ids } = await res.json();
    expect(count).toBe(60);
    const frames = await stream.waitFor(m => m.event === 'deployment', 60);
    expect(frames.map(f => f.id)).toEqual(ids);
    expect(frames.map(f => JSON.parse(f.data!).deployment_id)).toEqual(body.events.map(e => e.deployment_id));
    await stream.close();
  });

  it('stores and streams nothing of a batch with one invalid event', async () => {
    const stream = await openStream(`${backend.api.baseUrl}/stream`, { Authorization: mockCredentials.user.header() });
    const before = await countStoredEvents(backend.knex);
    const body = batchOf(20, 'invalid');
    body.events[13] = eventInput({ happened_at: 'yesterday' });
    const res = await postBatch(body);
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([
      { field: 'events[13].happened_at', message: expect.stringContaining('RFC 3339') },
    ]);
    // A valid single event afterwards is the first and only frame.
    const single = await backend.api.post(eventInput({ deployment_id: 'after-invalid' }));
    const [frame] = await stream.waitFor(m => m.event === 'deployment');
    expect(frame.id).toBe((await single.json()).id);
    expect(await countStoredEvents(backend.knex)).toBe(before + 1);
    await stream.close();
  });

  it('counts the rate limit per event: 429 with Retry-After when the batch does not fit', async () => {
    const limited = { 'X-Api-Key': 'limited-key-0123456789' };
    // Each key has a bucket of 100; the other tests spend less than that of key 'ci'.
    expect((await postBatch(batchOf(80, 'limited'), limited)).status).toBe(201);
    const over = await postBatch(batchOf(30, 'limited-over'), limited);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await over.json()).detail).toBe("Key 'limited' is over its rate limit for a batch of 30 events");
    // The 20 tokens left still take 20 events.
    expect((await postBatch(batchOf(20, 'limited-fits'), limited)).status).toBe(201);
    const tooLarge = await postBatch(batchOf(101, 'limited-never'), limited);
    expect(tooLarge.status).toBe(429);
    expect((await tooLarge.json()).detail).toContain('send smaller batches');
  });

  it('takes a Backstage service token, like the single ingest', async () => {
    const res = await fetch(`${backend.api.baseUrl}/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: mockCredentials.service.header() },
      body: JSON.stringify(batchOf(2, 'service')),
    });
    expect(res.status).toBe(201);
  });

  it('replays a batch sent again with its Idempotency-Key: nothing stored or streamed twice', async () => {
    const body = batchOf(5, 'replayed');
    const key = { 'Idempotency-Key': 'import-deploys.ndjson-7' };
    const first = await postBatch(body, key);
    const firstText = await first.text();
    const before = await countStoredEvents(backend.knex);
    const stream = await openStream(`${backend.api.baseUrl}/stream`, { Authorization: mockCredentials.user.header() });
    const again = await postBatch(body, key);
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
    expect(await again.text()).toBe(firstText);
    expect(await countStoredEvents(backend.knex)).toBe(before);
    await new Promise(r => setTimeout(r, 300));
    expect(stream.deployments()).toEqual([]);
    await stream.close();
  });
});
