import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { DatabaseDeploymentsStore } from './database/DatabaseDeploymentsStore';
import { DeploymentsStream } from './stream/DeploymentsStream';
import { InProcessNotifier } from './stream/EventNotifier';
import { PostgresNotifier } from './stream/PostgresNotifier';
import { CatalogServiceLinker } from './catalog/CatalogServiceLinker';
import { createIngestAuthenticator, readApiKeys } from './service/ingestAuth';
import { createRouter } from './service/router';
import { readRateLimiter } from './service/rateLimiter';
import { deploymentsPermissions } from '@deploydash/plugin-deployments-common';
import {
  DeploymentEventProvider,
  deploymentsProvidersExtensionPoint,
} from '@deploydash/plugin-deployments-node';
import { createProviderConnection } from './providers/providerConnection';

/**
 * The Deployments backend plugin: ingest, append-only store, matrix, history,
 * discovery and the live stream, under `/api/deployments`.
 *
 * @public
 */
export const deploymentsPlugin = createBackendPlugin({
  pluginId: 'deployments',
  register(env) {
    const providers: DeploymentEventProvider[] = [];
    env.registerExtensionPoint(deploymentsProvidersExtensionPoint, {
      addProvider(...added) {
        providers.push(...added);
      },
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        config,
        database,
        httpRouter,
        httpAuth,
        auth,
        lifecycle,
        permissions,
        permissionsRegistry,
        auditor,
        scheduler,
        catalog,
      }) {
        permissionsRegistry.addPermissions(deploymentsPermissions);
        const knex = await database.getClient();
        const store = await DatabaseDeploymentsStore.create({ database });
        const stream = new DeploymentsStream({
          store,
          logger,
          // Several replicas share PostgreSQL; SQLite is one process.
          notifier:
            knex.client.config.client === 'pg'
              ? new PostgresNotifier(knex, logger)
              : new InProcessNotifier(),
          pingIntervalMs:
            (config.getOptionalNumber('deployments.stream.pingIntervalSeconds') ?? 15) * 1000,
          pollIntervalMs:
            (config.getOptionalNumber('deployments.stream.pollIntervalSeconds') ?? 5) * 1000,
          maxBufferedBytes:
            config.getOptionalNumber('deployments.stream.maxBufferedBytes') ?? 1024 * 1024,
        });
        await stream.start();
        lifecycle.addShutdownHook(() => stream.stop());

        for (const provider of providers) {
          await provider.connect(createProviderConnection({ provider, store, stream, logger }));
          logger.info(`Importing deployments from provider ${provider.getProviderName()}`);
        }

        const retentionDays = config.getOptionalNumber('deployments.retention.days');
        if (retentionDays) {
          await scheduler.scheduleTask({
            id: 'deployments-retention',
            frequency: { hours: 1 },
            timeout: { minutes: 30 },
            // Once across all replicas, not once per replica.
            scope: 'global',
            fn: async () => {
              const deleted = await store.deleteHistoryBefore(Date.now() - retentionDays * 86_400_000);
              logger.info(`Retention removed ${deleted} deployment events older than ${retentionDays} days`);
            },
          });
        }

        const linker = new CatalogServiceLinker({
          catalog,
          auth,
          logger,
          ttlMs: (config.getOptionalNumber('deployments.catalog.cacheSeconds') ?? 60) * 1000,
        });
        const keys = readApiKeys(config, logger);
        logger.info(`Ingest accepts ${keys.length} API key(s): ${keys.map(k => k.name).join(', ') || 'none'}`);

        httpRouter.use(
          await createRouter({
            store,
            stream,
            linker,
            httpAuth,
            permissions,
            auditor,
            logger,
            authenticateIngest: createIngestAuthenticator({ keys, httpAuth }),
            rateLimiter: readRateLimiter(config),
            maxStreamConnections:
              config.getOptionalNumber('deployments.stream.maxConnections') ?? 10_000,
            environmentOrder:
              config.getOptionalStringArray('deployments.environments.order') ?? [],
            productionEnvironments: config.getOptionalStringArray(
              'deployments.environments.production',
            ) ?? ['prod', 'production'],
          }),
        );
        // Ingest authenticates API keys itself, and every read route checks
        // Backstage credentials in the router; see router.ts.
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});
