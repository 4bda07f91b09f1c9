import { FakeMatrixServer } from './__testUtils__/FakeMatrixServer';
import { names, renderMatrix, tick } from './__testUtils__/renderMatrix';

const TEAM_A = 'group:default/team-a';

function server(): FakeMatrixServer {
  const fake = new FakeMatrixServer();
  fake.commit(
    [
      { service: 'checkout', environment: 'prod' },
      { service: 'pay-api', environment: 'prod' },
      { service: 'payments', environment: 'prod', status: 'failure' },
    ],
    false,
  );
  for (const service of ['checkout', 'pay-api', 'payments', 'zeta', 'omega']) {
    fake.links[service] = `component:default/${service}`;
  }
  fake.owners = {
    'component:default/checkout': TEAM_A,
    'component:default/payments': TEAM_A,
    'component:default/zeta': TEAM_A,
    'component:default/omega': 'group:default/team-b',
  };
  return fake;
}

describe('useMatrix filters', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('asks the server for q and filters frames by name', async () => {
    const fake = server();
    const { result } = renderMatrix(fake, { filters: { q: ' PAY ' } });
    await tick();
    expect(fake.pageQueries).toEqual([
      { view: 'summary', q: 'PAY', limit: 200 },
    ]);
    expect(names(result.current.matrix)).toEqual(['pay-api', 'payments']);

    fake.commit([
      { service: 'paygate', environment: 'prod' },
      { service: 'shipping', environment: 'prod' },
      { service: 'checkout', environment: 'dev' },
    ]);
    await tick(300);
    expect(names(result.current.matrix)).toEqual([
      'pay-api',
      'paygate',
      'payments',
    ]);
    expect(fake.lookupQueries.map(q => q.service)).toEqual([['paygate']]);
  });

  it('restarts from the first page on a filter change and keeps the stream', async () => {
    const fake = server();
    const { result, rerender } = renderMatrix(fake, { pageSize: 2 });
    await tick();
    expect(result.current.hasMore).toBe(true);

    rerender({ pageSize: 2, filters: { failuresOnly: true } });
    expect(result.current.matrix).toBeUndefined();
    expect(result.current.loading).toBe(true);
    await tick();
    expect(fake.pageQueries[1]).toEqual({
      view: 'summary',
      failuresOnly: true,
      limit: 2,
    });
    expect(names(result.current.matrix)).toEqual(['payments']);
    expect(result.current.hasMore).toBe(false);
    expect(fake.streams).toHaveLength(1);

    // Fixed: the row no longer matches; a new failure elsewhere does.
    fake.commit([
      { service: 'payments', environment: 'prod', status: 'success' },
      { service: 'pay-api', environment: 'dev', status: 'failure' },
      { service: 'checkout', environment: 'dev', status: 'success' },
    ]);
    await tick(20);
    expect(names(result.current.matrix)).toEqual(['pay-api']);
    // Failing again: the row was kept, so it comes back without a fetch.
    fake.commit([
      { service: 'payments', environment: 'dev', status: 'failure' },
    ]);
    await tick(300);
    expect(names(result.current.matrix)).toEqual(['pay-api', 'payments']);
    expect(fake.lookupQueries.map(q => q.service)).toEqual([['pay-api']]);
    expect(fake.pageQueries).toHaveLength(2);
  });

  it('shows a new service under an owner filter once its lookup says whose it is', async () => {
    const fake = server();
    const { result } = renderMatrix(fake, { filters: { owner: TEAM_A } });
    await tick();
    expect(fake.pageQueries[0].owner).toBe(TEAM_A);
    expect(names(result.current.matrix)).toEqual(['checkout', 'payments']);

    fake.commit([
      { service: 'zeta', environment: 'prod' },
      { service: 'omega', environment: 'prod' },
    ]);
    await tick(20);
    expect(names(result.current.matrix)).toEqual(['checkout', 'payments']);
    // A frame that arrives while the lookup is on its way is not lost.
    fake.hold();
    await tick(250);
    const [late] = fake.commit([
      { service: 'zeta', environment: 'prod', version: '9.9.9' },
    ]);
    await tick(20);
    fake.release();
    await tick();
    expect(fake.lookupQueries).toEqual([
      { service: ['zeta', 'omega'], view: 'summary', owner: TEAM_A },
    ]);
    expect(names(result.current.matrix)).toEqual([
      'checkout',
      'payments',
      'zeta',
    ]);
    expect(result.current.matrix?.services[2].slots.prod.current.id).toBe(
      late.id,
    );

    // Not the owner's: never shown, never asked about again.
    fake.commit([{ service: 'omega', environment: 'dev' }]);
    await tick(1_000);
    expect(fake.lookupQueries).toHaveLength(1);
    expect(names(result.current.matrix)).toEqual([
      'checkout',
      'payments',
      'zeta',
    ]);
    expect(result.current.behind).toBe(false);
  });
});
