/**
 * The matrix's `columns` search param (`?columns=prod,staging,-dev`): the
 * listed columns first, in that order, a `-` hiding one, the columns not
 * listed after them in the matrix's order. A column is an environment, or
 * an environment group, which moves and hides as one and is named by the
 * group. Names the matrix does not have are ignored. Pure functions only.
 */

/** The search param. */
export const COLUMNS_PARAM = 'columns';

/** An environment group as the matrix answer names it. */
export interface ColumnGroup {
  name: string;
  environments: string[];
}

/** One entry of the param: a column's key and whether it is hidden. */
export interface ColumnEntry {
  key: string;
  hidden: boolean;
}

/**
 * The column of each environment: its group's name, else its own. An
 * environment named like a group (an event posted to the group's name) is
 * in that group.
 */
function columnOf(
  groups: readonly ColumnGroup[],
): (environment: string) => string {
  const groupOf = new Map<string, string>();
  for (const group of groups) {
    groupOf.set(group.name, group.name);
    for (const env of group.environments) {
      if (!groupOf.has(env)) groupOf.set(env, group.name);
    }
  }
  return env => groupOf.get(env) ?? env;
}

/**
 * The matrix's columns in its order: each environment that is in no group,
 * and each group with a member in `environments`, where its first member is.
 */
export function columnKeys(
  environments: readonly string[],
  groups: readonly ColumnGroup[] = [],
): string[] {
  const keyOf = columnOf(groups);
  return [...new Set(environments.map(keyOf))];
}

/** The entries of a param, in order; empty names and repeats are dropped. */
export function parseColumns(param: string | null | undefined): ColumnEntry[] {
  const entries: ColumnEntry[] = [];
  const seen = new Set<string>();
  for (const raw of (param ?? '').split(',')) {
    const text = raw.trim();
    const hidden = text.startsWith('-');
    const key = (hidden ? text.slice(1) : text).trim();
    if (key && !seen.has(key)) {
      seen.add(key);
      entries.push({ key, hidden });
    }
  }
  return entries;
}

/** The param of some entries (`prod,staging,-dev`); '' for none. */
export function serializeColumns(entries: readonly ColumnEntry[]): string {
  return entries.map(e => (e.hidden ? `-${e.key}` : e.key)).join(',');
}

/**
 * Every column of the matrix (`keys`, in its order) with its place and
 * visibility by the param's entries: the listed ones first, in the listed
 * order, then the rest in matrix order, shown. Unknown names are ignored.
 */
export function applyColumns(
  keys: readonly string[],
  entries: readonly ColumnEntry[],
): ColumnEntry[] {
  const known = new Set(keys);
  const listed = entries.filter(e => known.has(e.key));
  const named = new Set(listed.map(e => e.key));
  return [
    ...listed.map(e => ({ key: e.key, hidden: e.hidden })),
    ...keys.filter(k => !named.has(k)).map(key => ({ key, hidden: false })),
  ];
}

const sameLayout = (a: readonly ColumnEntry[], b: readonly ColumnEntry[]) =>
  a.length === b.length &&
  a.every((e, i) => e.key === b[i].key && e.hidden === b[i].hidden);

/**
 * The shortest param that gives `layout` (every column, in the chosen order,
 * from {@link applyColumns} and the menu's changes): '' when it is the
 * matrix's own order with nothing hidden.
 */
export function columnsParamOf(
  keys: readonly string[],
  layout: readonly ColumnEntry[],
): string {
  for (let n = 0; n <= layout.length; n++) {
    const prefix = layout.slice(0, n);
    if (sameLayout(applyColumns(keys, prefix), layout)) {
      return serializeColumns(prefix);
    }
  }
  return serializeColumns(layout);
}

/** `layout` with the column `key` moved `by` places (-1 up, +1 down). */
export function moveColumn(
  layout: readonly ColumnEntry[],
  key: string,
  by: number,
): ColumnEntry[] {
  const from = layout.findIndex(e => e.key === key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= layout.length) return [...layout];
  const next = [...layout];
  const [entry] = next.splice(from, 1);
  next.splice(to, 0, entry);
  return next;
}

/** `layout` with the column `key` shown or hidden. */
export function setColumnHidden(
  layout: readonly ColumnEntry[],
  key: string,
  hidden: boolean,
): ColumnEntry[] {
  return layout.map(e => (e.key === key ? { key, hidden } : e));
}

/**
 * What the matrix shows for a layout: its environments in column order (a
 * group's members next to each other, in the matrix's order) and the groups
 * that are shown.
 */
export function visibleColumns<G extends ColumnGroup>(
  environments: readonly string[],
  groups: readonly G[],
  layout: readonly ColumnEntry[],
): { environments: string[]; groups: G[] } {
  const keyOf = columnOf(groups);
  const members = new Map<string, string[]>();
  for (const env of environments) {
    const key = keyOf(env);
    members.set(key, [...(members.get(key) ?? []), env]);
  }
  const shown = new Set(layout.filter(e => !e.hidden).map(e => e.key));
  const order = layout.map(e => e.key).filter(k => shown.has(k));
  return {
    environments: order.flatMap(key => members.get(key) ?? []),
    groups: groups.filter(g => shown.has(g.name) && members.has(g.name)),
  };
}
