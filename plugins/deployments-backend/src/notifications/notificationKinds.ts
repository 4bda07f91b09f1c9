/**
 * What the plugin notifies of: a deployment that failed, a slot that
 * recovered (a success whose previous outcome in the slot was a failure),
 * and a deployment that has awaited approval longer than `waitingAfter`.
 */
export const NOTIFICATION_KINDS = ['failure', 'recovered', 'waiting'] as const;

/** One of {@link NOTIFICATION_KINDS}. */
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Only events that happened at most this long before they were received
 * notify: an import of history (a batch of 1,000 old events, a provider's
 * backfill) tells nobody about deployments that are long over. A waiting
 * deployment notifies when it crossed `waitingAfter` at most this long ago.
 */
export const RECENT_WINDOW_MS = 60 * 60 * 1000;

/** `deployments.notifications`, with defaults applied. */
export interface NotificationSettings {
  /** False when configured off; the backend may still lack the notifications plugin. */
  enabled: boolean;
  /** Environments whose deployments notify (default: the production environments). */
  environments: string[];
  /** The kinds sent (default: all). */
  events: NotificationKind[];
  /** How long a deployment may await approval before its owners hear of it. */
  waitingAfterMs: number;
}
