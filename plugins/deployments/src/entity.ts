import { Entity } from '@backstage/catalog-model';
import { DEPLOYMENTS_SERVICE_ANNOTATION } from '@deploydash/plugin-deployments-common';

/**
 * The deployments service name of a catalog entity: the
 * `deployments/service-name` annotation, else its `metadata.name`
 * (the same mapping the backend uses for `entity_ref`).
 *
 * @public
 */
export function deploymentsServiceName(entity: Entity): string {
  const annotated =
    entity.metadata.annotations?.[DEPLOYMENTS_SERVICE_ANNOTATION]?.trim();
  return annotated || entity.metadata.name;
}

/**
 * Whether the deployments tab applies: every Component, and any other
 * entity that names its service with the annotation.
 *
 * @public
 */
export function isDeploymentsAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' ||
    !!entity.metadata.annotations?.[DEPLOYMENTS_SERVICE_ANNOTATION]?.trim()
  );
}

/**
 * Whether the team tab applies: Group entities, unless the group itself
 * names a service (then it has the service tab at the same path).
 */
export function isTeamDeploymentsAvailable(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'group' &&
    !isDeploymentsAvailable(entity)
  );
}
