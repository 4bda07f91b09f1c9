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

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
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
    const old = oldRows.get(row.service);
    if (!old) {
      changed = true;
      return row;
    }
    const envs = Object.keys(row.slots);
    let rowChanged =
      old.entity_ref !== row.entity_ref ||
      envs.length !== Object.keys(old.slots).length;
    const slots: Record<string, DeploymentSlot> = {};
    for (const env of envs) {
      if (sameSlot(old.slots[env], row.slots[env])) {
        slots[env] = old.slots[env];
      } else {
        slots[env] = row.slots[env];
        rowChanged = true;
      }
    }
    if (!rowChanged) {
      if (previous.services[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return { ...row, slots };
  });
  const environments = sameStrings(previous.environments, next.environments)
    ? previous.environments
    : next.environments;
  if (!changed && environments === previous.environments) return previous;
  return { environments, services };
}
