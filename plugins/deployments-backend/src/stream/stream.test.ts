import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };
const isDeployment = (m: { event?: string }) => m.event === 'deployment';

describe.each(databases.eachSupportedId())('GET /api/deployments/stream on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;

  beforeAll(async () => {
    api = await startDeploymentsBackend({
      knex: await databases.init(id),
      config: { deployments: { stream: { pingIntervalSeconds: 0.3 } } },
    });
  });
  afterAll(() => api.backend.stop());

  it('sends headers at once and a frame within 1 s of the 201, through compression', async () => {
    const stream = await openStream(`${api.baseUrl}/stream`, {
      ...auth,
      'Accept-Encoding': 'gzip',
    });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
    const posted = await (await api.post(eventInput({ actor: 'a\nb' }))).json();
    const acceptedAt = Date.now();
    const [frame] = await stream.waitFor(isDeployment, 1, 1000);
    expect(Date.now() - acceptedAt).toBeLessThan(1000);
    expect(frame.id).toBe(posted.id);
    expect(JSON.parse(frame.data!)).toEqual(posted);
    await stream.close();
  });

  it('sends : ping comments while idle', async () => {
    const stream = await openStream(`${api.baseUrl}/stream`, auth);
    const pings = await stream.waitFor(m => m.comment === 'ping', 2, 3000);
    expect(pings).toHaveLength(2);
    await stream.close();
  });

  it('replays after Last-Event-ID with no gap and no duplicate, then continues live', async () => {
    const first = await openStream(`${api.baseUrl}/stream`, auth);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await (await api.post(eventInput({ deployment_id: `r${i}` }))).json()).id);
    const received = await first.waitFor(isDeployment, 5);
    expect(received.map(m => m.id)).toEqual(ids);
    await first.close();

    // Disconnected after the second frame: more events arrive meanwhile.
    for (let i = 5; i < 8; i++) ids.push((await (await api.post(eventInput({ deployment_id: `r${i}` }))).json()).id);
    const resumed = await openStream(`${api.baseUrl}/stream`, { ...auth, 'Last-Event-ID': ids[1] });
    const replayed = await resumed.waitFor(isDeployment, 6);
    expect(replayed.map(m => m.id)).toEqual(ids.slice(2));
    ids.push((await (await api.post(eventInput({ deployment_id: 'r8' }))).json()).id);
    const all = await resumed.waitFor(isDeployment, 7);
    expect(all.map(m => m.id)).toEqual(ids.slice(2));
    await resumed.close();
  });

  it('replays and streams only the requested service, also with last_event_id as query', async () => {
    const start = (await (await api.post(eventInput({ service: 'x' }))).json()).id;
    await api.post(eventInput({ service: 'y' }));
    const wanted = (await (await api.post(eventInput({ service: 'x' }))).json()).id;
    const stream = await openStream(`${api.baseUrl}/stream?service=x&last_event_id=${start}`, auth);
    await stream.waitFor(isDeployment, 1);
    await api.post(eventInput({ service: 'y' }));
    const live = (await (await api.post(eventInput({ service: 'x' }))).json()).id;
    const frames = await stream.waitFor(isDeployment, 2);
    expect(frames.map(m => m.id)).toEqual([wanted, live]);
    await stream.close();
  });

  it('loses nothing when events are posted while a client replays', async () => {
    const base = await (await api.post(eventInput({ service: 'burst' }))).json();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) ids.push((await (await api.post(eventInput({ service: 'burst' }))).json()).id);
    const stream = await openStream(`${api.baseUrl}/stream?service=burst`, { ...auth, 'Last-Event-ID': base.id });
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, async () => (await (await api.post(eventInput({ service: 'burst' }))).json()).id as string),
    );
    const expected = [...ids, ...concurrent].sort((a, b) => Number(a) - Number(b));
    const frames = await stream.waitFor(isDeployment, expected.length);
    expect(frames.map(m => m.id)).toEqual(expected);
    await stream.close();
  });

  it('delivers every event exactly once, in cursor order, under concurrent ingest', async () => {
    const stream = await openStream(`${api.baseUrl}/stream?service=storm`, auth);
    const posted = await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        const res = await api.post(eventInput({ service: 'storm', deployment_id: `s${i}` }));
        return (await res.json()).id as string;
      }),
    );
    const frames = await stream.waitFor(isDeployment, posted.length, 15_000);
    await new Promise(r => setTimeout(r, 300));
    const ids = stream.deployments().map(m => Number(m.id));
    expect(ids).toEqual(posted.map(Number).sort((a, b) => a - b));
    expect(frames).toHaveLength(150);
    await stream.close();
  });

  it('rejects a malformed Last-Event-ID with 400', async () => {
    const res = await fetch(`${api.baseUrl}/stream`, { headers: { ...auth, 'Last-Event-ID': 'abc' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
