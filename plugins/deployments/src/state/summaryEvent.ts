import { DeploymentEvent } from '@deploydash/plugin-deployments-common';

/** The fields `GET /matrix?view=summary` keeps in each slot event. */
const SUMMARY_FIELDS = [
  'id',
  'deployment_id',
  'status',
  'version',
  'happened_at',
  'actor',
  'run_url',
  'run_number',
] as const;

/**
 * A frame's event cut down to the summary view, so a row built from frames
 * has the same shape as one a fresh summary load returns (and holds no
 * more memory). The type stays `DeploymentEvent`, as in the summary
 * response itself: readers of a summary matrix use only these fields.
 */
export function toSummaryEvent(event: DeploymentEvent): DeploymentEvent {
  const summary: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) summary[field] = event[field];
  return summary as unknown as DeploymentEvent;
}
