import {
  compareCodePoints as byCodePoint,
  DeploymentEvent,
  PromotionResponse,
  PromotionStage,
} from '@deploydash/plugin-deployments-common';
import { DeploymentsStore, StoredSlot } from '../database/DeploymentsStore';
import { EnvironmentGroup, EnvironmentLayout } from '../environments/environmentGroups';
import { Repository, repositoryFromRunUrl } from '../catalog/repositoryLinks';
import { waitingChanges } from './waitingChanges';

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
  previous: PreviousStage | null,
  /** Receives every lower success the waiting rule counts (not only the 20 returned). */
  counted: DeploymentEvent[] = [],
): Promise<PromotionStage> {
  const stage: PromotionStage = {
    environment,
    environments: [environment],
    members: null,
    current,
    previous_environment: previous?.environment ?? null,
    waiting: [],
    matched_by: null,
    lagging_since: null,
    changes: { total: 0, items: [], compare_url: null },
  };
  const lowerCurrent = previous?.newest;
  if (!previous || !lowerCurrent) return stage;
  const direct = current ? promotedFrom(lowerCurrent, current) : null;
  if (direct) {
    stage.matched_by = direct;
    return stage;
  }
  const lowerSuccesses = await listSuccesses(store, service, previous.environments);
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
    counted.push(event);
    if (waiting.some(w => sameChange(w, event))) continue;
    waiting.push(event);
  }
  stage.waiting = waiting.slice(0, MAX_WAITING);
  // Since the oldest candidate: a change waits from its first success below.
  stage.lagging_since = waiting.length ? candidates[candidates.length - 1].happened_at : null;
  return stage;
}

/** The stage before: a group's successes are those of all its members. */
interface PreviousStage {
  environment: string;
  environments: string[];
  /** The newest of its environments' last successes. */
  newest: DeploymentEvent | null;
}

/** The most recent successes of some environments together, newest first. */
export async function listSuccesses(
  store: DeploymentsStore,
  service: string,
  environments: string[],
): Promise<DeploymentEvent[]> {
  const lists = await Promise.all(
    environments.map(environment =>
      store.listHistory({ service, environment, status: 'success' }, LOOKBACK),
    ),
  );
  if (lists.length === 1) return lists[0];
  return lists
    .flat()
    .sort((a, b) => Date.parse(b.happened_at) - Date.parse(a.happened_at))
    .slice(0, LOOKBACK);
}

const byHappenedAt = (a: DeploymentEvent, b: DeploymentEvent) =>
  Date.parse(a.happened_at) - Date.parse(b.happened_at);

/** Serves `GET /promotion`: each service's lane with what waits where, and since when. */
export async function computePromotion(options: {
  store: DeploymentsStore;
  service?: string;
  environmentOrder: string[];
  /** `deployments.environments.groups`: a group is one stage. */
  environmentGroups?: EnvironmentGroup[];
  entityRefFor: (service: string) => string | null;
  /** The repository of the service's catalog entity, if known (else the lower run's). */
  repositoryOf?: (service: string) => Repository | null;
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
        const currentOf = (env: string) =>
          serviceSlots.find(s => s.current.environment === env)?.lastSuccessful ?? null;
        const lane = new EnvironmentLayout(options.environmentOrder, options.environmentGroups)
          .units(serviceSlots.map(s => s.current.environment))
          .map(unit => {
            const members = unit.environments.map(env => ({ environment: env, current: currentOf(env) }));
            // Oldest first: what runs everywhere in a group, then the newest.
            const successes = members.flatMap(m => (m.current ? [m.current] : [])).sort(byHappenedAt);
            return {
              ...unit,
              members,
              oldest: successes[0] ?? null,
              newest: successes[successes.length - 1] ?? null,
            };
          });
        const stages = await Promise.all(
          lane.map(async (unit, i) => {
            const counted: DeploymentEvent[] = [];
            const lower = i === 0 ? null : lane[i - 1];
            const stage = await compareStage(
              store,
              service,
              unit.name,
              unit.oldest,
              lower && { environment: lower.name, ...lower },
              counted,
            );
            stage.changes = await waitingChanges({
              waiting: counted,
              shipped: shas => store.shippedShas(service, unit.environments, shas),
              repository:
                options.repositoryOf?.(service) ?? repositoryFromRunUrl(lower?.newest?.run_url ?? null),
              base: stage.current?.sha ?? null,
              head: lower?.newest?.sha ?? null,
            });
            if (unit.group) {
              stage.environments = unit.environments;
              stage.members = unit.members;
            }
            return stage;
          }),
        );
        return { service, entity_ref: options.entityRefFor(service), stages };
      }),
    ),
  };
}
