import { useEffect, useRef, useState } from 'react';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { EventsListener } from './useMatrix';

/**
 * A refresh key that changes whenever the stream brings an event that
 * `match` accepts (any event without it), or voids one. Unlike the matrix,
 * it moves for events that change no slot: a run cancelled behind a newer
 * run of its slot changes no slot, yet its row in a list of runs must stop
 * saying "Deploying". Undefined until the first such event.
 */
export function useEventKey(
  subscribe: (listener: EventsListener) => () => void,
  match?: (event: DeploymentEvent) => boolean,
): string | undefined {
  const [count, setCount] = useState(0);
  // The newest matcher, without re-subscribing on every render.
  const matchRef = useRef(match);
  matchRef.current = match;
  useEffect(
    () =>
      subscribe(events => {
        const test = matchRef.current;
        if (!test || events.some(test)) setCount(n => n + 1);
      }),
    [subscribe],
  );
  return count ? `events:${count}` : undefined;
}
