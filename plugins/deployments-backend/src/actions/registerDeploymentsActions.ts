import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { DeploymentsActionsContext } from './actionSupport';
import { registerGetDeploymentStatusAction } from './getDeploymentStatusAction';
import { registerFindVersionAction } from './findVersionAction';
import { registerGetDoraMetricsAction } from './getDoraMetricsAction';

/**
 * Registers the plugin's read-only actions with Backstage's actions registry
 * (`deployments:get-deployment-status`, `deployments:find-version`,
 * `deployments:get-dora-metrics`): AI assistants call them through the MCP
 * actions backend (docs/assistants.md). Each checks the read permission
 * against the invoking credentials, as the read routes do.
 */
export function registerDeploymentsActions(
  actionsRegistry: ActionsRegistryService,
  context: DeploymentsActionsContext,
): void {
  registerGetDeploymentStatusAction(actionsRegistry, context);
  registerFindVersionAction(actionsRegistry, context);
  registerGetDoraMetricsAction(actionsRegistry, context);
}
