import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuditorService } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  useDeploymentsBackend,
  TEST_API_KEY,
} from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';
import { postVoid, voidDeniedTo } from '../__testUtils__/voidRequests';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const READER = 'user:default/reader';

interface AuditRecord {
  eventId: string;
  outcome?: 'success' | 'fail';
  meta: Record<string, unknown>;
  error?: string;
}

/** An auditor that remembers every event and how it ended. */
function recordingAuditor() {
  const records: AuditRecord[] = [];
  const auditor: Partial<AuditorService> = {
    async createEvent(options) {
      const record: AuditRecord = {
        eventId: options.eventId,
        meta: { ...options.meta },
      };
      records.push(record);
      return {
        async success(done) {
          record.outcome = 'success';
          Object.assign(record.meta, done?.meta);
        },
        async fail(done) {
          record.outcome = 'fail';
          record.error = done.error.name;
          Object.assign(record.meta, done.meta);
        },
      };
    },
  };
  return { records, factory: mockServices.auditor.mock(auditor).factory };
}

describe.each(databases.eachSupportedId())('voiding events on %s', id => {
  const audit = recordingAuditor();
  const state = useDeploymentsBackend(databases, id, {
    services: [audit.factory, voidDeniedTo(READER)],
  });
  /** The log every test below starts from, by name. */
  const events: Record<string, { id: string }> = {};

  const json = async (path: string) => {
    const res = await state.api.get(path);
    expect([path, res.status]).toEqual([path, 200]);
    return res.json();
  };
  /** One event as GET /{id} returns it, minus what other features add to reads (in_freeze). */
  const stored = async (eventId: string) => {
    const { in_freeze: _inFreeze, ...event } = await json(`/${eventId}`);
    return event;
  };
  const prodSlot = async () => {
    const matrix = await json('/matrix?service=checkout');
    return matrix.services[0]?.slots.prod;
  };
  const metrics = () =>
    json(
      '/metrics?service=checkout&from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z&bucket=day',
    );

  beforeAll(async () => {
    const seed = (name: string, body: Record<string, unknown>) =>
      state.api.seed(eventInput(body)).then(event => {
        events[name] = event;
      });
    await seed('first', {
      deployment_id: 'p-1',
      version: '1.0.0',
      happened_at: '2026-03-01T10:00:00Z',
    });
    await seed('started', {
      deployment_id: 'p-2',
      status: 'in-progress',
      version: '2.0.0',
      happened_at: '2026-03-02T09:55:00Z',
    });
    await seed('second', {
      deployment_id: 'p-2',
      version: '2.0.0',
      happened_at: '2026-03-02T10:00:00Z',
      commits: [{ sha: 'abc1234', authored_at: '2026-03-02T08:00:00Z' }],
    });
    await seed('failed', {
      deployment_id: 'p-3',
      status: 'failure',
      version: '3.0.0',
      happened_at: '2026-03-03T10:00:00Z',
    });
    await seed('staged', {
      deployment_id: 'st-4',
      environment: 'staging',
      version: '4.0.0',
      happened_at: '2026-03-03T09:00:00Z',
    });
    await seed('test', {
      deployment_id: 't-1',
      is_test: true,
      happened_at: '2026-03-03T11:00:00Z',
    });
  });

  it('answers 200 with the event carrying voided; every other event carries voided: null', async () => {
    expect((await json(`/${events.failed.id}`)).voided).toBeNull();
    const before = Date.now();
    const res = await postVoid(state.api.baseUrl, events.failed.id, {
      reason: 'Wrong environment: this ran in staging',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = await res.json();
    expect(body).toEqual({
      ...(await stored(events.failed.id)),
      voided: {
        at: expect.stringMatching(
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
        ),
        by: 'user:default/mock',
        reason: 'Wrong environment: this ran in staging',
      },
    });
    expect(Date.parse(body.voided.at)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(body.voided.at)).toBeLessThanOrEqual(Date.now());
    // Nothing left the log: GET /{id} still returns it, as voided.
    expect(await stored(events.failed.id)).toEqual(body);
    expect(await countStoredEvents(state.knex)).toBe(6);
  });

  it('falls back to the previous event in the matrix, and changes the ETag', async () => {
    const first = await state.api.get('/matrix?service=checkout');
    const etag = first.headers.get('etag')!;
    expect((await prodSlot()).current).toMatchObject({
      id: events.second.id,
      voided: null,
    });
    expect((await prodSlot()).last_successful).toMatchObject({
      id: events.second.id,
      voided: null,
    });

    expect(
      (
        await postVoid(state.api.baseUrl, events.second.id, {
          reason: 'never shipped',
        })
      ).status,
    ).toBe(200);
    const slot = await prodSlot();
    // The run p-2 keeps its in-progress event; the last success is the first one.
    expect(slot.current).toMatchObject({
      id: events.started.id,
      status: 'in-progress',
      voided: null,
    });
    expect(slot.last_successful).toMatchObject({
      id: events.first.id,
      voided: null,
    });
    const after = await state.api.get('/matrix?service=checkout', {
      'If-None-Match': etag,
    });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    // The stored projection is what the matrix serves.
    const row = await state
      .knex('deployment_slots')
      .where({ service: 'checkout', environment: 'prod' })
      .first();
    expect(JSON.parse(row.current_event)).toEqual(slot.current);
  });

  it('leaves voided events out of runs, metrics and promotion', async () => {
    const runs = await json('/runs?service=checkout&environment=prod');
    expect(
      runs.items.map((r: any) => [
        r.deployment_id,
        r.status,
        r.events.map((e: any) => e.id),
      ]),
    ).toEqual([
      ['p-2', 'in-progress', [events.started.id]],
      ['p-1', 'success', [events.first.id]],
    ]);
    for (const run of runs.items)
      for (const event of run.events) expect(event.voided).toBeNull();

    const { overall } = await metrics();
    expect(overall.deployment_frequency.deployments).toBe(1);
    expect(overall.change_failure_rate).toMatchObject({ failed: 0, total: 1 });
    expect(overall.lead_time.samples).toBe(0);
    expect(overall.deployment_duration.samples).toBe(0);

    const before = await json('/promotion?service=checkout');
    const stage = (body: any) =>
      body.services[0].stages.find((s: any) => s.environment === 'prod');
    expect(stage(before).current).toMatchObject({
      id: events.first.id,
      voided: null,
    });
    expect(stage(before).waiting.map((e: any) => e.id)).toEqual([
      events.staged.id,
    ]);
    expect(
      (
        await postVoid(state.api.baseUrl, events.staged.id, {
          reason: 'test push',
        })
      ).status,
    ).toBe(200);
    expect(stage(await json('/promotion?service=checkout')).waiting).toEqual(
      [],
    );
  });

  it('shows voided events in history only with include_voided=true', async () => {
    const plain = await json('/?service=checkout&include_tests=true');
    expect(plain.items.map((e: any) => e.id)).toEqual([
      events.test.id,
      events.started.id,
      events.first.id,
    ]);
    for (const event of plain.items) expect(event.voided).toBeNull();

    const all = await json(
      '/?service=checkout&include_tests=true&include_voided=true',
    );
    expect(all.items.map((e: any) => [e.id, e.voided?.reason ?? null])).toEqual(
      [
        [events.test.id, null],
        [events.failed.id, 'Wrong environment: this ran in staging'],
        [events.staged.id, 'test push'],
        [events.second.id, 'never shipped'],
        [events.started.id, null],
        [events.first.id, null],
      ],
    );
    // Pages walk the same list.
    const page1 = await json(
      '/?service=checkout&include_tests=true&include_voided=true&limit=4',
    );
    const page2 = await json(
      `/?service=checkout&include_tests=true&include_voided=true&limit=4&cursor=${page1.next_cursor}`,
    );
    expect([...page1.items, ...page2.items].map((e: any) => e.id)).toEqual(
      all.items.map((e: any) => e.id),
    );
    expect((await state.api.get('/?include_voided=yes')).status).toBe(400);
  });

  it('answers 409 to a second void, and leaves the first one as it was', async () => {
    const first = await json(`/${events.failed.id}`);
    const res = await postVoid(state.api.baseUrl, events.failed.id, {
      reason: 'again',
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toContain(
      'application/problem+json',
    );
    expect(await res.json()).toMatchObject({
      status: 409,
      title: 'Conflict',
      detail: `Deployment event ${events.failed.id} is already voided`,
    });
    expect(await json(`/${events.failed.id}`)).toEqual(first);
    expect(
      Number(
        (await state.knex('deployment_event_voids').count({ n: '*' }))[0].n,
      ),
    ).toBe(3);
  });

  it('voids a test deployment without touching the matrix', async () => {
    const matrix = await json('/matrix');
    expect(
      (
        await postVoid(state.api.baseUrl, events.test.id, {
          reason: 'wiring check',
        })
      ).status,
    ).toBe(200);
    expect((await json('/matrix')).services).toEqual(matrix.services);
    expect(
      (await json('/?service=checkout&include_tests=true')).items.map(
        (e: any) => e.id,
      ),
    ).toEqual([events.started.id, events.first.id]);
  });

  it('removes a slot whose every event is voided', async () => {
    const lone = await state.api.seed(
      eventInput({ service: 'lonely', happened_at: '2026-03-01T00:00:00Z' }),
    );
    expect((await json('/matrix?service=lonely')).services).toHaveLength(1);
    expect(
      (
        await postVoid(state.api.baseUrl, lone.id, {
          reason: 'typo in the service name',
        })
      ).status,
    ).toBe(200);
    expect((await json('/matrix?service=lonely')).services).toEqual([]);
    expect((await json(`/${lone.id}`)).voided).toMatchObject({
      reason: 'typo in the service name',
    });
  });

  it('answers 404 to an unknown id', async () => {
    for (const unknown of ['999999', 'abc', '0']) {
      const res = await postVoid(state.api.baseUrl, unknown, { reason: 'x' });
      expect([unknown, res.status]).toEqual([unknown, 404]);
      expect(await res.json()).toMatchObject({
        detail: `No deployment event with id '${unknown}'`,
      });
    }
  });

  it('rejects a bad reason with 400 naming it, and stores nothing', async () => {
    const fresh = await state.api.seed(
      eventInput({ happened_at: '2026-02-01T00:00:00Z' }),
    );
    const cases: Array<[unknown, string]> = [
      [{}, 'reason: is required'],
      [{ reason: '' }, 'reason: must not be empty'],
      [{ reason: 'x'.repeat(501) }, 'reason: must be at most 500 characters'],
      [{ reason: null }, 'reason: must be a string of 1 to 500 characters'],
      [{ reason: 7 }, 'reason: must be a string of 1 to 500 characters'],
      [{ reason: 'ok', by: 'me' }, 'by: is not a known field'],
      ['[]', '(body): must be a JSON object {"reason": "..."}'],
    ];
    for (const [body, detail] of cases) {
      const res = await postVoid(state.api.baseUrl, fresh.id, body);
      expect([body, res.status]).toEqual([body, 400]);
      const problem = await res.json();
      expect(problem.detail).toBe(detail);
      const at = detail.indexOf(': ');
      expect(problem.errors).toEqual([
        { field: detail.slice(0, at), message: detail.slice(at + 2) },
      ]);
    }
    const malformed = await postVoid(state.api.baseUrl, fresh.id, '{"reason":');
    expect(malformed.status).toBe(400);
    const plain = await fetch(`${state.api.baseUrl}/${fresh.id}/void`, {
      method: 'POST',
      headers: {
        'Content-Type': 'text/plain',
        Authorization: mockCredentials.user.header(),
      },
      body: 'because',
    });
    expect(plain.status).toBe(415);
    expect((await json(`/${fresh.id}`)).voided).toBeNull();
    // 500 characters are fine.
    expect(
      (await postVoid(state.api.baseUrl, fresh.id, { reason: 'y'.repeat(500) }))
        .status,
    ).toBe(200);
  });

  it('is 401 with only an X-Api-Key or without credentials, and 403 without deployments.event.void', async () => {
    const target = await state.api.seed(
      eventInput({ happened_at: '2026-02-02T00:00:00Z' }),
    );
    const attempts: Array<Record<string, string>> = [
      {},
      { 'X-Api-Key': TEST_API_KEY },
      { Authorization: 'Bearer not-a-token' },
    ];
    for (const headers of attempts) {
      const res = await postVoid(
        state.api.baseUrl,
        target.id,
        { reason: 'x' },
        headers,
      );
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain(
        'application/problem+json',
      );
    }
    const reader = { Authorization: mockCredentials.user.header(READER) };
    const denied = await postVoid(
      state.api.baseUrl,
      target.id,
      { reason: 'x' },
      reader,
    );
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({
      detail: 'Not allowed: deployments.event.void',
    });
    // The same user still reads; the event is untouched.
    const read = await state.api.get(`/${target.id}`, reader);
    expect(read.status).toBe(200);
    expect((await read.json()).voided).toBeNull();
    // A service principal with the permission may void; `by` is its subject.
    const service = await postVoid(
      state.api.baseUrl,
      target.id,
      { reason: 'by a bot' },
      {
        Authorization: mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:janitor'),
          targetPluginId: 'deployments',
        }),
      },
    );
    expect(service.status).toBe(200);
    expect((await service.json()).voided.by).toBe('plugin:janitor');
  });

  it('audits every void, refusals too, with who, what and why', async () => {
    const voids = audit.records.filter(r => r.eventId === 'deployment-void');
    const successes = voids.filter(r => r.outcome === 'success');
    expect(successes[0].meta).toMatchObject({
      id: events.failed.id,
      by: 'user:default/mock',
      service: 'checkout',
      environment: 'prod',
      status: 'failure',
      reason: 'Wrong environment: this ran in staging',
    });
    const failures = voids.filter(r => r.outcome === 'fail').map(r => r.error);
    expect(failures).toEqual(
      expect.arrayContaining([
        'ConflictError',
        'NotFoundError',
        'InvalidBodyError',
        'NotAllowedError',
      ]),
    );
    expect(voids.every(r => r.outcome !== undefined)).toBe(true);
  });
});
