import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { deploymentsProvidersExtensionPoint } from '@deploydash/plugin-deployments-node';
import { readGithubImportSettings } from './config';
import { GithubDeploymentsProvider } from './GithubDeploymentsProvider';

/**
 * Pull mode for the Deployments plugin: imports GitHub deployments (and
 * optionally deploy workflow runs) of catalog entities annotated
 * `github.com/project-slug`, on a schedule, without editing any workflow.
 *
 * @public
 */
export const deploymentsModuleGithub = createBackendModule({
  pluginId: 'deployments',
  moduleId: 'github',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: deploymentsProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ providers, config, logger, scheduler, auth, catalog }) {
        const settings = readGithubImportSettings(config);
        if (!settings.integrationHosts.has(settings.defaultHost)) {
          // Installed but not configured (e.g. the demo app): stay out of the way.
          logger.info(
            `GitHub deployments import is off: integrations.github has no entry for ${settings.defaultHost} ` +
              `(deployments.github.host)`,
          );
          return;
        }
        providers.addProvider(
          new GithubDeploymentsProvider({
            config,
            settings,
            catalog,
            auth,
            logger,
            scheduler,
          }),
        );
      },
    });
  },
});
