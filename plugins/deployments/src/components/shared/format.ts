import {
  DeploymentEvent,
  DeploymentStatus,
} from '@deploydash/plugin-deployments-common';

/** Words for each status: status is never shown by colour alone. */
export const STATUS_TEXT: Record<DeploymentStatus, string> = {
  queued: 'Queued',
  waiting: 'Awaiting approval',
  'in-progress': 'Deploying',
  success: 'Succeeded',
  failure: 'Failed',
  cancelled: 'Cancelled',
};

export function statusText(status: string): string {
  return STATUS_TEXT[status as DeploymentStatus] ?? status;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "in 2 hours" (clock skew), "3 days ago"... */
export function formatRelative(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  if (Number.isNaN(diff)) return iso;
  if (Math.abs(diff) < 45_000) return 'just now';
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'minute') {
      return relativeFormat.format(Math.round(diff / ms), unit);
    }
  }
  return iso;
}

/** Full local date and time plus the UTC instant, for tooltips. */
export function formatAbsolute(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString()} (${date.toISOString()})`;
}

/** "45s", "4m 12s", "2h 5m", "3d 4h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Shown where a run has no duration (yet). */
export const NO_DURATION = '—';

/**
 * How long a run took, spelled out for a table: "42 s", "3 min 5 s",
 * "1 h 12 min", "2 d 3 h"; "—" without a duration (still running).
 */
export function formatRunDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return NO_DURATION;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

export function shortSha(sha: string): string {
  return sha.length > 12 ? sha.slice(0, 7) : sha;
}

/** What names a deployment to people: its version, else its commit, else its id. */
export function eventLabel(event: DeploymentEvent): string {
  if (event.version) return event.version;
  if (event.sha) return shortSha(event.sha);
  return event.deployment_id;
}

/** `group:default/team-a` → `team-a`; other kinds and namespaces stay visible. */
export function humanizeOwner(ref: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  const [, kind, namespace, name] = match;
  if (namespace !== 'default') return ref;
  return kind === 'group' ? name : `${kind}:${name}`;
}
