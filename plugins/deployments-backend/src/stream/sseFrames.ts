import { DeploymentEvent } from '@deploydash/plugin-deployments-common';

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

export const PING_FRAME = ': ping\n\n';
