import { act } from '@testing-library/react';
import { DeploymentsApiError } from '../api/DeploymentsApiError';
import { serverWith } from './__testUtils__/FakeMatrixServer';
import { names, renderMatrix, tick } from './__testUtils__/renderMatrix';

const server = () => serverWith(['checkout', 'payments']);

/**
 * A page that is live with a cursor; then an event it never gets a frame
 * for, and the stream answers that it no longer knows the cursor.
 */
async function loseCursor(failures = 0) {
  const fake = server();
  const hook = renderMatrix(fake);
  await tick();
  fake.commit([{ service: 'checkout', environment: 'dev' }]);
  await tick(20);
  fake.commit([{ service: 'orders', environment: 'prod' }], false);
  fake.failures = failures;
  fake.lastStream.fail(
    new DeploymentsApiError({ status: 400, title: 'Bad Request' }),
  );
  return { fake, ...hook };
}

describe('useMatrix re-syncs', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('opens the stream first and loads the rows once it is open', async () => {
    const fake = server();
    const { result } = renderMatrix(fake);
    expect(fake.streams).toHaveLength(1);
    expect(fake.streams[0].options.lastEventId).toBeUndefined();
    await tick();
    expect(result.current).toMatchObject({
      loading: false,
      status: 'live',
      hasMore: false,
      behind: false,
    });
    expect(names(result.current.matrix)).toEqual(['checkout', 'payments']);
  });

  it('resumes after a drop with Last-Event-ID and downloads nothing', async () => {
    const fake = server();
    const { result } = renderMatrix(fake);
    await tick();
    const [last] = fake.commit([{ service: 'checkout', environment: 'dev' }]);
    await tick(20);
    await act(async () => fake.lastStream.fail());
    expect(result.current.status).toBe('reconnecting');
    await tick(1300);
    expect(fake.streams).toHaveLength(2);
    expect(fake.streams[1].options.lastEventId).toBe(last.id);
    expect(result.current.status).toBe('live');
    expect(fake.pageQueries).toHaveLength(1);
  });

  it('re-syncs exactly once when the stream no longer knows the cursor', async () => {
    // 'orders' was missed: only a re-fetch shows it.
    const { fake, result } = await loseCursor();
    await tick(1300);
    expect(fake.streams).toHaveLength(2);
    expect(fake.streams[1].options.lastEventId).toBeUndefined();
    expect(fake.pageQueries).toHaveLength(2);
    expect(names(result.current.matrix)).toEqual([
      'checkout',
      'orders',
      'payments',
    ]);
    await tick(60_000);
    expect(fake.pageQueries).toHaveLength(2);
    expect(result.current.error).toBeUndefined();
  });

  it('retries a failed re-sync until it succeeds, saying it is behind meanwhile', async () => {
    const { fake, result } = await loseCursor(4);
    await tick(2_000);
    expect(fake.streams).toHaveLength(2);
    expect(result.current.behind).toBe(false);
    expect(result.current.error?.message).toBe('matrix unavailable');
    // The rows stay on screen while the re-sync is retried.
    expect(names(result.current.matrix)).toEqual(['checkout', 'payments']);
    await tick(1_500);
    expect(result.current.behind).toBe(true);
    // Backoff: 1 s, 2 s, 4 s, 8 s (±20 %) between the five attempts.
    await tick(20_000);
    expect(fake.pageQueries).toHaveLength(1 + 5);
    expect(names(result.current.matrix)).toEqual([
      'checkout',
      'orders',
      'payments',
    ]);
    expect(result.current.behind).toBe(false);
    expect(result.current.error).toBeUndefined();
  });

  it('retries a failed lookup until the new row has its catalog link', async () => {
    const fake = server();
    fake.links.orders = 'component:default/orders';
    const { result } = renderMatrix(fake);
    await tick();
    fake.failures = 3;
    fake.commit([{ service: 'orders', environment: 'prod' }]);
    await tick(20);
    expect(names(result.current.matrix)).toEqual([
      'checkout',
      'orders',
      'payments',
    ]);
    await tick(4_000);
    expect(result.current.behind).toBe(true);
    await tick(10_000);
    expect(fake.lookupQueries).toHaveLength(4);
    expect(result.current.matrix?.services[1].entity_ref).toBe(
      'component:default/orders',
    );
    expect(result.current.behind).toBe(false);
  });

  it('shows a failed first load as an error and keeps retrying', async () => {
    const fake = server();
    fake.failures = 1;
    const { result } = renderMatrix(fake);
    await tick();
    expect(result.current).toMatchObject({ loading: false, matrix: undefined });
    expect(result.current.error?.message).toBe('matrix unavailable');
    await tick(1_300);
    expect(result.current.error).toBeUndefined();
    expect(names(result.current.matrix)).toEqual(['checkout', 'payments']);
  });

  it('loads the rows even when the stream cannot connect', async () => {
    const fake = server();
    const open = fake.streamEvents.bind(fake);
    let refuse = true;
    fake.streamEvents = async options =>
      refuse
        ? Promise.reject(
            new DeploymentsApiError({ status: 503, title: 'Busy' }),
          )
        : open(options);
    const { result } = renderMatrix(fake);
    await tick();
    expect(names(result.current.matrix)).toEqual(['checkout', 'payments']);
    expect(result.current.status).toBe('reconnecting');
    refuse = false;
    await tick(1_300);
    expect(result.current.status).toBe('live');
    // The first open follows the load: it re-fetches what it might miss.
    expect(fake.pageQueries).toHaveLength(2);
  });
});
