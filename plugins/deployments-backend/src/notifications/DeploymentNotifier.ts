import { LoggerService } from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { ServiceLinks } from '../catalog/CatalogServiceLinker';
import { StoredEventsListener } from '../core/IngestService';
import { NotificationClaims } from './NotificationClaims';
import {
  NotificationKind,
  NotificationSettings,
  RECENT_WINDOW_MS,
} from './notificationKinds';
import { notificationPayload } from './notificationPayload';

/** Events waiting to be looked at beyond this are dropped (with a warning), not queued. */
const MAX_QUEUED_EVENTS = 10_000;
/** Events of a slot read per page when looking for the previous outcome. */
const PAGE = 50;
const PAGES = 4;

/** A run's outcome: what a recovery is measured against (cancelled runs change nothing). */
const isOutcome = (event: DeploymentEvent) =>
  event.status === 'success' || event.status === 'failure';

const position = (event: DeploymentEvent) => ({
  happenedAtMs: Date.parse(event.happened_at),
  seq: Number(event.id),
});

/** True when `a` comes after `b` in its slot (happened_at, then seq). */
const isAfter = (a: DeploymentEvent, b: DeploymentEvent) => {
  const [pa, pb] = [position(a), position(b)];
  return (
    pa.happenedAtMs > pb.happenedAtMs ||
    (pa.happenedAtMs === pb.happenedAtMs && pa.seq > pb.seq)
  );
};

/** What the notifier needs: the links are the catalog's owners and entities of services. */
export interface DeploymentNotifierOptions {
  store: DeploymentsStore;
  claims: NotificationClaims;
  links: () => Promise<ServiceLinks>;
  notifications: NotificationService;
  logger: LoggerService;
  settings: NotificationSettings;
}

/**
 * Tells the owners of a service's catalog entity when a deployment in a
 * notified environment fails or its slot recovers (and, for the scheduled
 * check, when one awaits approval too long). It hears of stored events from
 * the one ingest path after they were announced, and works on them in the
 * background, one batch after the other: the ingest never waits for it and
 * never sees its errors, which are logged.
 */
export class DeploymentNotifier implements StoredEventsListener {
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(private readonly options: DeploymentNotifierOptions) {}

  eventsStored(events: DeploymentEvent[]): void {
    const candidates = this.candidates(events);
    if (candidates.length === 0) return;
    const { logger } = this.options;
    if (this.queued + candidates.length > MAX_QUEUED_EVENTS) {
      logger.warn(
        `Deployment notifications are behind by ${this.queued} events; not notifying of ${candidates.length} more`,
      );
      return;
    }
    this.queued += candidates.length;
    this.tail = this.tail
      .then(() => this.notifyOfOutcomes(candidates))
      .catch(error =>
        logger.error('Deployment notifications failed', toError(error)),
      )
      .then(() => {
        this.queued -= candidates.length;
      });
  }

  /** Resolves once the events heard of so far were dealt with (tests, shutdown). */
  idle(): Promise<void> {
    return this.tail;
  }

  /**
   * The events that may notify: outcomes in a notified environment, no test,
   * recent when received, and of each slot only the latest outcome among them.
   */
  private candidates(events: DeploymentEvent[]): DeploymentEvent[] {
    const { environments, events: kinds } = this.options.settings;
    const wanted = (event: DeploymentEvent) =>
      (event.status === 'failure' && kinds.includes('failure')) ||
      (event.status === 'success' && kinds.includes('recovered'));
    const latest = new Map<string, DeploymentEvent>();
    for (const event of events) {
      if (
        event.is_test ||
        !isOutcome(event) ||
        !environments.includes(event.environment)
      )
        continue;
      const key = JSON.stringify([event.service, event.environment]);
      const other = latest.get(key);
      if (!other || isAfter(event, other)) latest.set(key, event);
    }
    return [...latest.values()].filter(
      event =>
        wanted(event) &&
        Date.parse(event.received_at) - Date.parse(event.happened_at) <=
          RECENT_WINDOW_MS,
    );
  }

  private async notifyOfOutcomes(events: DeploymentEvent[]): Promise<void> {
    for (const event of events) {
      try {
        const kind = await this.kindOf(event);
        if (kind) await this.notify(kind, event);
      } catch (error) {
        this.options.logger.error(
          `Could not notify of deployment event ${event.id} (${event.service}/${event.environment})`,
          toError(error),
        );
      }
    }
  }

  /**
   * `failure`, or `recovered` for a success whose previous outcome in the
   * slot was a failure; nothing when a later outcome of the slot is already
   * stored (the news is no longer true).
   */
  private async kindOf(
    event: DeploymentEvent,
  ): Promise<NotificationKind | undefined> {
    const { store } = this.options;
    const filter = { service: event.service, environment: event.environment };
    const since = await store.listHistory(
      { ...filter, sinceMs: position(event).happenedAtMs },
      PAGE,
    );
    // A retry of this same outcome (the same run posted again, e.g. to another
    // replica) is not news of its own: the claim in the database dedupes it.
    const sameOutcome = (other: DeploymentEvent) =>
      other.deployment_id === event.deployment_id && other.status === event.status;
    if (since.some(other => isOutcome(other) && !sameOutcome(other) && isAfter(other, event)))
      return undefined;
    if (event.status === 'failure') return 'failure';
    let after = position(event);
    for (let page = 0; page < PAGES; page++) {
      const earlier = await store.listHistory(filter, PAGE, after);
      const previous = earlier.find(other => isOutcome(other) && !sameOutcome(other));
      if (previous)
        return previous.status === 'failure' ? 'recovered' : undefined;
      if (earlier.length < PAGE) return undefined;
      after = position(earlier[earlier.length - 1]);
    }
    return undefined;
  }

  /**
   * Sends one notification to the owners of the service's entity, once per
   * run across retries and replicas: the database decides who sends.
   */
  async notify(
    kind: NotificationKind,
    event: DeploymentEvent,
    waitedMs?: number,
  ): Promise<boolean> {
    const { claims, links, notifications, logger, settings } = this.options;
    if (!settings.events.includes(kind)) return false;
    const { service, environment } = event;
    const current = await links();
    const owner = current.ownerOf(service);
    if (!owner) {
      logger.debug(
        `No ${kind} notification for ${service}/${environment}: its catalog entity has no owner`,
      );
      return false;
    }
    const key = {
      kind,
      service,
      environment,
      deploymentId: event.deployment_id,
    };
    if (!(await claims.claim(key, event.id))) {
      logger.debug(
        `The ${kind} notification of ${service}/${environment} run ${event.deployment_id} was sent already`,
      );
      return false;
    }
    const payload = notificationPayload({
      kind,
      event,
      entityRef: current.entityRefFor(service),
      waitedMs,
    });
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: [owner] },
        payload,
      });
    } catch (error) {
      // Not sent: a later event of the run (or the next check) may try again.
      await claims.release(key).catch(() => undefined);
      throw error;
    }
    logger.info(`Notified ${owner}: ${payload.title}`);
    return true;
  }
}
