import { useMemo } from 'react';
import { usePromotion } from '../../hooks/usePromotion';
import { driftBySlot } from '../../state/drift';
import { useNow } from '../shared/clock';
import {
  driftLabel,
  useDriftThresholdHours,
} from '../MatrixPage/useDriftLabels';

const NO_DRIFT: ReadonlyMap<string, string> = new Map();

/**
 * Drift labels of one service's environments, keyed by environment: the
 * matrix's rule (state/drift.ts) over the service's own promotion lane,
 * reloaded when `refreshKey` (its newest event) changes. A failed load
 * shows no drift: it is a hint, the card must keep working.
 */
export function useServiceDrift(
  service: string,
  refreshKey: string | undefined,
): ReadonlyMap<string, string> {
  const thresholdHours = useDriftThresholdHours();
  const { value: promotion } = usePromotion(
    service,
    refreshKey,
    refreshKey !== undefined,
  );
  const now = useNow();
  return useMemo(() => {
    const drift = driftBySlot(promotion, now, thresholdHours * 3600_000);
    if (drift.size === 0) return NO_DRIFT;
    const labels = new Map<string, string>();
    for (const slot of drift.values()) {
      if (slot.service === service) {
        labels.set(slot.environment, driftLabel(slot, now));
      }
    }
    return labels;
  }, [promotion, now, thresholdHours, service]);
}
