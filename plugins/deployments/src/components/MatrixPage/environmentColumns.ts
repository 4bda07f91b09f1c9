import {
  DeploymentSlot,
  DeploymentStatus,
  MatrixEnvironmentGroup,
} from '@deploydash/plugin-deployments-common';

/**
 * The matrix's display columns (docs/api.md "Environment groups"): each
 * environment, except that a group is one column while collapsed and its
 * members' columns, marked as such, while expanded. Pure functions only;
 * the order and the hidden columns come from the caller (a group moves and
 * hides as one there).
 */
export type DisplayColumn =
  | {
      kind: 'environment';
      /** Unique among the columns. */
      key: string;
      environment: string;
      /** The expanded group the environment is a member of, if any. */
      group?: { name: string; first: boolean; size: number };
    }
  | { kind: 'group'; key: string; group: MatrixEnvironmentGroup };

/**
 * `environments` in column order (a group's members next to each other) as
 * display columns: a collapsed group where its first member is, an expanded
 * one as its members.
 */
export function displayColumns(
  environments: readonly string[],
  groups: readonly MatrixEnvironmentGroup[] = [],
  expanded: ReadonlySet<string> = new Set(),
): DisplayColumn[] {
  const groupOf = new Map<string, MatrixEnvironmentGroup>();
  for (const group of groups) {
    for (const env of group.environments) groupOf.set(env, group);
  }
  const columns: DisplayColumn[] = [];
  const placed = new Set<string>();
  for (const environment of environments) {
    const group = groupOf.get(environment);
    if (!group) {
      columns.push({
        kind: 'environment',
        key: `env:${environment}`,
        environment,
      });
    } else if (expanded.has(group.name)) {
      const members = group.environments.filter(env =>
        environments.includes(env),
      );
      columns.push({
        kind: 'environment',
        key: `env:${environment}`,
        environment,
        group: {
          name: group.name,
          first: members[0] === environment,
          size: members.length,
        },
      });
    } else if (!placed.has(group.name)) {
      placed.add(group.name);
      columns.push({ kind: 'group', key: `group:${group.name}`, group });
    }
  }
  return columns;
}

/** Worst first: what a collapsed group shows when its members differ. */
export const STATUS_SEVERITY: readonly DeploymentStatus[] = [
  'failure',
  'in-progress',
  'waiting',
  'queued',
  'cancelled',
  'success',
];

/** What a collapsed group's cell shows for one service. */
export interface GroupSlotSummary {
  /** The worst current status among the members with data. */
  status: DeploymentStatus;
  /** The members' current versions: one when all run the same. */
  versions: string[];
  /** The version everywhere, else "N versions". */
  versionText: string;
  /** Members with data, and all members. */
  withData: number;
  total: number;
  /** The members with data, worst status first (then in column order). */
  members: Array<{ environment: string; slot: DeploymentSlot }>;
}

/** Undefined when no member of the group has data for the service. */
export function summarizeGroup(
  slots: Readonly<Record<string, DeploymentSlot>>,
  group: MatrixEnvironmentGroup,
): GroupSlotSummary | undefined {
  const members = group.environments
    .filter(env => slots[env])
    .map(environment => ({ environment, slot: slots[environment] }));
  if (members.length === 0) return undefined;
  const rank = (status: DeploymentStatus) => {
    const i = STATUS_SEVERITY.indexOf(status);
    return i < 0 ? STATUS_SEVERITY.length : i;
  };
  members.sort(
    (a, b) => rank(a.slot.current.status) - rank(b.slot.current.status),
  );
  const versions = [...new Set(members.map(m => m.slot.current.version ?? ''))];
  let versionText = `${versions.length} versions`;
  if (versions.length === 1) versionText = versions[0] || '(no version)';
  return {
    status: members[0].slot.current.status,
    versions,
    versionText,
    withData: members.length,
    total: group.environments.length,
    members,
  };
}
