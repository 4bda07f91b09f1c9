import { ReactElement } from 'react';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { FakeDeploymentsApi } from './fixtures';
import { renderWithApis } from './renderWithApis';

/** ALLOW or DENY, as the mock permission API takes them (its enum lives in a package this one does not depend on). */
type Decision = Exclude<
  NonNullable<
    NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize']
  >,
  (...args: any[]) => unknown
>;
const ALLOW = 'ALLOW' as Decision;
const DENY = 'DENY' as Decision;

/**
 * renderWithApis plus a permission policy that allows everything, except
 * `deployments.event.void` when `canVoid` is false. `asked` records every
 * permission asked for. usePermission caches answers for a whole test file
 * (SWR), so a file tests one answer.
 */
export function renderWithPermission(
  element: ReactElement,
  options: { api: FakeDeploymentsApi; canVoid: boolean },
) {
  const asked: string[] = [];
  const permission = mockApis.permission({
    authorize: request => {
      asked.push(request.permission.name);
      return request.permission.name === 'deployments.event.void' &&
        !options.canVoid
        ? DENY
        : ALLOW;
    },
  });
  const rendered = renderWithApis(
    <TestApiProvider apis={[[permissionApiRef, permission]]}>
      {element}
    </TestApiProvider>,
    { api: options.api },
  );
  return { rendered, asked };
}
