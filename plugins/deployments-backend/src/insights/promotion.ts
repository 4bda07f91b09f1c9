import {
  compareCodePoints as byCodePoint,
  DeploymentEvent,
  orderEnvironments,
  PromotionResponse,
  PromotionStage,
} from '@deploydash/plugin-deployments-common';
import { DeploymentsStore, StoredSlot } from '../database/DeploymentsStore';

/** How far back in a lower environment's successes a promotion is looked for. */
const LOOKBACK = 200;
const MAX_WAITING = 20;

type MatchedBy = PromotionStage['matched_by'];

/** How `higher` came from `lower`, if it did: parent link first, then version, then sha. */
function promotedFrom(lower: DeploymentEvent, higher: DeploymentEvent): MatchedBy {
  if (higher.parent_deployments.includes(lower.deployment_id)) return 'parent_deployments';
  if (lower.version !== null && lower.version === higher.version) return 'version';
  if (lower.sha !== null && lower.sha === higher.sha) return 'sha';
  return null;
}

/** The same change, whichever way the two events are linked. */
function sameChange(a: DeploymentEvent, b: DeploymentEvent): boolean {
  return promotedFrom(a, b) !== null || promotedFrom(b, a) !== null;
}

/**
 * Compares one stage with the stage before it in the lane: which successes
 * of the lower environment came after the one this stage runs, and since
 * when. Cheap when the two are in sync (no history read).
 */
async function compareStage(
  store: DeploymentsStore,
  service: string,
  environment: string,
  current: DeploymentEvent | null,
  previous: { environment: string; current: DeploymentEvent | null } | null,
): Promise<PromotionStage> {
  const stage: PromotionStage = {
    environment,
    current,
    previous_environment: previous?.environment ?? null,
    waiting: [],
    matched_by: null,
    lagging_since: null,
  };
  const lowerCurrent = previous?.current;
  if (!previous || !lowerCurrent) return stage;
  const direct = current ? promotedFrom(lowerCurrent, current) : null;
  if (direct) {
    stage.matched_by = direct;
    return stage;
  }
  const lowerSuccesses = await store.listHistory(
    { service, environment: previous.environment, status: 'success' },
    LOOKBACK,
  );
  // Newest first: everything before the promoted one is waiting.
  let anchor = -1;
  if (current) {
    for (const matcher of ['parent_deployments', 'version', 'sha'] as const) {
      anchor = lowerSuccesses.findIndex(e => promotedFrom(e, current) === matcher);
      if (anchor >= 0) {
        stage.matched_by = matcher;
        break;
      }
    }
  }
  const newer = anchor >= 0 ? lowerSuccesses.slice(0, anchor) : lowerSuccesses;
  // Without any link, only what is newer than this stage's deployment waits.
  const candidates =
    anchor < 0 && current
      ? newer.filter(e => e.happened_at > current.happened_at)
      : newer;
  const waiting: DeploymentEvent[] = [];
  for (const event of candidates) {
    if (current && sameChange(event, current)) continue;
    if (waiting.some(w => sameChange(w, event))) continue;
    waiting.push(event);
  }
  stage.waiting = waiting.slice(0, MAX_WAITING);
  // Since the oldest candidate: a change waits from its first success below.
  stage.lagging_since = waiting.length ? candidates[candidates.length - 1].happened_at : null;
  return stage;
}

/** Serves `GET /promotion`: each service's lane with what waits where, and since when. */
export async function computePromotion(options: {
  store: DeploymentsStore;
  service?: string;
  environmentOrder: string[];
  entityRefFor: (service: string) => string | null;
}): Promise<PromotionResponse> {
  const { store } = options;
  const slots = await store.listSlots({ service: options.service });
  const byService = new Map<string, StoredSlot[]>();
  for (const slot of slots) {
    const list = byService.get(slot.current.service) ?? [];
    list.push(slot);
    byService.set(slot.current.service, list);
  }
  const services = [...byService.keys()].sort(byCodePoint);
  return {
    services: await Promise.all(
      services.map(async service => {
        const serviceSlots = byService.get(service)!;
        const lane = orderEnvironments(
          serviceSlots.map(s => s.current.environment),
          options.environmentOrder,
        );
        const currentOf = (env: string) =>
          serviceSlots.find(s => s.current.environment === env)?.lastSuccessful ?? null;
        const stages = await Promise.all(
          lane.map((environment, i) =>
            compareStage(
              store,
              service,
              environment,
              currentOf(environment),
              i === 0 ? null : { environment: lane[i - 1], current: currentOf(lane[i - 1]) },
            ),
          ),
        );
        return { service, entity_ref: options.entityRefFor(service), stages };
      }),
    ),
  };
}
