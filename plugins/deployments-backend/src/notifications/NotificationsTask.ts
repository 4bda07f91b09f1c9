import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { DeploymentNotifier } from './DeploymentNotifier';
import { NotificationClaims } from './NotificationClaims';
import { NotificationSettings, RECENT_WINDOW_MS } from './notificationKinds';

/** Waiting events looked at per check; more than this many crossing the threshold in one hour is not expected. */
const MAX_WAITING = 1_000;
/** Sent keys are kept this long: far beyond the window in which an event can still notify. */
const KEEP_CLAIMS_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The scheduled half of notifications, once across replicas: deployments
 * awaiting approval longer than `waitingAfter`, and forgetting old keys of
 * notifications sent.
 */
export class NotificationsTask {
  static readonly TASK_ID = 'deployments-notifications';

  constructor(
    private readonly options: {
      store: DeploymentsStore;
      claims: NotificationClaims;
      notifier: DeploymentNotifier;
      logger: LoggerService;
      settings: NotificationSettings;
      now?: () => number;
    },
  ) {}

  /** Every minute, scope `global`: one replica runs it at a time. */
  async schedule(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: NotificationsTask.TASK_ID,
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
      scope: 'global',
      fn: async () => {
        await this.run();
      },
    });
  }

  /** One pass; answers how many waiting notifications were sent. */
  async run(): Promise<number> {
    const { claims, logger, now = Date.now } = this.options;
    const sent = await this.notifyOfWaiting(now());
    try {
      await claims.deleteOlderThan(now() - KEEP_CLAIMS_MS);
    } catch (error) {
      logger.warn('Could not delete old notification keys', toError(error));
    }
    return sent;
  }

  /**
   * Deployments whose slot still awaits their approval and that crossed
   * `waitingAfter` within the recent window (an older wait, e.g. imported
   * history, notifies nobody). A run notifies once, from its first waiting event.
   */
  private async notifyOfWaiting(nowMs: number): Promise<number> {
    const { store, notifier, logger, settings } = this.options;
    if (!settings.events.includes('waiting')) return 0;
    const waiting = await store.listHistory(
      {
        status: 'waiting',
        sinceMs: nowMs - settings.waitingAfterMs - RECENT_WINDOW_MS,
        untilMs: nowMs - settings.waitingAfterMs,
      },
      MAX_WAITING,
    );
    // Newest first, so the last one seen of a run is its first waiting event.
    const firstOfRun = new Map<string, DeploymentEvent>();
    for (const event of waiting) {
      if (!settings.environments.includes(event.environment)) continue;
      firstOfRun.set(
        JSON.stringify([event.service, event.environment, event.deployment_id]),
        event,
      );
    }
    let sent = 0;
    const slotsOf = new Map<
      string,
      Awaited<ReturnType<DeploymentsStore['listSlots']>>
    >();
    for (const event of firstOfRun.values()) {
      try {
        if (!slotsOf.has(event.service)) {
          slotsOf.set(
            event.service,
            await store.listSlots({ service: event.service }),
          );
        }
        const slot = slotsOf
          .get(event.service)!
          .find(s => s.current.environment === event.environment);
        // Still waiting: the slot's latest event is this run's, and waiting.
        const current = slot?.current;
        if (
          current?.deployment_id !== event.deployment_id ||
          current.status !== 'waiting'
        )
          continue;
        const waitedMs = nowMs - Date.parse(event.happened_at);
        if (await notifier.notify('waiting', event, waitedMs)) sent++;
      } catch (error) {
        logger.error(
          `Could not notify of waiting deployment ${event.deployment_id} (${event.service}/${event.environment})`,
          toError(error),
        );
      }
    }
    return sent;
  }
}
