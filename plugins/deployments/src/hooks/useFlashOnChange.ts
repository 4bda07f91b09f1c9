import { useEffect, useRef, useState } from 'react';

/**
 * True for a moment after `value` changes (not on first render), so a slot
 * updated by the live stream can draw the eye briefly.
 */
export function useFlashOnChange(value: unknown, durationMs = 2_500): boolean {
  const previous = useRef(value);
  const [flashing, setFlashing] = useState(false);
  useEffect(() => {
    if (Object.is(previous.current, value)) return undefined;
    previous.current = value;
    setFlashing(true);
    const timer = setTimeout(() => setFlashing(false), durationMs);
    return () => clearTimeout(timer);
  }, [value, durationMs]);
  return flashing;
}
