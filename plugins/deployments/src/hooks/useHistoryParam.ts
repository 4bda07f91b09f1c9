import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

/** The slot whose history drawer is open. */
export interface OpenSlot {
  service: string;
  environment: string;
}

/** The search params that name the open history drawer. */
export const HISTORY_PARAMS = {
  service: 'service',
  environment: 'environment',
} as const;

/**
 * The open history drawer as part of the page URL (`?service=checkout&
 * environment=prod`, next to the matrix filters), so a drawer can be
 * linked to and survives a reload. Opening and closing replace the history
 * entry, like the filters do; every other search param is kept.
 * `fixedService` (the entity tab) fills in the service and ignores a link
 * to another one.
 */
export function useHistoryParam(
  fixedService?: string,
): [OpenSlot | undefined, (slot?: OpenSlot) => void] {
  const [params, setParams] = useSearchParams();
  const service = params.get(HISTORY_PARAMS.service) ?? fixedService;
  const environment = params.get(HISTORY_PARAMS.environment);
  const open = useMemo(() => {
    if (!service || !environment) return undefined;
    if (fixedService !== undefined && service !== fixedService)
      return undefined;
    return { service, environment };
  }, [service, environment, fixedService]);

  const setOpen = useCallback(
    (slot?: OpenSlot) => {
      setParams(
        prev => {
          const next = new URLSearchParams(prev);
          if (slot) {
            next.set(HISTORY_PARAMS.service, slot.service);
            next.set(HISTORY_PARAMS.environment, slot.environment);
          } else {
            next.delete(HISTORY_PARAMS.service);
            next.delete(HISTORY_PARAMS.environment);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [open, setOpen];
}
