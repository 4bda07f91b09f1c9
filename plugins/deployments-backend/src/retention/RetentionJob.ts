import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { RetentionSettings } from '../config';

/**
 * Deletes events older than `deployments.retention.maxAge`, never a slot's
 * current or last successful event (the store keeps those).
 */
export class RetentionJob {
  static readonly TASK_ID = 'deployments-retention';

  constructor(
    private readonly options: {
      store: DeploymentsStore;
      logger: LoggerService;
      settings: RetentionSettings;
    },
  ) {}

  /** Registers the task on the configured schedule. */
  async schedule(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      ...this.options.settings.schedule,
      id: RetentionJob.TASK_ID,
      // Once across all replicas, whatever the configured scope: they share one log.
      scope: 'global',
      fn: async () => {
        await this.run();
      },
    });
  }

  /** One pass; answers how many events were deleted. */
  async run(): Promise<number> {
    const { store, logger, settings } = this.options;
    const cutoff = Date.now() - settings.maxAgeMs;
    const deleted = await store.deleteHistoryBefore(cutoff);
    logger.info(
      `Retention removed ${deleted} deployment events from before ${new Date(
        cutoff,
      ).toISOString()} (maxAge ${JSON.stringify(settings.maxAge)})`,
    );
    return deleted;
  }
}
