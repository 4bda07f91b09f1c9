import { useEffect, useRef, useState } from 'react';

/**
 * `value`, changing at most once per `intervalMs`: the first change passes
 * at once, later ones within the interval wait for its end and then pass
 * as the latest value. Used to refetch on live events without a request
 * per event during a burst.
 */
export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const lastChange = useRef(0);

  useEffect(() => {
    if (Object.is(value, shown)) return undefined;
    const show = () => {
      lastChange.current = Date.now();
      setShown(value);
    };
    const wait = lastChange.current + intervalMs - Date.now();
    if (wait <= 0) {
      show();
      return undefined;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, intervalMs]);

  return shown;
}
