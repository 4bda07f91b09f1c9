import {
  DeploymentSlot,
  MatrixResponse,
  MatrixService,
} from '@deploydash/plugin-deployments-common';

function sameSlot(a: DeploymentSlot | undefined, b: DeploymentSlot): boolean {
  return (
    !!a &&
    a.current.id === b.current.id &&
    (a.last_successful?.id ?? null) === (b.last_successful?.id ?? null)
  );
}

export function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * A fetched row, taking the identity of `old` and of each of its slots
 * whose content did not change; `old` itself when nothing did.
 */
export function reconcileRow(
  old: MatrixService | undefined,
  row: MatrixService,
): MatrixService {
  if (!old) return row;
  const envs = Object.keys(row.slots);
  let changed =
    old.entity_ref !== row.entity_ref ||
    envs.length !== Object.keys(old.slots).length;
  const slots: Record<string, DeploymentSlot> = {};
  for (const env of envs) {
    if (sameSlot(old.slots[env], row.slots[env])) {
      slots[env] = old.slots[env];
    } else {
      slots[env] = row.slots[env];
      changed = true;
    }
  }
  return changed ? { ...row, slots } : old;
}

/**
 * Replaces a matrix with a fresh snapshot while keeping the identity of
 * every row and slot whose content did not change, so a re-fetch only
 * re-renders what actually moved.
 */
export function reconcileMatrix(
  previous: MatrixResponse | undefined,
  next: MatrixResponse,
): MatrixResponse {
  if (!previous) return next;
  const oldRows = new Map(previous.services.map(r => [r.service, r]));
  let changed = previous.services.length !== next.services.length;
  const services = next.services.map((row, i): MatrixService => {
    const kept = reconcileRow(oldRows.get(row.service), row);
    if (kept !== previous.services[i]) changed = true;
    return kept;
  });
  const environments = sameStrings(previous.environments, next.environments)
    ? previous.environments
    : next.environments;
  if (!changed && environments === previous.environments) return previous;
  return { environments, services };
}
