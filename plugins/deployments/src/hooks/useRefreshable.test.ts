import { act, renderHook, waitFor } from '@testing-library/react';
import { useRefreshable } from './useRefreshable';

/** A load function whose answers the test resolves by hand. */
function controlledLoad() {
  const calls: Array<{
    signal: AbortSignal;
    resolve: (value: string) => void;
    reject: (error: Error) => void;
  }> = [];
  const load = (signal: AbortSignal) =>
    new Promise<string>((resolve, reject) =>
      calls.push({ signal, resolve, reject }),
    );
  return { load, calls };
}

describe('useRefreshable', () => {
  it('keeps the answer while refreshing and aborts superseded requests', async () => {
    const { load, calls } = controlledLoad();
    const { result, rerender } = renderHook(
      ({ refreshKey }) => useRefreshable(load, refreshKey),
      { initialProps: { refreshKey: '1' } },
    );
    expect(result.current.loading).toBe(true);
    calls[0].resolve('first');
    await waitFor(() => expect(result.current.value).toBe('first'));

    rerender({ refreshKey: '2' });
    rerender({ refreshKey: '3' });
    expect(calls).toHaveLength(3);
    expect(calls[1].signal.aborted).toBe(true);
    // Still shown while the refresh runs.
    expect(result.current).toEqual({
      value: 'first',
      loading: false,
      retry: expect.any(Function),
    });

    calls[1].resolve('stale');
    calls[2].resolve('third');
    await waitFor(() => expect(result.current.value).toBe('third'));
  });

  it('starts over for a new request and reports errors', async () => {
    const first = controlledLoad();
    const second = controlledLoad();
    const { result, rerender } = renderHook(
      ({ load }) => useRefreshable(load),
      { initialProps: { load: first.load } },
    );
    first.calls[0].resolve('first');
    await waitFor(() => expect(result.current.value).toBe('first'));

    rerender({ load: second.load });
    expect(result.current).toEqual({
      loading: true,
      retry: expect.any(Function),
    });
    second.calls[0].reject(new Error('boom'));
    await waitFor(() => expect(result.current.error?.message).toBe('boom'));
    expect(result.current.value).toBeUndefined();
    expect(result.current.loading).toBe(false);
  });

  it('retries after a failure, showing loading rather than the old error', async () => {
    const { load, calls } = controlledLoad();
    const { result } = renderHook(() => useRefreshable(load));
    calls[0].reject(new Error('boom'));
    await waitFor(() => expect(result.current.error?.message).toBe('boom'));

    act(() => result.current.retry());
    expect(calls).toHaveLength(2);
    expect(result.current.loading).toBe(true);
    expect(result.current.error).toBeUndefined();
    calls[1].resolve('second');
    await waitFor(() => expect(result.current.value).toBe('second'));
  });

  it('keeps the last good value while retrying a failed refresh', async () => {
    const { load, calls } = controlledLoad();
    const { result, rerender } = renderHook(
      ({ refreshKey }) => useRefreshable(load, refreshKey),
      { initialProps: { refreshKey: '1' } },
    );
    calls[0].resolve('first');
    await waitFor(() => expect(result.current.value).toBe('first'));
    rerender({ refreshKey: '2' });
    calls[1].reject(new Error('boom'));
    await waitFor(() => expect(result.current.error?.message).toBe('boom'));
    expect(result.current.value).toBe('first');

    act(() => result.current.retry());
    expect(result.current).toEqual({
      value: 'first',
      loading: false,
      retry: expect.any(Function),
    });
    calls[2].resolve('third');
    await waitFor(() => expect(result.current.value).toBe('third'));
  });

  it('aborts on unmount and loads nothing without a load function', () => {
    const { load, calls } = controlledLoad();
    const { unmount } = renderHook(() => useRefreshable(load));
    unmount();
    expect(calls[0].signal.aborted).toBe(true);

    const { result } = renderHook(() => useRefreshable(undefined));
    expect(result.current).toEqual({
      loading: false,
      retry: expect.any(Function),
    });
  });
});
