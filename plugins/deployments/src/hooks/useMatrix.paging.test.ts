import { act } from '@testing-library/react';
import { DeploymentsApiError } from '../api/DeploymentsApiError';
import { serverWith } from './__testUtils__/FakeMatrixServer';
import { names, renderMatrix, tick } from './__testUtils__/renderMatrix';

describe('useMatrix paging', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('appends pages on loadMore until the server has no more', async () => {
    const server = serverWith(['a', 'b', 'c', 'd', 'e']);
    const { result } = renderMatrix(server, { pageSize: 2 });
    await tick();
    expect(names(result.current.matrix)).toEqual(['a', 'b']);
    expect(result.current.hasMore).toBe(true);

    act(() => {
      result.current.loadMore();
      result.current.loadMore();
    });
    expect(result.current.loadingMore).toBe(true);
    expect(server.pageQueries).toHaveLength(2);
    expect(server.pageQueries[1]).toEqual({
      view: 'summary',
      limit: 2,
      cursor: 'b',
    });
    await tick();
    expect(names(result.current.matrix)).toEqual(['a', 'b', 'c', 'd']);
    expect(result.current.loadingMore).toBe(false);

    act(() => result.current.loadMore());
    await tick();
    expect(names(result.current.matrix)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(result.current.hasMore).toBe(false);
    act(() => result.current.loadMore());
    expect(server.pageQueries).toHaveLength(3);
  });

  it('leaves rows beyond the loaded range to the page that brings them', async () => {
    const server = serverWith(['b', 'd', 'f', 'h']);
    const { result } = renderMatrix(server, { pageSize: 2 });
    await tick();
    expect(names(result.current.matrix)).toEqual(['b', 'd']);

    // 'a' falls within the loaded range; 'e', 'g' and 'h' do not.
    server.commit([
      { service: 'a', environment: 'prod' },
      { service: 'e', environment: 'prod' },
      { service: 'g', environment: 'qa' },
      { service: 'h', environment: 'prod', version: '2.0.0' },
    ]);
    await tick(300);
    expect(names(result.current.matrix)).toEqual(['a', 'b', 'd']);
    // Columns list every environment with data, rows or not.
    expect(result.current.matrix?.environments).toEqual(['prod', 'qa']);
    expect(server.lookupQueries.map(q => q.service)).toEqual([['a']]);

    // A frame arrives while the page that holds its row is on its way,
    // but after the server read that page: the page must not roll it back.
    server.hold();
    act(() => result.current.loadMore());
    server.commit([{ service: 'f', environment: 'prod', version: '3.0.0' }]);
    await tick(20);
    server.release();
    await tick();
    const shown = result.current.matrix!.services;
    expect(names(result.current.matrix)).toEqual(['a', 'b', 'd', 'e', 'f']);
    expect(shown[4].slots.prod.current.version).toBe('3.0.0');

    act(() => result.current.loadMore());
    await tick();
    const all = result.current.matrix!.services;
    expect(names(result.current.matrix)).toEqual([
      'a',
      'b',
      'd',
      'e',
      'f',
      'g',
      'h',
    ]);
    expect(all[6].slots.prod.current.version).toBe('2.0.0');
    expect(result.current.hasMore).toBe(false);
    // Pages brought 'e', 'g' and 'h': no lookups for them.
    expect(server.lookupQueries).toHaveLength(1);

    // Everything is loaded: any new service now gets its row at once.
    server.commit([{ service: 'zz', environment: 'prod' }]);
    await tick(20);
    expect(names(result.current.matrix)?.slice(-1)).toEqual(['zz']);
  });

  it('re-syncs everything loaded so far, not just the first page', async () => {
    const server = serverWith(['a', 'b', 'c', 'd', 'e', 'f']);
    const { result } = renderMatrix(server, { pageSize: 2 });
    await tick();
    act(() => result.current.loadMore());
    await tick();
    server.commit([{ service: 'a', environment: 'dev' }]);
    await tick(20);
    server.commit([{ service: 'c', environment: 'dev' }], false);
    await act(async () =>
      server.lastStream.fail(
        new DeploymentsApiError({ status: 400, title: 'Bad Request' }),
      ),
    );
    await tick(1_300);
    // One request for the whole loaded range, as large as it needs.
    expect(server.pageQueries.slice(2)).toEqual([
      { view: 'summary', limit: 4 },
    ]);
    expect(names(result.current.matrix)).toEqual(['a', 'b', 'c', 'd']);
    expect(result.current.matrix?.services[2].slots.dev).toBeDefined();
    expect(result.current.hasMore).toBe(true);
  });
});
