import { createHash } from 'node:crypto';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** Group → its child groups, as full entity refs (lower case). */
export type GroupChildren = ReadonlyMap<string, readonly string[]>;

export const isGroup = (entity: Entity) => entity.kind.toLocaleLowerCase('en-US') === 'group';

/** A group ref as the catalog completes `spec.parent`/`spec.children`: kind `group`, the entity's namespace. */
function groupRef(ref: unknown, namespace: string): string | null {
  if (typeof ref !== 'string' || ref === '') return null;
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: namespace }));
  } catch {
    return null;
  }
}

/**
 * The group hierarchy of the catalog: each group's children. Read from both
 * sides — a group's `parentOf`/`childOf` relations (what the catalog
 * stitches from either group's spec) and its `spec.children`/`spec.parent`
 * (for entities read without relations) — so an edge written on either
 * group counts. Only groups are followed: a `childOf` to another kind is
 * ignored.
 */
export function mapGroupChildren(entities: Entity[]): GroupChildren {
  const edges = new Map<string, Set<string>>();
  const add = (parent: string | null, child: string | null) => {
    if (!parent || !child || parent === child) return;
    if (!parent.startsWith('group:') || !child.startsWith('group:')) return;
    let children = edges.get(parent);
    if (!children) edges.set(parent, (children = new Set()));
    children.add(child);
  };
  for (const entity of entities) {
    if (!isGroup(entity)) continue;
    const self = stringifyEntityRef(entity);
    const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
    for (const relation of entity.relations ?? []) {
      const target = groupRef(relation.targetRef, namespace);
      if (relation.type === RELATION_PARENT_OF) add(self, target);
      if (relation.type === RELATION_CHILD_OF) add(target, self);
    }
    add(groupRef(entity.spec?.parent, namespace), self);
    const children = entity.spec?.children;
    for (const child of Array.isArray(children) ? children : []) {
      add(self, groupRef(child, namespace));
    }
  }
  return new Map([...edges].map(([parent, children]) => [parent, [...children].sort()]));
}

/** The group and every group below it; a cycle in the catalog ends the walk, it does not loop. */
export function descendantGroups(children: GroupChildren, team: string): Set<string> {
  const seen = new Set([team]);
  const queue = [team];
  while (queue.length) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  return seen;
}

/**
 * Folds the hierarchy into a links digest: team answers depend on it, so a
 * changed edge must change the matrix ETag. Without groups the digest is the
 * links digest unchanged.
 */
export function digestWithHierarchy(linksDigest: string, children: GroupChildren): string {
  if (children.size === 0) return linksDigest;
  const edges = [...children].sort(([a], [b]) => Number(a > b) - Number(a < b));
  return createHash('sha256').update(JSON.stringify([linksDigest, edges])).digest('hex').slice(0, 16);
}
