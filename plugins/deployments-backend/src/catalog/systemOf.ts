import { DEFAULT_NAMESPACE, Entity, parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The system an entity belongs to, as a full entity ref (lower case):
 * `spec.system` completed as the catalog completes it (kind `system`, the
 * entity's namespace). Null when it has none, an unreadable one, or one of
 * another kind.
 */
export function systemRefOf(entity: Entity): string | null {
  const system = entity.spec?.system;
  if (typeof system !== 'string' || system === '') return null;
  let ref: string;
  try {
    ref = stringifyEntityRef(
      parseEntityRef(system, {
        defaultKind: 'system',
        defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return null;
  }
  return ref.startsWith('system:') ? ref : null;
}

/**
 * Service name → system ref, for the services whose entity (as `links`
 * chose it: service name → entity ref) names a system.
 */
export function mapServicesToSystems(entities: Entity[], links: Map<string, string>): Map<string, string> {
  const systemByRef = new Map<string, string>();
  for (const entity of entities) {
    const system = systemRefOf(entity);
    if (system !== null) systemByRef.set(stringifyEntityRef(entity), system);
  }
  const systems = new Map<string, string>();
  for (const [service, ref] of links) {
    const system = systemByRef.get(ref);
    if (system !== undefined) systems.set(service, system);
  }
  return systems;
}
