import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MatrixResponse } from '@deploydash/plugin-deployments-common';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { withMatrixLayout } from '../../__testUtils__/matrixLayout';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { FakeMatrixServer } from '../../hooks/__testUtils__/FakeMatrixServer';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { MatrixPage } from './MatrixPage';

const goodProd = makeEvent({
  id: '10',
  service: 'checkout',
  environment: 'prod',
  version: '1.4.0',
  actor: 'alice',
  run_url: 'https://ci.example.com/runs/10',
  run_number: 10,
});
const failedProd = makeEvent({
  id: '11',
  service: 'payments',
  environment: 'prod',
  status: 'failure',
  version: '2.1.0',
  happened_at: '2026-01-01T11:00:00.000Z',
});
const lastGood = makeEvent({
  id: '9',
  service: 'payments',
  environment: 'prod',
  version: '2.0.0',
  happened_at: '2026-01-01T09:00:00.000Z',
});
const runningDev = makeEvent({
  id: '12',
  service: 'payments',
  environment: 'dev',
  status: 'in-progress',
  version: '2.2.0',
});

function matrix(): MatrixResponse {
  return {
    // Backend order, deliberately not alphabetical.
    environments: ['dev', 'staging', 'prod'],
    services: [
      {
        service: 'checkout',
        entity_ref: 'component:default/checkout',
        slots: { prod: slotOf(goodProd) },
      },
      {
        service: 'payments',
        entity_ref: 'component:default/payments',
        slots: {
          prod: slotOf(failedProd, lastGood),
          dev: slotOf(runningDev, null),
        },
      },
      {
        service: 'search-indexer',
        entity_ref: null,
        slots: {
          dev: slotOf(
            makeEvent({
              id: '5',
              service: 'search-indexer',
              environment: 'dev',
            }),
          ),
        },
      },
    ],
  };
}

function slot(service: string, environment: string): HTMLElement {
  const cell = document.querySelector<HTMLElement>(
    `[data-testid="deployment-slot"][data-service="${service}"][data-environment="${environment}"]`,
  );
  if (!cell) throw new Error(`no slot ${service}/${environment}`);
  return cell;
}

const rowNames = () =>
  screen
    .getAllByTestId('deployments-matrix-row')
    .map(r => r.getAttribute('data-service'));

