import { useEntity } from '@backstage/plugin-catalog-react';
import { deploymentsServiceName } from '../../entity';
import { ServiceDeployments } from './ServiceDeployments';

/**
 * The Deployments tab of a catalog entity. The service name comes from the
 * `deployments/service-name` annotation, else the entity's name.
 */
export function EntityDeploymentsContent() {
  const { entity } = useEntity();
  return <ServiceDeployments service={deploymentsServiceName(entity)} />;
}
