import { createPermission } from '@backstage/plugin-permission-common';

/** Reading deployment events: history, matrix, discovery and stream. @public */
export const deploymentsEventReadPermission = createPermission({
  name: 'deployments.event.read',
  attributes: { action: 'read' },
});

/** Posting a deployment event with a Backstage token. @public */
export const deploymentsEventCreatePermission = createPermission({
  name: 'deployments.event.create',
  attributes: { action: 'create' },
});

/**
 * Voiding a deployment event (`POST /api/deployments/{id}/void`): marking a
 * mistaken event so that the matrix, runs, metrics and promotion leave it
 * out. Nothing is deleted. @public
 */
export const deploymentsEventVoidPermission = createPermission({
  name: 'deployments.event.void',
  attributes: { action: 'update' },
});

/** Every permission of the Deployments plugins. @public */
export const deploymentsPermissions = [
  deploymentsEventReadPermission,
  deploymentsEventCreatePermission,
  deploymentsEventVoidPermission,
];
