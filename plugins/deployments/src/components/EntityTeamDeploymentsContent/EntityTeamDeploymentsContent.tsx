import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { TeamDeployments } from './TeamDeployments';

/**
 * The Deployments tab of a Group entity: the deployments and DORA metrics
 * of the services the group owns, itself or through its child groups.
 */
export function EntityTeamDeploymentsContent() {
  const { entity } = useEntity();
  const profile = entity.spec?.profile as { displayName?: string } | undefined;
  const title =
    profile?.displayName || entity.metadata.title || entity.metadata.name;
  return <TeamDeployments team={stringifyEntityRef(entity)} title={title} />;
}
