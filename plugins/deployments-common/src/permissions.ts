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

/** Every permission of the Deployments plugins. @public */
export const deploymentsPermissions = [
  deploymentsEventReadPermission,
  deploymentsEventCreatePermission,
];
