import {
  compareCodePoints,
  MatrixService,
  orderEnvironments,
} from '@deploydash/plugin-deployments-common';

/**
 * The rows a page holds, in the backend's code-point order, with an index
 * from service to position so a burst of frames finds its rows in O(1)
 * each instead of searching the list per frame. Treated as immutable: the
 * index is shared between versions whose positions did not change.
 */
export interface MatrixRows {
  environments: string[];
  services: MatrixService[];
  index: ReadonlyMap<string, number>;
}

export const NO_ROWS: MatrixRows = {
  environments: [],
  services: [],
  index: new Map(),
};

export function indexRows(
  environments: string[],
  services: MatrixService[],
): MatrixRows {
  const index = new Map<string, number>();
  services.forEach((row, i) => index.set(row.service, i));
  return { environments, services, index };
}

export function byService(a: MatrixService, b: MatrixService): number {
  return compareCodePoints(a.service, b.service);
}

/** Rows in code-point order; the same array when already sorted. */
export function sortedRows(rows: MatrixService[]): MatrixService[] {
  for (let i = 1; i < rows.length; i++) {
    if (byService(rows[i - 1], rows[i]) > 0) return [...rows].sort(byService);
  }
  return rows;
}

/**
 * Merges two row lists that are each in code-point order. A service in
 * both (never expected) keeps the held row.
 */
export function mergeSorted(
  held: MatrixService[],
  added: MatrixService[],
): MatrixService[] {
  const out: MatrixService[] = [];
  let i = 0;
  let j = 0;
  while (i < held.length && j < added.length) {
    const order = byService(held[i], added[j]);
    if (order <= 0) {
      out.push(held[i++]);
      if (order === 0) j++;
    } else {
      out.push(added[j++]);
    }
  }
  while (i < held.length) out.push(held[i++]);
  while (j < added.length) out.push(added[j++]);
  return out;
}

/**
 * The columns after learning of more environments: the backend's one rule
 * (`orderEnvironments`, configured order first) applied to the union, so a
 * column added by a frame lands where a fresh load would put it. Returns
 * `current` itself when nothing is new.
 */
export function addEnvironments(
  current: string[],
  more: Iterable<string>,
  configuredOrder: string[],
): string[] {
  const known = new Set(current);
  const added: string[] = [];
  for (const env of more) {
    if (!known.has(env)) {
      known.add(env);
      added.push(env);
    }
  }
  if (added.length === 0) return current;
  return orderEnvironments([...current, ...added], configuredOrder);
}
