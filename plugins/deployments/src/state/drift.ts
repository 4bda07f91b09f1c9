import { PromotionResponse } from '@deploydash/plugin-deployments-common';

/** A slot whose stage has lagged the stage before it for too long. */
export interface SlotDrift {
  service: string;
  environment: string;
  /** The lower environment the waiting versions succeeded in. */
  from: string;
  /** How many successes wait (the backend sends at most 20). */
  waiting: number;
  /** RFC 3339: since when the stage lags (its oldest waiting success). */
  since: string;
}

/** The key of a (service, environment) slot in the maps below. */
export function slotKey(service: string, environment: string): string {
  return JSON.stringify([service, environment]);
}

/**
 * Which slots drift: their stage has successes waiting in the previous
 * environment, and the oldest of them is older than `thresholdMs`. A stage
 * that lags by less is just a promotion in progress, not drift.
 */
export function driftBySlot(
  promotion: PromotionResponse | undefined,
  nowMs: number,
  thresholdMs: number,
): Map<string, SlotDrift> {
  const result = new Map<string, SlotDrift>();
  for (const lane of promotion?.services ?? []) {
    for (const stage of lane.stages) {
      const from = stage.previous_environment;
      if (!from || !stage.lagging_since || stage.waiting.length === 0) {
        continue;
      }
      const sinceMs = Date.parse(stage.lagging_since);
      if (Number.isNaN(sinceMs) || nowMs - sinceMs <= thresholdMs) continue;
      result.set(slotKey(lane.service, stage.environment), {
        service: lane.service,
        environment: stage.environment,
        from,
        waiting: stage.waiting.length,
        since: stage.lagging_since,
      });
    }
  }
  return result;
}
