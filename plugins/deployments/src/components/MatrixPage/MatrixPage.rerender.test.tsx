import { act, screen } from '@testing-library/react';
import { MatrixResponse } from '@deploydash/plugin-deployments-common';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { MatrixPage } from './MatrixPage';

// Count how often slot contents render, keeping the real component.
const renders = { count: 0 };
jest.mock('../shared/SlotSummary', () => {
  const { SlotSummary: Real } = jest.requireActual('../shared/SlotSummary');
  return {
    SlotSummary: (props: any) => {
      renders.count++;
      return <Real {...props} />;
    },
  };
});

const ENVIRONMENTS = [
  'dev',
  'qa',
  'int',
  'staging',
  'perf',
  'canary',
  'prod',
  'dr',
];

function bigMatrix(): MatrixResponse {
  let id = 1;
  const services = Array.from({ length: 300 }, (_, i) => {
    const service = `service-${String(i).padStart(3, '0')}`;
    const slots = Object.fromEntries(
      ENVIRONMENTS.map(environment => [
        environment,
        slotOf(makeEvent({ id: String(id++), service, environment })),
      ]),
    );
    return { service, entity_ref: null, slots };
  });
  return { environments: ENVIRONMENTS, services };
}

describe('MatrixPage with 300 services × 8 environments', () => {
  // Rendering 2,400 cells in jsdom with development React is slow.
  jest.setTimeout(60_000);

  it('re-renders only the slot a stream frame changed', async () => {
    const api = new FakeDeploymentsApi();
    api.matrix = bigMatrix();
    await renderWithApis(<MatrixPage />, { api });
    expect(await screen.findAllByTestId('deployments-matrix-row')).toHaveLength(
      300,
    );
    expect(screen.getAllByTestId('deployment-slot')).toHaveLength(2400);

    renders.count = 0;
    act(() => {
      api.lastStream.emit(
        makeEvent({
          id: '99999',
          service: 'service-150',
          environment: 'prod',
          status: 'failure',
          version: '9.9.9',
          happened_at: '2026-06-01T00:00:00.000Z',
        }),
      );
    });
    expect(screen.getByText('9.9.9')).toBeInTheDocument();
    // One slot, rendered at most twice by StrictMode in development.
    expect(renders.count).toBeGreaterThan(0);
    expect(renders.count).toBeLessThanOrEqual(2);
  });
});
