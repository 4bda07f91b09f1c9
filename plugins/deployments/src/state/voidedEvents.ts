import {
  DeploymentSlot,
  MatrixResponse,
} from '@deploydash/plugin-deployments-common';
import { indexRows, MatrixRows } from './matrixRows';

/*
 * A voided event leaves the matrix: its slot falls back to an older event,
 * which the frame reducer (it only ever takes newer events) cannot compute.
 * So the row is fetched again and put in place of the held one.
 */

function holds(slot: DeploymentSlot, ids: ReadonlySet<string>): boolean {
  return (
    ids.has(slot.current.id) ||
    (slot.last_successful !== null && ids.has(slot.last_successful.id))
  );
}

/** The services whose held slots show one of these (voided) events. */
export function servicesShowing(
  rows: MatrixRows,
  ids: ReadonlySet<string>,
): string[] {
  if (!ids.size) return [];
  return rows.services
    .filter(row => Object.values(row.slots).some(slot => holds(slot, ids)))
    .map(row => row.service);
}

/**
 * The rows with one service's row replaced by the fetched one, slot for
 * slot (no joining: the fetched row is newer than every frame before the
 * fetch began), or removed when the fetch did not return it (all its
 * events voided). Columns stay: other rows may use them.
 */
export function replaceRow(
  rows: MatrixRows,
  service: string,
  fetched: MatrixResponse,
): MatrixRows {
  const at = rows.index.get(service);
  if (at === undefined) return rows;
  const row = fetched.services.find(r => r.service === service);
  const services = rows.services.slice();
  if (row) {
    services[at] = row;
    return { ...rows, services };
  }
  services.splice(at, 1);
  return indexRows(rows.environments, services);
}
