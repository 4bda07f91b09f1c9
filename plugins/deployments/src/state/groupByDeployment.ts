import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { compareEvents } from './eventOrder';

/** The events of one deployment_id, newest first. */
export interface DeploymentGroup {
  deploymentId: string;
  events: DeploymentEvent[];
  /** Milliseconds between the first and the last event of the group. */
  durationMs: number;
}

/** Newest first, deduplicated by id: pages may overlap after a live refresh. */
export function sortNewestFirst(events: DeploymentEvent[]): DeploymentEvent[] {
  const byId = new Map(events.map(e => [e.id, e]));
  return [...byId.values()].sort((a, b) => compareEvents(b, a));
}

/**
 * Groups events sharing a deployment_id. Groups are ordered by their newest
 * event, so the list as a whole still reads newest first.
 */
export function groupByDeployment(
  events: DeploymentEvent[],
): DeploymentGroup[] {
  const groups = new Map<string, DeploymentEvent[]>();
  for (const event of sortNewestFirst(events)) {
    const list = groups.get(event.deployment_id);
    if (list) list.push(event);
    else groups.set(event.deployment_id, [event]);
  }
  return [...groups.entries()].map(([deploymentId, list]) => ({
    deploymentId,
    events: list,
    durationMs:
      Date.parse(list[0].happened_at) -
      Date.parse(list[list.length - 1].happened_at),
  }));
}
