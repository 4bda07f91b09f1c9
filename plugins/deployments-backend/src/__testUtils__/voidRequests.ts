import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** `POST /{id}/void` as a signed-in user (or with the given headers). */
export function postVoid(
  baseUrl: string,
  id: string,
  body: unknown,
  headers: Record<string, string> = {
    Authorization: mockCredentials.user.header(),
  },
) {
  return fetch(`${baseUrl}/${id}/void`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * A permission policy as a PermissionsService: everything allowed, except
 * `deployments.event.void` for `deniedUser`. (Backstage's permission backend
 * is not a dependency of this plugin; the plugin sees only this service.)
 */
export function voidDeniedTo(deniedUser: string) {
  return mockServices.permissions.mock({
    authorize: async (requests, options) => {
      const principal = options?.credentials.principal as
        | { userEntityRef?: string }
        | undefined;
      return requests.map(request => ({
        result:
          'permission' in request &&
          request.permission.name === 'deployments.event.void' &&
          principal?.userEntityRef === deniedUser
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }));
    },
  }).factory;
}
