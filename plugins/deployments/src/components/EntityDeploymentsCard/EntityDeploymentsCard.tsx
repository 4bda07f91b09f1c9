import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { deploymentsServiceName } from '../../entity';
import { useEntityLink } from '../../hooks/useLinks';
import { ServiceDeploymentsCard } from './ServiceDeploymentsCard';

/** Props of {@link EntityDeploymentsCard}. @public */
export interface EntityDeploymentsCardProps {
  /**
   * The path of the Deployments tab under the entity page, `deployments`
   * by default (the new frontend system's path, and the one the install
   * guide uses in the legacy EntityPage).
   */
  tabPath?: string;
}

/**
 * The overview card of a catalog entity: per environment what runs there,
 * whether it failed or drifts, linking to the entity's Deployments tab.
 */
export function EntityDeploymentsCard(props: EntityDeploymentsCardProps) {
  const { entity } = useEntity();
  const entityLink = useEntityLink();
  const tabPath = (props.tabPath ?? 'deployments').replace(/^\/+/, '');
  const tabLink = `${entityLink(stringifyEntityRef(entity))}/${tabPath}`;
  return (
    <ServiceDeploymentsCard
      service={deploymentsServiceName(entity)}
      tabLink={tabLink}
    />
  );
}
