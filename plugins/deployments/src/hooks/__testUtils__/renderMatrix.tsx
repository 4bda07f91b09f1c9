import { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { configApiRef } from '@backstage/core-plugin-api';
import { mockApis, TestApiProvider } from '@backstage/test-utils';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { useMatrix, UseMatrixOptions } from '../useMatrix';
import { FakeMatrixServer } from './FakeMatrixServer';

/**
 * Renders useMatrix against a fake server with the given columns order in
 * app config, counting renders. Meant for jest's fake timers.
 */
export function renderMatrix(
  server: FakeMatrixServer,
  initialProps: UseMatrixOptions = {},
  environmentOrder: string[] = [],
) {
  let renders = 0;
  const config = mockApis.config({
    data: { deployments: { environments: { order: environmentOrder } } },
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider
      apis={[
        [deploymentsApiRef, server],
        [configApiRef, config],
      ]}
    >
      {children}
    </TestApiProvider>
  );
  const hook = renderHook(
    (props: UseMatrixOptions) => {
      renders++;
      return useMatrix(props);
    },
    { initialProps, wrapper },
  );
  return { ...hook, renders: () => renders };
}

/** Lets fake time pass, running timers, animation frames and promises. */
export async function tick(ms = 0): Promise<void> {
  await act(() => jest.advanceTimersByTimeAsync(ms));
}

/** The service names a hook result shows. */
export function names(matrix?: { services: Array<{ service: string }> }) {
  return matrix?.services.map(s => s.service);
}
