import { FakeMatrixServer, serverWith } from './__testUtils__/FakeMatrixServer';
import { names, renderMatrix, tick } from './__testUtils__/renderMatrix';

const ORDER = ['dev', 'staging', 'prod'];
const SUMMARY_KEYS = [
  'actor',
  'deployment_id',
  'happened_at',
  'id',
  'run_number',
  'run_url',
  'status',
  'version',
];

/** The services, each deployed to dev, with catalog links. */
function linked(...services: string[]): FakeMatrixServer {
  const server = serverWith(services, 'dev');
  server.environmentOrder = ORDER;
  for (const service of [...services, 'a', 'c', 'e']) {
    server.links[service] = `component:default/${service}`;
  }
  return server;
}

describe('useMatrix frames', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('adds rows and columns from frames in the server order, with no matrix download', async () => {
    const server = linked('b', 'd');
    server.commit([{ service: 'd', environment: 'prod' }], false);
    const { result } = renderMatrix(server, {}, ORDER);
    await tick();
    expect(names(result.current.matrix)).toEqual(['b', 'd']);
    expect(result.current.matrix?.environments).toEqual(['dev', 'prod']);
    expect(server.pageQueries).toEqual([{ view: 'summary', limit: 200 }]);

    server.commit([
      { service: 'c', environment: 'staging' },
      { service: 'a', environment: 'qa' },
    ]);
    await tick(20);
    const { matrix } = result.current;
    expect(names(matrix)).toEqual(['a', 'b', 'c', 'd']);
    // Configured ones first, in configured order; then the rest.
    expect(matrix?.environments).toEqual(['dev', 'staging', 'prod', 'qa']);
    // Cut to the summary view, like a fresh load's rows.
    const slot = matrix!.services[0].slots.qa;
    expect(Object.keys(slot.current).sort()).toEqual(SUMMARY_KEYS);
    expect(matrix!.services[0].entity_ref).toBeNull();

    // The catalog links of both new rows: one lookup, after ~250 ms.
    await tick(300);
    expect(server.lookupQueries).toEqual([
      { service: ['a', 'c'], view: 'summary' },
    ]);
    expect(result.current.matrix?.services[0].entity_ref).toBe(
      'component:default/a',
    );
    // The looked-up row keeps the frame's slot (same event, same object).
    expect(result.current.matrix?.services[0].slots.qa).toBe(slot);

    // Known services are not looked up again; a new one is, alone.
    server.commit([
      { service: 'a', environment: 'dev' },
      { service: 'e', environment: 'dev' },
    ]);
    await tick(300);
    expect(server.lookupQueries).toHaveLength(2);
    expect(server.lookupQueries[1].service).toEqual(['e']);
    expect(server.pageQueries).toHaveLength(1);
    expect(names(result.current.matrix)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('batches lookups of many new services, at most 100 per request', async () => {
    const server = linked('b');
    const { result } = renderMatrix(server);
    await tick();
    const fresh = Array.from({ length: 150 }, (_, i) => `svc-${1000 + i}`);
    server.commit(fresh.map(service => ({ service, environment: 'dev' })));
    await tick(20);
    expect(result.current.matrix?.services).toHaveLength(151);
    expect(server.lookupQueries).toHaveLength(0);
    await tick(300);
    expect(server.lookupQueries.map(q => q.service!.length)).toEqual([100, 50]);
    // Frames for them again: no further lookups.
    server.commit(fresh.map(service => ({ service, environment: 'prod' })));
    await tick(1000);
    expect(server.lookupQueries).toHaveLength(2);
    expect(server.pageQueries).toHaveLength(1);
  });

  it('applies a burst of 1,000 frames in one render, keeping untouched rows', async () => {
    const services = Array.from({ length: 20 }, (_, i) => `svc-${10 + i}`);
    const server = linked(...services);
    const { result, renders } = renderMatrix(server);
    await tick();
    const before = result.current.matrix!;
    const count = renders();

    // 1,000 frames over 10 of the 20 rows and a new column, newest last.
    server.commit(
      Array.from({ length: 1000 }, (_, i) => ({
        service: services[i % 10],
        environment: i % 2 ? 'prod' : 'dev',
        version: `v${i}`,
        happened_at: new Date(Date.UTC(2026, 1, 1) + i * 1000).toISOString(),
      })),
    );
    expect(renders()).toBe(count);
    await tick(20);
    expect(renders()).toBe(count + 1);

    const after = result.current.matrix!;
    expect(after.environments).toEqual(['dev', 'prod']);
    expect(after.services[9].slots.prod.current.version).toBe('v999');
    expect(after.services[0].slots.dev.current.version).toBe('v990');
    expect(after.services[0]).not.toBe(before.services[0]);
    for (let i = 10; i < 20; i++) {
      expect(after.services[i]).toBe(before.services[i]);
    }
    await tick(1000);
    expect(renders()).toBe(count + 1);
  });

  it('follows one service with full events on the entity tab', async () => {
    const server = linked('b', 'd');
    const { result } = renderMatrix(server, { service: 'b' });
    await tick();
    expect(server.queries).toEqual([{ service: 'b' }]);
    expect(server.streams[0].options.service).toBe('b');
    expect(names(result.current.matrix)).toEqual(['b']);
    expect(result.current.hasMore).toBe(false);

    const [event] = server.commit([{ service: 'b', environment: 'prod' }]);
    await tick(20);
    expect(result.current.matrix?.services[0].slots.prod.current).toBe(event);
    expect(result.current.matrix?.environments).toEqual(['dev', 'prod']);
  });
});
