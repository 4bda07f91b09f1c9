import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { orderEnvironments } from '@deploydash/plugin-deployments-common';

/** One entry of `deployments.environments.groups`: a name for several environments. */
export interface EnvironmentGroup {
  name: string;
  /** In configured order. */
  members: string[];
}

const KEY = 'deployments.environments.groups';

/**
 * Reads `deployments.environments.groups` (docs/api.md "Environment groups"):
 * each group has at least one member, a member belongs to one group and a
 * group's name is no member of any group. A mistake throws, naming the key.
 */
export function readEnvironmentGroups(config: Config): EnvironmentGroup[] {
  const section = config.getOptionalConfig(KEY);
  if (!section) return [];
  const groups = section.keys().map(name => {
    const members = section.getStringArray(name);
    if (members.length === 0) {
      throw new InputError(`${KEY}.${name}: a group needs at least one member`);
    }
    return { name, members };
  });
  const groupOf = new Map<string, string>();
  for (const { name, members } of groups) {
    for (const member of members) {
      const other = groupOf.get(member);
      if (other !== undefined) {
        throw new InputError(
          other === name
            ? `${KEY}.${name}: ${member} is listed twice`
            : `${KEY}.${name}: ${member} is already a member of group ${other}`,
        );
      }
      groupOf.set(member, name);
    }
  }
  for (const { name } of groups) {
    const holder = groupOf.get(name);
    if (holder !== undefined) {
      throw new InputError(
        `${KEY}.${holder}: ${name} is the name of a group and cannot be a member`,
      );
    }
  }
  return groups;
}

/** A column of the matrix's order or a stage of a lane: one environment, or a group's members. */
export interface EnvironmentUnit {
  name: string;
  /** The environments with data, in order; `[name]` for a plain environment. */
  environments: string[];
  /** Whether `name` is a configured group. */
  group: boolean;
}

/**
 * `deployments.environments.order` with groups: a group takes the place of
 * its name (in `order`, else alphabetically), its members next to each other
 * in their configured order, then any event posted to the group's name.
 */
export class EnvironmentLayout {
  private readonly groupOf = new Map<string, EnvironmentGroup>();

  constructor(
    private readonly order: string[],
    groups: EnvironmentGroup[] = [],
  ) {
    for (const group of groups) {
      this.groupOf.set(group.name, group);
      for (const member of group.members) this.groupOf.set(member, group);
    }
  }

  /** The environments with data, grouped and in order. */
  units(present: string[]): EnvironmentUnit[] {
    const presentSet = new Set(present);
    const names = [
      ...new Set(present.map(env => this.groupOf.get(env)?.name ?? env)),
    ];
    // A member named in `order` places its group there too.
    const order = [
      ...new Set(this.order.map(env => this.groupOf.get(env)?.name ?? env)),
    ];
    return orderEnvironments(names, order).map(name => {
      const group = this.groupOf.get(name);
      if (!group) return { name, environments: [name], group: false };
      const environments = [...group.members, group.name].filter(env =>
        presentSet.has(env),
      );
      return { name, environments, group: true };
    });
  }

  /** The matrix's `environments`: every environment with data, a group's members adjacent. */
  orderEnvironments(present: string[]): string[] {
    return this.units(present).flatMap(unit => unit.environments);
  }

  /** The matrix's `environment_groups`: configured groups with data, members with data only. */
  groupsWithData(
    present: string[],
  ): Array<{ name: string; environments: string[] }> {
    return this.units(present)
      .filter(unit => unit.group)
      .map(({ name, environments }) => ({ name, environments }));
  }

  /** Environment names for metrics: a group's name stands for its members (and itself, last). */
  expand(names: string[]): string[] {
    const expanded = names.flatMap(name => {
      const group = this.groupOf.get(name);
      return group && group.name === name ? [...group.members, name] : [name];
    });
    return [...new Set(expanded)];
  }
}
