import { useCallback, useEffect, useState } from 'react';

/** @public */
export interface RefreshableResult<T> {
  value?: T;
  /** True until the first answer (or error) for the current request. */
  loading: boolean;
  /** The last failure; the last good value, if any, is kept next to it. */
  error?: Error;
  /** Loads again now, e.g. from a Retry button after a failure. */
  retry: () => void;
}

interface Answer<T> {
  /** The request this answers: a new request must not show an old answer. */
  load: (signal: AbortSignal) => Promise<T>;
  value?: T;
  error?: Error;
}

/**
 * Runs `load` and keeps its answer fresh.
 *
 * - `load` names the request (memoise it with useCallback on its query):
 *   a new one starts over, showing loading instead of the old answer.
 * - A new `refreshKey` (e.g. the newest event cursor) loads again in the
 *   background; the current answer stays on screen until the new one comes.
 * - `load` undefined loads nothing.
 *
 * Every request gets an AbortSignal, aborted when a newer request starts
 * or the component unmounts, so a late answer never overwrites a newer one.
 */
export function useRefreshable<T>(
  load: ((signal: AbortSignal) => Promise<T>) | undefined,
  refreshKey?: string,
): RefreshableResult<T> {
  const [answer, setAnswer] = useState<Answer<T>>();
  const [attempt, setAttempt] = useState(0);

  const retry = useCallback(() => {
    // Drop the error so the new try shows as loading, or as the kept value.
    setAnswer(previous =>
      previous?.value === undefined
        ? undefined
        : { load: previous.load, value: previous.value },
    );
    setAttempt(n => n + 1);
  }, []);

  useEffect(() => {
    if (!load) return undefined;
    const controller = new AbortController();
    load(controller.signal).then(
      value => {
        if (!controller.signal.aborted) setAnswer({ load, value });
      },
      error => {
        if (controller.signal.aborted) return;
        setAnswer(previous => ({
          load,
          value: previous?.load === load ? previous.value : undefined,
          error,
        }));
      },
    );
    return () => controller.abort();
  }, [load, refreshKey, attempt]);

  const current = load && answer?.load === load ? answer : undefined;
  return {
    value: current?.value,
    error: current?.error,
    loading: Boolean(load) && !current,
    retry,
  };
}
