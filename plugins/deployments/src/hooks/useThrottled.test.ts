import { act, renderHook } from '@testing-library/react';
import { useThrottled } from './useThrottled';

describe('useThrottled', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('passes the first change at once and later ones at most once per interval', () => {
    const { result, rerender } = renderHook(
      ({ value }) => useThrottled(value, 5_000),
      { initialProps: { value: 'a' } },
    );
    expect(result.current).toBe('a');

    rerender({ value: 'b' });
    expect(result.current).toBe('b');

    // A burst within the interval: held back, then only the latest passes.
    act(() => jest.advanceTimersByTime(1_000));
    rerender({ value: 'c' });
    rerender({ value: 'd' });
    expect(result.current).toBe('b');
    act(() => jest.advanceTimersByTime(3_999));
    expect(result.current).toBe('b');
    act(() => jest.advanceTimersByTime(1));
    expect(result.current).toBe('d');

    // After a quiet interval the next change passes at once again.
    act(() => jest.advanceTimersByTime(5_000));
    rerender({ value: 'e' });
    expect(result.current).toBe('e');
  });
});
