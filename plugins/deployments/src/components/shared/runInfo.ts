import {
  DeploymentEvent,
  DeploymentRun,
  TERMINAL_STATUSES,
} from '@deploydash/plugin-deployments-common';
import { formatRunDuration, NO_DURATION, shortSha } from './format';

/** The latest event satisfying `test` (events are oldest first). */
function latest(
  run: DeploymentRun,
  test: (event: DeploymentEvent) => boolean,
): DeploymentEvent | undefined {
  for (let i = run.events.length - 1; i >= 0; i--) {
    if (test(run.events[i])) return run.events[i];
  }
  return undefined;
}

/** What names a run to people: its version, else its commit, else its id. */
export function runLabel(run: DeploymentRun): string {
  if (run.version) return run.version;
  const sha = latest(run, e => Boolean(e.sha))?.sha;
  return sha ? shortSha(sha) : run.deployment_id;
}

/** The event whose CI run to link: the latest one that has a run URL. */
export function runLinkEvent(run: DeploymentRun): DeploymentEvent | undefined {
  return latest(run, e => Boolean(e.run_url));
}

/** Who acted last on the run (e.g. who approved it), when anyone is named. */
export function runActor(run: DeploymentRun): string | undefined {
  return latest(run, e => Boolean(e.actor))?.actor ?? undefined;
}

export function isFinished(run: DeploymentRun): boolean {
  return TERMINAL_STATUSES.includes(run.status);
}

/** The run's duration in words, and why there is none when there is none. */
export function runDuration(run: DeploymentRun): {
  text: string;
  title?: string;
} {
  if (!isFinished(run) || run.duration_ms === null) {
    return { text: NO_DURATION, title: 'Not finished yet' };
  }
  if (run.events.length < 2) {
    return { text: NO_DURATION, title: 'Only one event recorded' };
  }
  return { text: formatRunDuration(run.duration_ms) };
}
