import { act, screen, waitFor, within } from '@testing-library/react';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { ServiceDeployments } from './ServiceDeployments';

/**
 * Issue 18: a deployment that finished kept a spinning "Deploying" row in
 * Recent deployments. Two runs raced in one slot: A started, B started
 * later, then A was cancelled. A's last event is older than B's, so the
 * slot (still B) did not change and nothing reloaded the runs.
 */
describe('Recent deployments, a run finishing behind a newer one', () => {
  const at = (minute: number) =>
    `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
  const event = (id: string, run: string, status: string, minute: number) =>
    makeEvent({
      id,
      deployment_id: run,
      service: 'checkout',
      environment: 'dev',
      status: status as DeploymentEvent['status'],
      version: run === 'run-a' ? '1.0.0' : '1.1.0',
      happened_at: at(minute),
    });

  it('reloads the runs on any event of the service, so the row stops spinning', async () => {
    const aStarted = event('10', 'run-a', 'in-progress', 0);
    const bStarted = event('11', 'run-b', 'in-progress', 5);
    const aCancelled = event('12', 'run-a', 'cancelled', 3);
    const api = new FakeDeploymentsApi();
    api.matrix = {
      environments: ['dev'],
      services: [
        {
          service: 'checkout',
          entity_ref: null,
          slots: { dev: slotOf(bStarted) },
        },
      ],
    };
    let log = [aStarted, bStarted];
    api.runs = () =>
      onePageOf(
        foldRun(log.filter(e => e.deployment_id === 'run-b')),
        foldRun(log.filter(e => e.deployment_id === 'run-a')),
      )();

    await renderWithApis(<ServiceDeployments service="checkout" />, { api });
    const rowOf = (run: string) =>
      screen
        .getAllByTestId('recent-deployment')
        .find(r => r.getAttribute('data-deployment-id') === run)!;
    await waitFor(() =>
      expect(screen.getAllByTestId('recent-deployment')).toHaveLength(2),
    );
    expect(rowOf('run-a')).toHaveAttribute('data-status', 'in-progress');
    await waitFor(() => expect(api.streams).toHaveLength(1));

    log = [...log, aCancelled];
    act(() => api.lastStream.emit(aCancelled));
    await waitFor(() =>
      expect(rowOf('run-a')).toHaveAttribute('data-status', 'cancelled'),
    );
    expect(
      within(rowOf('run-a')).getByTestId('status-label'),
    ).toHaveTextContent('Cancelled');
  });
});
