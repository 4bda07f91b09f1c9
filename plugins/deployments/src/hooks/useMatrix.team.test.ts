import { FakeMatrixServer } from './__testUtils__/FakeMatrixServer';
import { names, renderMatrix, tick } from './__testUtils__/renderMatrix';

const COMMERCE = 'group:default/commerce';
const SQUAD = 'group:default/checkout-squad';

/** commerce owns web; its child group checkout-squad owns cart (and, later, pay). */
function server(): FakeMatrixServer {
  const fake = new FakeMatrixServer();
  fake.commit(
    [
      { service: 'cart', environment: 'prod' },
      { service: 'search', environment: 'prod' },
      { service: 'web', environment: 'prod' },
    ],
    false,
  );
  for (const service of ['cart', 'pay', 'search', 'web', 'other']) {
    fake.links[service] = `component:default/${service}`;
  }
  fake.owners = {
    'component:default/cart': SQUAD,
    'component:default/pay': SQUAD,
    'component:default/web': COMMERCE,
    'component:default/search': 'group:default/other',
    'component:default/other': 'group:default/other',
  };
  fake.teams = { [COMMERCE]: [COMMERCE, SQUAD] };
  return fake;
}

describe('useMatrix team filter', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends the team, and shows a new service of the team once its lookup (with the team) answers', async () => {
    const fake = server();
    const { result } = renderMatrix(fake, { filters: { team: COMMERCE } });
    await tick();
    expect(fake.pageQueries).toEqual([
      { view: 'summary', team: COMMERCE, limit: 200 },
    ]);
    expect(names(result.current.matrix)).toEqual(['cart', 'web']);

    fake.commit([
      { service: 'pay', environment: 'prod' },
      { service: 'other', environment: 'prod' },
    ]);
    await tick(300);
    expect(fake.lookupQueries).toEqual([
      { service: ['pay', 'other'], view: 'summary', team: COMMERCE },
    ]);
    expect(names(result.current.matrix)).toEqual(['cart', 'pay', 'web']);

    // Not the team's: never shown, never asked about again.
    fake.commit([{ service: 'other', environment: 'dev' }]);
    await tick(1_000);
    expect(fake.lookupQueries).toHaveLength(1);
    expect(names(result.current.matrix)).toEqual(['cart', 'pay', 'web']);
  });

  it('restarts from the first page when the team changes', async () => {
    const fake = server();
    const { result, rerender } = renderMatrix(fake, {
      filters: { team: COMMERCE },
    });
    await tick();
    rerender({ filters: { team: 'group:default/nobody' } });
    await tick();
    expect(fake.pageQueries[1].team).toBe('group:default/nobody');
    expect(names(result.current.matrix)).toEqual([]);
    expect(fake.streams).toHaveLength(1);
  });
});
