import {
  DeploymentEvent,
  DeploymentRun,
  RunsPage,
  TERMINAL_STATUSES,
} from '@deploydash/plugin-deployments-common';
import { makeEvent } from './fixtures';

let nextRun = 1;

/**
 * A run as `GET /runs` returns it, folded from its events (oldest first)
 * the way the backend does; any field can still be overridden.
 */
export function makeRun(overrides: Partial<DeploymentRun> = {}): DeploymentRun {
  const deploymentId = overrides.deployment_id ?? `run-${nextRun++}`;
  const events = overrides.events ?? [
    makeEvent({
      deployment_id: deploymentId,
      status: 'in-progress',
      happened_at: '2026-01-01T10:00:00.000Z',
    }),
    makeEvent({
      deployment_id: deploymentId,
      status: 'success',
      happened_at: '2026-01-01T10:00:42.000Z',
    }),
  ];
  return { ...foldRun(events), deployment_id: deploymentId, ...overrides };
}

/** The run fields the backend derives from the events (oldest first). */
export function foldRun(events: DeploymentEvent[]): DeploymentRun {
  const first = events[0];
  const last = events[events.length - 1];
  const finished = TERMINAL_STATUSES.includes(last.status)
    ? last.happened_at
    : null;
  return {
    deployment_id: first.deployment_id,
    service: first.service,
    environment: first.environment,
    status: last.status,
    version: last.version,
    started_at: first.happened_at,
    finished_at: finished,
    duration_ms:
      finished === null
        ? null
        : Date.parse(finished) - Date.parse(first.happened_at),
    rollback: false,
    events,
  };
}

/** A `runs` answer for FakeDeploymentsApi: these runs, all on one page. */
export function onePageOf(...items: DeploymentRun[]): () => RunsPage {
  return () => ({ items, next_cursor: null });
}
