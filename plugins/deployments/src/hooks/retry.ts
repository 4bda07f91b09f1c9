import { backoffDelay, sleep } from './backoff';

/**
 * Runs `task` until it succeeds, waiting with exponential backoff (1 s, 2 s
 * … 30 s) between attempts: a re-sync or lookup that fails under load is
 * never dropped, only delayed. Resolves undefined once `signal` aborts.
 */
export async function retryUntilDone<T>(
  task: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal,
  onFailure?: (error: Error) => void,
): Promise<T | undefined> {
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      return await task(signal);
    } catch (error) {
      if (signal.aborted) break;
      onFailure?.(error as Error);
      await sleep(backoffDelay(attempt), signal);
    }
  }
  return undefined;
}

/** A controller aborted with its parent (one fetch within a page's life). */
export function childController(parent: AbortSignal): AbortController {
  const child = new AbortController();
  if (parent.aborted) child.abort();
  else parent.addEventListener('abort', () => child.abort(), { once: true });
  return child;
}
