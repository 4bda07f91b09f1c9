import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { NotificationKind } from './notificationKinds';

/**
 * Where a notification leads: the Deployments tab of the service's catalog
 * entity (its runs, promotion lane and the slot's history), else the matrix
 * filtered to the service. Relative: the notifications backend checks it
 * against `app.baseUrl`, and the Slack and email modules make it absolute.
 */
export function notificationLink(
  service: string,
  entityRef: string | null,
): string {
  if (entityRef) {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const parts = [namespace, kind.toLocaleLowerCase('en-US'), name].map(
      encodeURIComponent,
    );
    return `/catalog/${parts.join('/')}/deployments`;
  }
  return `/deployments?q=${encodeURIComponent(service)}`;
}

/** `deployments:<service>:<environment>`: one topic per slot. */
export const slotTopic = (
  event: Pick<DeploymentEvent, 'service' | 'environment'>,
) => `deployments:${event.service}:${event.environment}`;

const minutes = (ms: number) => {
  const m = Math.max(1, Math.floor(ms / 60_000));
  return m < 120
    ? `${m} minute${m === 1 ? '' : 's'}`
    : `${Math.floor(m / 60)} hours`;
};

/** "Deployment run-7 by alice from main (abc1234)": what is known of the run. */
function whose(event: DeploymentEvent): string {
  const sha = event.sha ? ` (${event.sha.slice(0, 7)})` : '';
  return [
    `Deployment ${event.deployment_id}`,
    event.actor ? ` by ${event.actor}` : '',
    event.ref ? ` from ${event.ref}` : '',
    sha,
  ].join('');
}

const SEVERITY = {
  failure: 'high',
  recovered: 'normal',
  waiting: 'normal',
} as const;

/**
 * The payload of one notification. Its `scope` is the slot's, so a later
 * notification for the same slot (recovered after failed, a new failure)
 * replaces the earlier one in each recipient's list and marks it unread,
 * instead of piling up.
 */
export function notificationPayload(options: {
  kind: NotificationKind;
  event: DeploymentEvent;
  entityRef: string | null;
  /** For `waiting`: how long it has waited. */
  waitedMs?: number;
}): NotificationPayload {
  const { kind, event, entityRef, waitedMs = 0 } = options;
  const version = event.version ? ` (${event.version})` : '';
  const where = `${event.service} ${
    { failure: 'failed', recovered: 'recovered', waiting: 'awaits approval' }[
      kind
    ]
  } in ${event.environment}${version}`;
  const when = event.happened_at
    .replace('T', ' ')
    .replace(/:\d\d\.\d{3}Z$/, ' UTC');
  const description = {
    failure: `${whose(event)} failed at ${when}.`,
    recovered: `${whose(event)} succeeded at ${when} after a failure.`,
    waiting: `${whose(event)} has awaited approval for ${minutes(
      waitedMs,
    )}, since ${when}.`,
  }[kind];
  const topic = slotTopic(event);
  return {
    title: where,
    description: event.run_url
      ? `${description} Run: ${event.run_url}`
      : description,
    link: notificationLink(event.service, entityRef),
    severity: SEVERITY[kind],
    topic,
    scope: topic,
    metadata: {
      kind,
      service: event.service,
      environment: event.environment,
      deploymentId: event.deployment_id,
      eventId: event.id,
      status: event.status,
    },
  };
}
