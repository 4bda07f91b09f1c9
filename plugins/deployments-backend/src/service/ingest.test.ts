import { createHash } from 'crypto';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('POST /api/deployments on %s', id => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;

  beforeAll(async () => {
    const knex = await databases.init(id);
    api = await startDeploymentsBackend({
      knex,
      moreApiKeys: [{ name: 'hashed', sha256: createHash('sha256').update('hashed-key').digest('hex') }],
    });
  });
  afterAll(() => api.backend.stop());

  const historyCount = async () => {
    const res = await api.get('?limit=500');
    return ((await res.json()) as { items: unknown[] }).items.length;
  };

  it('stores a valid event: 201, Location and the stored event', async () => {
    const res = await api.post(eventInput({ version: '1.0.0', run_number: 42, sha: null }));
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(res.headers.get('location')).toBe(`/api/deployments/${body.id}`);
    expect(body).toMatchObject({ service: 'checkout', version: '1.0.0', run_number: 42, sha: null });
    const read = await api.get(`/${body.id}`);
    // A read also says whether the event fell in a freeze window; none is configured here.
    expect(await read.json()).toEqual({ ...body, in_freeze: null });
  });

  it('appends every retry as a new row', async () => {
    const before = await historyCount();
    await api.post(eventInput({ deployment_id: 'retry' }));
    await api.post(eventInput({ deployment_id: 'retry' }));
    expect(await historyCount()).toBe(before + 2);
  });

  it.each([
    ['a missing key', {}],
    ['a wrong key', { 'X-Api-Key': 'nope' }],
    ['an empty key', { 'X-Api-Key': '' }],
    ['a user token instead of a key', { 'X-Api-Key': '', Authorization: mockCredentials.user.header() }],
  ])('rejects %s with a problem+json 401 and stores nothing', async (_name, headers) => {
    const before = await historyCount();
    const res = await fetch(api.baseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(eventInput()),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(await historyCount()).toBe(before);
  });

  it('accepts a key configured as its SHA-256 digest', async () => {
    const res = await api.post(eventInput(), { 'X-Api-Key': 'hashed-key' });
    expect(res.status).toBe(201);
  });

  it('accepts a Backstage service token', async () => {
    const res = await fetch(api.baseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: mockCredentials.service.header() },
      body: JSON.stringify(eventInput()),
    });
    expect(res.status).toBe(201);
  });

  it('lists every offending field in one 422', async () => {
    const res = await api.post({
      deployment_id: '',
      service: 'x'.repeat(129),
      status: 'done',
      happened_at: '2024-01-01',
      run_number: '42',
      run_url: 'ftp://example.com',
      colour: 'blue',
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.json();
    expect(body).toMatchObject({ type: 'about:blank', status: 422, title: expect.any(String) });
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['colour', 'deployment_id', 'environment', 'happened_at', 'run_number', 'run_url', 'service', 'status'].sort(),
    );
  });

  it.each([
    ['happened_at without time', { happened_at: '2024-01-01' }],
    ['happened_at with a space', { happened_at: '2024-01-01 10:00:00Z' }],
    ['happened_at without offset', { happened_at: '2024-01-01T10:00:00' }],
    ['an impossible date', { happened_at: '2023-02-29T10:00:00Z' }],
    ['happened_at "yesterday"', { happened_at: 'yesterday' }],
    ['a negative run_number', { run_number: -1 }],
    ['a fractional run_number', { run_number: 1.5 }],
    ['run_number beyond 2^53 - 1', { run_number: 2 ** 53 }],
    ['a relative run_url', { run_url: '/runs/1' }],
    ['a javascript: run_url', { run_url: ['javascript', 'alert(1)'].join(':') }],
    ['a NUL character', { service: 'a\u0000b' }],
    ['33 parents', { parent_deployments: Array.from({ length: 33 }, (_, i) => `p${i}`) }],
    ['an empty parent', { parent_deployments: [''] }],
    ['a status in capitals', { status: 'SUCCESS' }],
    ['an environment over 64 chars', { environment: 'e'.repeat(65) }],
    ['a version over 128 chars', { version: 'v'.repeat(129) }],
    ['a sha over 64 chars', { sha: 'a'.repeat(65) }],
    ['an unknown field', { extra: 1 }],
  ])('rejects %s with 422', async (_name, overrides) => {
    const res = await api.post(eventInput(overrides));
    expect(res.status).toBe(422);
    expect((await res.json()).errors.length).toBeGreaterThan(0);
  });

  it('treats null optional fields as absent', async () => {
    const res = await api.post(eventInput({ version: null, parent_deployments: null, run_number: null }));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: null, parent_deployments: [], run_number: null });
  });

  it('converts offsets to UTC with millisecond precision', async () => {
    const res = await api.post(eventInput({ happened_at: '2026-03-01T01:30:00.9999-02:30' }));
    expect((await res.json()).happened_at).toBe('2026-03-01T04:00:00.999Z');
  });

  it('accepts exactly 64 KiB and answers 413 above it', async () => {
    const skeleton = JSON.stringify(eventInput({ version: '' }));
    const pad = 65_536 - Buffer.byteLength(skeleton);
    // Pad with spaces (valid JSON whitespace) so the body stays valid.
    const exact = `${skeleton.slice(0, -1)}${' '.repeat(pad)}}`;
    expect(Buffer.byteLength(exact)).toBe(65_536);
    expect((await api.post(exact)).status).toBe(201);
    const over = await api.post(`${exact} `);
    expect(over.status).toBe(413);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 415 for a non-JSON body and 400 for malformed JSON', async () => {
    const form = await api.post('a=b', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    expect(form.headers.get('content-type')).toContain('application/problem+json');
    const broken = await api.post('{"service": ');
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toContain('application/problem+json');
  });

  it('rejects a JSON body that is not an object', async () => {
    for (const body of ['[]', '"text"', 'null', '42']) {
      const res = await api.post(body);
      expect(res.status).toBe(422);
    }
  });

  it('keeps strings exactly as sent, newlines and unicode included', async () => {
    const actor = 'Zoë 🚀\nline two\r\n\u2028';
    const res = await api.post(eventInput({ actor }));
    const body = await res.json();
    expect(body.actor).toBe(actor);
    expect((await (await api.get(`/${body.id}`)).json()).actor).toBe(actor);
  });

  it('is healthy without credentials', async () => {
    const res = await fetch(`${api.baseUrl}/health`);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