describe('MatrixPage', () => {
  let api: FakeDeploymentsApi;
  withMatrixLayout();
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.matrix = matrix();
  });

  it('renders services as rows and environments as columns in backend order', async () => {
    await renderWithApis(<MatrixPage />, { api });
    expect(await screen.findAllByTestId('deployments-matrix-row')).toHaveLength(
      3,
    );
    expect(rowNames()).toEqual(['checkout', 'payments', 'search-indexer']);
    expect(
      screen
        .getAllByTestId('deployments-matrix-column')
        .map(c => c.textContent),
    ).toEqual(['dev', 'staging', 'prod']);
    // Cells follow the same column order.
    const cells = within(
      screen.getAllByTestId('deployments-matrix-row')[1],
    ).getAllByTestId('deployment-slot');
    expect(cells.map(c => c.getAttribute('data-environment'))).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
  });

  it('shows status in words, version, actor and run link in a slot', async () => {
    await renderWithApis(<MatrixPage />, { api });
    const cell = await waitFor(() => slot('checkout', 'prod'));
    expect(within(cell).getByText('Succeeded')).toBeInTheDocument();
    expect(within(cell).getByText('1.4.0')).toBeInTheDocument();
    expect(within(cell).getByText(/alice/)).toBeInTheDocument();
    expect(
      within(cell).getByRole('link', { name: /CI run for checkout in prod/ }),
    ).toHaveAttribute('href', 'https://ci.example.com/runs/10');
    // One tab stop for the grid (the first row's first slot), so this
    // slot is reached with the arrow keys.
    expect(within(cell).getByRole('button')).toHaveAttribute('tabindex', '-1');
    expect(
      screen.getByRole('grid').querySelectorAll('[tabindex="0"]'),
    ).toHaveLength(1);
    // Absolute time in the tooltip.
    expect(cell.querySelector('time')).toHaveAttribute(
      'title',
      expect.stringContaining('2026-01-01T10:00:00.000Z'),
    );
    // Empty slots are quiet: a grid cell, not a button.
    expect(within(slot('checkout', 'dev')).queryByRole('button')).toBeNull();
    expect(slot('checkout', 'dev')).toHaveTextContent('Not deployed');
  });

  it('shows the last successful version when the current deployment failed or is running', async () => {
    await renderWithApis(<MatrixPage />, { api });
    const failed = await waitFor(() => slot('payments', 'prod'));
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(within(failed).getByText('2.1.0')).toBeInTheDocument();
    expect(within(failed).getByTestId('slot-last-success')).toHaveTextContent(
      'Last success: 2.0.0',
    );
    expect(
      within(slot('payments', 'dev')).getByText('Deploying'),
    ).toBeInTheDocument();
    expect(
      within(slot('payments', 'dev')).getByRole('progressbar', {
        hidden: true,
      }),
    ).toBeInTheDocument();
    expect(
      within(slot('checkout', 'prod')).queryByTestId('slot-last-success'),
    ).toBeNull();
  });

  it('links services to their catalog entity when they have one', async () => {
    await renderWithApis(<MatrixPage />, { api });
    const link = await screen.findByRole('link', {
      name: /checkout in the catalog/,
    });
    expect(link).toHaveAttribute('href', '/catalog/default/component/checkout');
    const row = screen.getAllByTestId('deployments-matrix-row')[2];
    expect(within(row).queryByRole('link', { name: /catalog/ })).toBeNull();
  });

  it('applies live frames to the right slot and flags the change', async () => {
    await renderWithApis(<MatrixPage />, { api });
    await screen.findAllByTestId('deployments-matrix-row');
    await waitFor(() =>
      expect(screen.getByTestId('deployments-live-indicator')).toHaveAttribute(
        'data-status',
        'live',
      ),
    );
    act(() => {
      api.lastStream.emit(
        makeEvent({
          id: '13',
          service: 'checkout',
          environment: 'staging',
          status: 'in-progress',
          version: '1.5.0',
          happened_at: '2026-01-02T00:00:00.000Z',
        }),
      );
    });
    // Frames are applied once per animation frame.
    await waitFor(() =>
      expect(slot('checkout', 'staging')).toHaveAttribute(
        'data-status',
        'in-progress',
      ),
    );
    const cell = slot('checkout', 'staging');
    expect(within(cell).getByText('Deploying')).toBeInTheDocument();
    expect(within(cell).getByText('1.5.0')).toBeInTheDocument();
    expect(cell).toHaveAttribute('data-flash', 'true');
    expect(slot('checkout', 'prod')).not.toHaveAttribute('data-flash');
    // An older event for the same slot arriving late changes nothing.
    act(() => {
      api.lastStream.emit(
        makeEvent({
          id: '14',
          service: 'checkout',
          environment: 'staging',
          status: 'failure',
          version: '0.9.0',
          happened_at: '2025-01-01T00:00:00.000Z',
        }),
      );
      // A later frame, to know the one before has been applied.
      api.lastStream.emit(
        makeEvent({
          id: '15',
          service: 'checkout',
          environment: 'dev',
          version: '1.6.0',
        }),
      );
    });
    await waitFor(() =>
      expect(within(slot('checkout', 'dev')).getByText('1.6.0')).toBeTruthy(),
    );
    expect(
      within(slot('checkout', 'staging')).getByText('1.5.0'),
    ).toBeInTheDocument();
  });

  it('adds a row for a new service from its frame, with its catalog link', async () => {
    const server = new FakeMatrixServer();
    server.commit(
      [
        { service: 'checkout', environment: 'prod' },
        { service: 'payments', environment: 'prod' },
      ],
      false,
    );
    await renderWithApis(<MatrixPage />, { api: server });
    await waitFor(() => expect(server.streams.length).toBeGreaterThan(0));
    await waitFor(() => expect(rowNames()).toEqual(['checkout', 'payments']));
    // The backend links the newcomer to its entity.
    server.links.inventory = 'component:default/inventory';
    server.commit([{ service: 'inventory', environment: 'dev' }]);
    await waitFor(() =>
      expect(rowNames()).toEqual(['checkout', 'inventory', 'payments']),
    );
    expect(
      await screen.findByRole('link', { name: /inventory in the catalog/ }),
    ).toBeInTheDocument();
    // Looked up alone, not by loading the matrix again.
    expect(server.lookupQueries).toEqual([
      expect.objectContaining({ service: ['inventory'] }),
    ]);
    expect(server.pageQueries).toHaveLength(1);
  });

  it('reconnects with Last-Event-ID after the connection drops', async () => {
    await renderWithApis(<MatrixPage />, { api });
    await waitFor(() => expect(api.streams).toHaveLength(1));
    act(() =>
      api.lastStream.emit(
        makeEvent({ id: '20', service: 'checkout', environment: 'dev' }),
      ),
    );
    await act(async () => api.lastStream.fail());
    expect(screen.getByTestId('deployments-live-indicator')).toHaveAttribute(
      'data-status',
      'reconnecting',
    );
    await waitFor(() => expect(api.streams).toHaveLength(2), { timeout: 3000 });
    expect(api.streams[1].options.lastEventId).toBe('20');
    await waitFor(() =>
      expect(screen.getByTestId('deployments-live-indicator')).toHaveAttribute(
        'data-status',
        'live',
      ),
    );
    // The snapshot is not reloaded for an ordinary reconnect.
    expect(api.matrixCalls).toHaveLength(1);
  });

  it('reloads the snapshot when the stream no longer knows the cursor (400)', async () => {
    await renderWithApis(<MatrixPage />, { api });
    await waitFor(() => expect(api.streams).toHaveLength(1));
    await act(async () =>
      api.lastStream.fail(
        new DeploymentsApiError({ status: 400, title: 'Bad Request' }),
      ),
    );
    await waitFor(() => expect(api.streams).toHaveLength(2), { timeout: 3000 });
    expect(api.matrixCalls).toHaveLength(2);
    // The matrix stays on screen: the failure is not shown as a problem.
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('opens the history drawer from a slot with the keyboard', async () => {
    api.runs = onePageOf(foldRun([failedProd]), foldRun([lastGood]));
    await renderWithApis(<MatrixPage />, { api });
    const button = await screen.findByRole('button', {
      name: /^payments in prod: Failed, version 2\.1\.0, last success 2\.0\.0/,
    });
    act(() => button.focus());
    await userEvent.keyboard('{Enter}');
    const drawer = await screen.findByTestId('history-drawer');
    expect(drawer).toHaveAttribute(
      'aria-label',
      'Deployment history of payments in prod',
    );
    expect(api.runsCalls[0]).toMatchObject({
      service: 'payments',
      environment: 'prod',
    });
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(2),
    );
  });

  it('shows an empty state without deployments and an error panel on failure', async () => {
    api.matrix = { environments: [], services: [] };
    const { unmount } = await renderWithApis(<MatrixPage />, { api });
    expect(await screen.findByText('No deployments yet')).toBeInTheDocument();
    unmount();

    const failing = new FakeDeploymentsApi();
    failing.matrixError = new Error('backend down');
    await renderWithApis(<MatrixPage />, { api: failing });
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
  });
});
