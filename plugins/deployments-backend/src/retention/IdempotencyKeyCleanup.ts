import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { IdempotencyStore } from '../database/IdempotencyStore';

/**
 * Deletes `Idempotency-Key`s older than their remembering window. Always
 * scheduled, unlike event retention (which is optional): expired keys already
 * count as absent, so this only keeps the table small.
 */
export class IdempotencyKeyCleanup {
  static readonly TASK_ID = 'deployments-idempotency-key-cleanup';

  constructor(
    private readonly options: {
      store: IdempotencyStore;
      logger: LoggerService;
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  /** Hourly, once across all replicas: they share one table. */
  async schedule(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: IdempotencyKeyCleanup.TASK_ID,
      frequency: { hours: 1 },
      timeout: { minutes: 10 },
      scope: 'global',
      fn: async () => {
        await this.run();
      },
    });
  }

  /** One pass; answers how many keys were deleted. */
  async run(): Promise<number> {
    const { store, logger, ttlMs, now = Date.now } = this.options;
    const deleted = await store.deleteOlderThan(now() - ttlMs);
    if (deleted > 0)
      logger.info(`Deleted ${deleted} expired Idempotency-Key(s)`);
    return deleted;
  }
}
