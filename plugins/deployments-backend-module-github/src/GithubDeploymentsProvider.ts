import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DeploymentEventProvider,
  DeploymentEventProviderConnection,
} from '@deploydash/plugin-deployments-node';
import { GithubImportSettings } from './config';
import { GithubDeploymentsPoller } from './GithubDeploymentsPoller';

export const GITHUB_IMPORT_TASK_ID = 'deployments-github-import';

/** Pull mode from GitHub: once connected, polls on the configured schedule. */
export class GithubDeploymentsProvider implements DeploymentEventProvider {
  constructor(
    private readonly deps: {
      config: Config;
      settings: GithubImportSettings;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      scheduler: SchedulerService;
    },
  ) {}

  getProviderName(): string {
    return 'github';
  }

  async connect(connection: DeploymentEventProviderConnection): Promise<void> {
    const { config, settings, catalog, auth, logger, scheduler } = this.deps;
    const poller = GithubDeploymentsPoller.fromConfig(config, {
      connection,
      catalog,
      auth,
      logger,
    });
    await scheduler.scheduleTask({
      id: GITHUB_IMPORT_TASK_ID,
      ...settings.schedule,
      // One poller across all replicas: they share the checkpoints and rate limit.
      scope: 'global',
      fn: async signal => {
        await poller.pollAll(signal);
      },
    });
  }
}
