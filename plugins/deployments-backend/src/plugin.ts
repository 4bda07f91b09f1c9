import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { DatabaseDeploymentsStore } from './database/DatabaseDeploymentsStore';
import { DeploymentsStream } from './stream/DeploymentsStream';
import { InProcessNotifier } from './stream/EventNotifier';
import { PostgresNotifier } from './stream/PostgresNotifier';
import { CatalogServiceLinker } from './catalog/CatalogServiceLinker';
import { createIngestAuthenticator, readApiKeys } from './service/ingestAuth';
import { createRouter } from './service/router';
import { createRateLimiter } from './service/rateLimiter';
import { deploymentsPermissions } from '@deploydash/plugin-deployments-common';
import {
  DeploymentEventProvider,
  deploymentsProvidersExtensionPoint,
} from '@deploydash/plugin-deployments-node';
import { createProviderConnection } from './providers/providerConnection';
import { IngestService } from './core/IngestService';
import { VoidService } from './core/VoidService';
import { ImportCheckpoints } from './core/ImportCheckpoints';
import { readDeploymentsSettings } from './config';
import { RetentionJob } from './retention/RetentionJob';
import { DatabaseIdempotencyStore } from './database/IdempotencyStore';
import { IdempotencyKeys } from './core/idempotency';
import { IdempotencyKeyCleanup } from './retention/IdempotencyKeyCleanup';
import { registerDeploymentsActions } from './actions/registerDeploymentsActions';
import { actionsAuthGateServiceRef } from './actions/actionsAuthGate';
import { setupNotifications } from './notifications/setupNotifications';
import { FreezeCalendar } from './freezes/FreezeCalendar';

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
        // Before actionsRegistry: its routes then come after the gate (actions/actionsAuthGate.ts).
        actionsAuthGate: actionsAuthGateServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        instanceMetadata: coreServices.rootInstanceMetadata,
        notifications: notificationService,
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
        actionsRegistry,
        instanceMetadata,
        notifications,
      }) {
        const settings = readDeploymentsSettings(config, logger);
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
          pingIntervalMs: settings.stream.pingIntervalMs,
          pollIntervalMs: settings.stream.pollIntervalMs,
          maxBufferedBytes: settings.stream.maxBufferedBytes,
        });
        await stream.start();
        lifecycle.addShutdownHook(() => stream.stop());

        const idempotencyStore = new DatabaseIdempotencyStore(knex, {
          ttlMs: settings.ingest.idempotencyKeyTtlMs,
        });
        const linker = new CatalogServiceLinker({
          catalog,
          auth,
          logger,
          ttlMs: settings.catalog.cacheTtlMs,
        });
        // Owners of failed, recovered and waiting deployments hear of them
        // (src/notifications); off without the notifications backend.
        const notifier = await setupNotifications({
          settings: settings.notifications,
          config,
          instanceMetadata,
          notifications,
          knex,
          store,
          links: () => linker.current(),
          scheduler,
          logger,
        });
        if (notifier) lifecycle.addShutdownHook(() => notifier.idle());
        const ingest = new IngestService({
          store,
          announcer: stream,
          auditor,
          logger,
          permissions,
          rateLimiter: createRateLimiter(settings.ingest.rateLimit, knex),
          idempotencyKeys: new IdempotencyKeys(idempotencyStore, logger),
          listeners: notifier ? [notifier] : [],
          maxClockSkewMs: settings.ingest.maxClockSkewMs,
        });
        const checkpoints = new ImportCheckpoints(store);
        for (const provider of providers) {
          await provider.connect(
            createProviderConnection({ provider, ingest, checkpoints, logger }),
          );
          logger.info(`Importing deployments from provider ${provider.getProviderName()}`);
        }

        if (settings.retention) {
          await new RetentionJob({ store, logger, settings: settings.retention }).schedule(scheduler);
        }
        await new IdempotencyKeyCleanup({
          store: idempotencyStore,
          logger,
          ttlMs: settings.ingest.idempotencyKeyTtlMs,
        }).schedule(scheduler);

        // Read-only actions for AI assistants (src/actions, docs/assistants.md).
        registerDeploymentsActions(actionsRegistry, {
          store,
          linker,
          permissions,
          environmentOrder: settings.environments.order,
          productionEnvironments: settings.environments.production,
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
            ingest,
            voids: new VoidService({ store, announcer: stream, auditor, logger, permissions }),
            logger,
            authenticateIngest: createIngestAuthenticator({ keys, httpAuth }),
            maxStreamConnections: settings.stream.maxConnections,
            environmentOrder: settings.environments.order,
            productionEnvironments: settings.environments.production,
            environmentGroups: settings.environments.groups,
            freezes: new FreezeCalendar(settings.freezes),
          }),
        );
        // Backstage's auth policies match paths, not methods, and `POST /`
        // (ingest, API keys) shares its path with `GET /` (history). So the
        // router denies by default itself: its first middleware demands
        // Backstage credentials on every path but the public ones.
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});
