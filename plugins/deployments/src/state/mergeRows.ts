import {
  DeploymentSlot,
  MatrixResponse,
  MatrixService,
} from '@deploydash/plugin-deployments-common';
import { joinSlots } from './matrixReducer';
import {
  addEnvironments,
  indexRows,
  MatrixRows,
  mergeSorted,
  sortedRows,
} from './matrixRows';
import { reconcileMatrix } from './reconcileMatrix';

/** A fetched row joined into the held one; `held` when it adds nothing. */
function joinRow(held: MatrixService, fetched: MatrixService): MatrixService {
  let slots: Record<string, DeploymentSlot> | undefined;
  for (const [env, slot] of Object.entries(fetched.slots)) {
    const joined = joinSlots(held.slots[env], slot);
    if (joined !== held.slots[env]) {
      slots ??= { ...held.slots };
      slots[env] = joined;
    }
  }
  if (!slots && held.entity_ref === fetched.entity_ref) return held;
  return {
    ...held,
    entity_ref: fetched.entity_ref,
    slots: slots ?? held.slots,
  };
}

/**
 * Adds fetched rows (a next page, or looked-up services) to the held ones.
 * A service held already is joined slot by slot (frames may have seen
 * events the fetch did not, and the other way round), so pages that
 * overlap, or arrive after a frame created the row, never duplicate or
 * roll back a row; its catalog link comes from the fetch.
 */
export function joinRows(
  rows: MatrixRows,
  fetched: MatrixResponse,
  environmentOrder: string[],
): MatrixRows {
  const environments = addEnvironments(
    rows.environments,
    fetched.environments,
    environmentOrder,
  );
  let services = rows.services;
  const added: MatrixService[] = [];
  for (const row of fetched.services) {
    const at = rows.index.get(row.service);
    if (at === undefined) {
      added.push(row);
      continue;
    }
    const joined = joinRow(services[at], row);
    if (joined === services[at]) continue;
    if (services === rows.services) services = services.slice();
    services[at] = joined;
  }
  if (added.length) {
    return indexRows(environments, mergeSorted(services, sortedRows(added)));
  }
  if (services === rows.services && environments === rows.environments) {
    return rows;
  }
  return { ...rows, environments, services };
}

/**
 * A re-sync: the fetched rows replace everything held (the page could not
 * know what it missed, so nothing held is trusted), keeping the identity
 * of rows and slots that did not change.
 */
export function replaceRows(
  rows: MatrixRows,
  fetched: MatrixResponse,
): MatrixRows {
  const next = reconcileMatrix(rows, {
    environments: fetched.environments,
    services: sortedRows(fetched.services),
  });
  if (next === rows) return rows;
  return indexRows(next.environments, next.services);
}
