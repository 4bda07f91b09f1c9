import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  FakeDeploymentsApi,
  databaseUnavailable,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { ServiceDeployments } from './ServiceDeployments';

const prod = makeEvent({
  id: '10',
  service: 'checkout',
  environment: 'prod',
  version: '1.4.0',
});

const search = () => screen.getByTestId('location-search').textContent ?? '';

/** Issue 18, part 4: the entity tab's drawer is linkable; errors retry. */
describe('ServiceDeployments: linkable drawer, retry', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.matrix = {
      environments: ['prod'],
      services: [
        {
          service: 'checkout',
          entity_ref: null,
          slots: { prod: slotOf(prod) },
        },
      ],
    };
    api.runs = onePageOf(foldRun([prod]));
  });

  it('opens the history from the URL and writes it there', async () => {
    await renderWithApis(<ServiceDeployments service="checkout" />, {
      api,
      routeEntries: ['/?environment=prod'],
    });
    const drawer = await screen.findByTestId('history-drawer');
    expect(drawer).toHaveAttribute('data-environment', 'prod');
    await userEvent.click(
      screen.getByRole('button', { name: 'Close history' }),
    );
    await waitFor(() => expect(search()).toBe(''));

    await userEvent.click(
      screen.getByRole('button', { name: 'Show history of checkout in prod' }),
    );
    await screen.findByTestId('history-drawer');
    expect(new URLSearchParams(search()).get('environment')).toBe('prod');
  });

  it('ignores a link to the history of another service', async () => {
    await renderWithApis(<ServiceDeployments service="checkout" />, {
      api,
      routeEntries: ['/?service=payments&environment=prod'],
    });
    await screen.findByTestId('entity-deployments');
    expect(screen.queryByTestId('history-drawer')).toBeNull();
  });

  it('shows a failed load with its detail and a Retry button', async () => {
    api.matrixError = databaseUnavailable();
    await renderWithApis(<ServiceDeployments service="checkout" />, { api });
    expect(
      (await screen.findAllByText(/The database is unavailable/)).length,
    ).toBeGreaterThan(0);
    api.matrixError = undefined;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('entity-deployments')).toBeInTheDocument();
  });
});
