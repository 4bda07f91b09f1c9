import { useMemo, useRef } from 'react';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { usePromotion } from '../../hooks/usePromotion';
import { useThrottled } from '../../hooks/useThrottled';
import { driftBySlot, SlotDrift } from '../../state/drift';
import { useNow } from '../shared/clock';
import { formatRelative } from '../shared/format';

/** `deployments.drift.thresholdHours` when not configured. */
export const DEFAULT_DRIFT_THRESHOLD_HOURS = 24;
/** The promotion lanes of all services are reloaded at most this often. */
const REFRESH_INTERVAL_MS = 5_000;

const NO_DRIFT: ReadonlyMap<string, string> = new Map();

/** "2 versions from staging waiting since 3 days ago". */
export function driftLabel(drift: SlotDrift, nowMs: number): string {
  const versions = drift.waiting === 1 ? 'version' : 'versions';
  const since = formatRelative(drift.since, nowMs);
  return `${drift.waiting} ${versions} from ${drift.from} waiting since ${since}`;
}

function sameLabels(
  a: ReadonlyMap<string, string>,
  b: ReadonlyMap<string, string>,
): boolean {
  return (
    a.size === b.size && [...a].every(([key, label]) => b.get(key) === label)
  );
}

/** `deployments.drift.thresholdHours`: how long a stage may lag before it drifts. */
export function useDriftThresholdHours(): number {
  const config = useApi(configApiRef);
  return Math.max(
    0,
    config.getOptionalNumber('deployments.drift.thresholdHours') ??
      DEFAULT_DRIFT_THRESHOLD_HOURS,
  );
}

/**
 * Labels of the drifting slots of the matrix, keyed by `slotKey`.
 *
 * Loads every service's promotion lane once the matrix has events, and
 * again when `latest` (the matrix's newest cursor) changes — at most every
 * few seconds, as a burst of events needs only one reload. A failed load
 * just shows no badges: drift is a hint, the matrix must keep working.
 *
 * The same map is returned while no label changes, so memoised rows and
 * cells do not re-render on every clock tick or reload.
 */
export function useDriftLabels(
  latest: string | undefined,
): ReadonlyMap<string, string> {
  const thresholdHours = useDriftThresholdHours();
  const refreshKey = useThrottled(latest, REFRESH_INTERVAL_MS);
  const { value: promotion } = usePromotion(
    undefined,
    refreshKey,
    refreshKey !== undefined,
  );
  const now = useNow();
  const previous = useRef(NO_DRIFT);

  return useMemo(() => {
    const labels = new Map<string, string>();
    const drift = driftBySlot(promotion, now, thresholdHours * 3600_000);
    for (const [key, slot] of drift) labels.set(key, driftLabel(slot, now));
    // Keep the previous map when equal: rows compare it by identity.
    if (!sameLabels(labels, previous.current)) previous.current = labels;
    return previous.current;
  }, [promotion, now, thresholdHours]);
}
