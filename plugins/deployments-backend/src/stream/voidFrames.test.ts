import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { useDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { openStream, SseMessage } from '../__testUtils__/sseClient';
import { postVoid } from '../__testUtils__/voidRequests';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const auth = { Authorization: mockCredentials.user.header() };
const isVoid = (m: SseMessage) => m.event === 'void';

describe.each(databases.eachSupportedId())('event: void frames on %s', id => {
  const backend = useDeploymentsBackend(databases, id);

  it('sends an event: void frame with the voided event within 1 s, to the streams that want its service', async () => {
    const all = await openStream(`${backend.api.baseUrl}/stream`, auth);
    const same = await openStream(
      `${backend.api.baseUrl}/stream?service=checkout`,
      auth,
    );
    const other = await openStream(
      `${backend.api.baseUrl}/stream?service=search`,
      auth,
    );
    const event = await backend.api.seed(
      eventInput({ deployment_id: 'to-void' }),
    );
    await all.waitFor(m => m.event === 'deployment' && m.id === event.id);

    const res = await postVoid(backend.api.baseUrl, event.id, {
      reason: 'posted twice by mistake',
    });
    const answered = Date.now();
    expect(res.status).toBe(200);
    const voided = await res.json();
    const [frame] = await all.waitFor(isVoid, 1, 1000);
    expect(Date.now() - answered).toBeLessThan(1000);
    // No id: a void is not a position of the log, so Last-Event-ID stays put.
    expect(frame.id).toBeUndefined();
    expect(JSON.parse(frame.data!)).toEqual(voided);
    expect(JSON.parse(frame.data!).voided).toMatchObject({
      reason: 'posted twice by mistake',
    });
    await same.waitFor(isVoid, 1, 1000);

    // A later event on the other service's stream arrives, and no void before it.
    const later = await backend.api.seed(eventInput({ service: 'search' }));
    await other.waitFor(m => m.event === 'deployment' && m.id === later.id);
    expect(other.messages.filter(isVoid)).toEqual([]);
    await Promise.all([all.close(), same.close(), other.close()]);
  });

  it('never sends a voided event as a deployment frame when replaying', async () => {
    const start = await backend.api.seed(
      eventInput({ deployment_id: 'replay-0' }),
    );
    const kept = await backend.api.seed(
      eventInput({ deployment_id: 'replay-1' }),
    );
    const gone = await backend.api.seed(
      eventInput({ deployment_id: 'replay-2' }),
    );
    const last = await backend.api.seed(
      eventInput({ deployment_id: 'replay-3' }),
    );
    expect(
      (await postVoid(backend.api.baseUrl, gone.id, { reason: 'bad data' }))
        .status,
    ).toBe(200);

    const replay = await openStream(`${backend.api.baseUrl}/stream`, {
      ...auth,
      'Last-Event-ID': start.id,
    });
    await replay.waitFor(m => m.event === 'deployment' && m.id === last.id);
    expect(replay.deployments().map(m => m.id)).toEqual([kept.id, last.id]);
    for (const m of replay.deployments())
      expect(JSON.parse(m.data!).voided).toBeNull();
    await replay.close();
  });
});
