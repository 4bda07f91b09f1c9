import { DeploymentEvent, IncidentEvent } from '@deploydash/plugin-deployments-common';

/**
 * One event as an SSE frame. JSON.stringify escapes CR and LF inside strings,
 * so the data is always a single line however the strings were sent.
 */
export function deploymentFrame(event: DeploymentEvent): string {
  return `id: ${event.id}\nevent: deployment\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * A voided event as an SSE frame: `event: void`, the event (with its
 * `voided`) as data. No `id:` line: voids are not positions of the log,
 * so the client's Last-Event-ID stays the last deployment frame's.
 */
export function voidFrame(event: DeploymentEvent): string {
  return `event: void\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * A stored incident event as an SSE frame: `event: incident`, the record as
 * data. No `id:` line, like voids: the Last-Event-ID stays a deployment's.
 */
export function incidentFrame(record: IncidentEvent): string {
  return `event: incident\ndata: ${JSON.stringify(record)}\n\n`;
}

export const PING_FRAME = ': ping\n\n';
