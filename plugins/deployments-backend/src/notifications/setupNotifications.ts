import {
  LoggerService,
  RootInstanceMetadataService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Knex } from 'knex';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { ServiceLinks } from '../catalog/CatalogServiceLinker';
import { DeploymentNotifier } from './DeploymentNotifier';
import { NotificationClaims } from './NotificationClaims';
import { NotificationSettings } from './notificationKinds';
import { NotificationsTask } from './NotificationsTask';

const NOTIFICATIONS_PLUGIN_ID = 'notifications';

/**
 * Whether Backstage's notifications backend answers for this backend: it is
 * installed in this instance, or `discovery.endpoints` routes the
 * `notifications` plugin to another one (a split deployment) — the same two
 * sources as `coreServices.rootSystemMetadata`, which has no default
 * implementation a plugin could rely on.
 */
export async function isNotificationsBackendAvailable(
  instanceMetadata: RootInstanceMetadataService,
  config: Config,
): Promise<boolean> {
  const installed = await instanceMetadata.getInstalledPlugins();
  if (installed.some(plugin => plugin.pluginId === NOTIFICATIONS_PLUGIN_ID))
    return true;
  return (config.getOptionalConfigArray('discovery.endpoints') ?? []).some(
    endpoint =>
      (endpoint.getOptionalStringArray('plugins') ?? []).includes(
        NOTIFICATIONS_PLUGIN_ID,
      ),
  );
}

/**
 * Turns notifications on when configured on and the notifications backend
 * is there (else says so in one log line): schedules the waiting check and
 * answers the notifier the ingest tells of stored events.
 */
export async function setupNotifications(options: {
  settings: NotificationSettings;
  config: Config;
  instanceMetadata: RootInstanceMetadataService;
  notifications: NotificationService;
  knex: Knex;
  store: DeploymentsStore;
  links: () => Promise<ServiceLinks>;
  scheduler: SchedulerService;
  logger: LoggerService;
}): Promise<DeploymentNotifier | undefined> {
  const { settings, logger } = options;
  if (!settings.enabled) {
    logger.info(
      'Deployment notifications are off (deployments.notifications.enabled is false)',
    );
    return undefined;
  }
  if (
    !(await isNotificationsBackendAvailable(
      options.instanceMetadata,
      options.config,
    ))
  ) {
    logger.info(
      'Deployment notifications are off: the notifications backend (@backstage/plugin-notifications-backend) is not installed',
    );
    return undefined;
  }
  const claims = new NotificationClaims(options.knex);
  const notifier = new DeploymentNotifier({
    store: options.store,
    claims,
    links: options.links,
    notifications: options.notifications,
    logger,
    settings,
  });
  await new NotificationsTask({
    store: options.store,
    claims,
    notifier,
    logger,
    settings,
  }).schedule(options.scheduler);
  logger.info(
    `Deployment notifications on for ${settings.events.join(', ')} in ${
      settings.environments.join(', ') || 'no environment'
    }`,
  );
  return notifier;
}
