import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis } from '@backstage/test-utils';
import {
  FakeDeploymentsApi,
  databaseUnavailable,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { withMatrixLayout } from '../../__testUtils__/matrixLayout';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { DENSITY_BUCKET, DENSITY_KEY } from '../../hooks/useMatrixDensity';
import { MatrixPage } from './MatrixPage';
import { COMPACT_ROW_HEIGHT } from './matrixLayout';

const prod = makeEvent({
  id: '10',
  service: 'checkout',
  environment: 'prod',
  version: '1.4.0',
  actor: 'alice',
});

function slot(service: string, environment: string): HTMLElement {
  const cell = document.querySelector<HTMLElement>(
    `[data-testid="deployment-slot"][data-service="${service}"][data-environment="${environment}"]`,
  );
  if (!cell) throw new Error(`no slot ${service}/${environment}`);
  return cell;
}

const search = () => screen.getByTestId('location-search').textContent ?? '';

/** Issue 18, part 4: the matrix page for a newcomer's first hour. */
describe('MatrixPage: density, linkable drawer, retry', () => {
  let api: FakeDeploymentsApi;
  withMatrixLayout();
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.matrix = {
      environments: ['staging', 'prod'],
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

  it('has compact rows of at most 40 px, remembered in the StorageApi', async () => {
    expect(COMPACT_ROW_HEIGHT).toBeLessThanOrEqual(40);
    const storage = mockApis.storage();
    const first = await renderWithApis(<MatrixPage />, { api, storage });
    const row = await screen.findByTestId('deployments-matrix-row');
    // Comfortable: three lines, the actor's among them.
    expect(slot('checkout', 'prod')).toHaveTextContent('alice');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Compact rows' }),
    );
    await waitFor(() =>
      expect(getComputedStyle(row).height).toBe(`${COMPACT_ROW_HEIGHT}px`),
    );
    // Two lines: status, version and time; the actor line is gone.
    expect(slot('checkout', 'prod')).toHaveTextContent('Succeeded');
    expect(slot('checkout', 'prod')).toHaveTextContent('1.4.0');
    expect(slot('checkout', 'prod')).not.toHaveTextContent('alice');
    expect(storage.forBucket(DENSITY_BUCKET).snapshot(DENSITY_KEY).value).toBe(
      'compact',
    );
    first.unmount();

    // The next visit (same person, same store) opens compact.
    await renderWithApis(<MatrixPage />, { api, storage });
    const again = await screen.findByTestId('deployments-matrix-row');
    expect(getComputedStyle(again).height).toBe(`${COMPACT_ROW_HEIGHT}px`);
    expect(
      screen.getByRole('checkbox', { name: 'Compact rows' }),
    ).toBeChecked();
  });

  it('keeps the open history drawer in the URL, next to the filters', async () => {
    await renderWithApis(<MatrixPage />, {
      api,
      routeEntries: ['/deployments?q=check'],
    });
    await screen.findByTestId('deployments-matrix-row');
    await userEvent.click(within(slot('checkout', 'prod')).getByRole('button'));
    await screen.findByTestId('history-drawer');
    expect(new URLSearchParams(search()).get('service')).toBe('checkout');
    expect(new URLSearchParams(search()).get('environment')).toBe('prod');
    expect(new URLSearchParams(search()).get('q')).toBe('check');

    await userEvent.click(
      screen.getByRole('button', { name: 'Close history' }),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('history-drawer')).toBeNull(),
    );
    expect(search()).toBe('?q=check');
  });

  it('opens the drawer a link names', async () => {
    await renderWithApis(<MatrixPage />, {
      api,
      routeEntries: ['/deployments?service=checkout&environment=prod'],
    });
    const drawer = await screen.findByTestId('history-drawer');
    expect(drawer).toHaveAttribute('data-service', 'checkout');
    expect(drawer).toHaveAttribute('data-environment', 'prod');
    expect(await within(drawer).findAllByTestId('history-event')).toHaveLength(
      1,
    );
  });

  it('shows a failed load with its detail and a Retry that loads at once', async () => {
    api.matrixError = databaseUnavailable();
    await renderWithApis(<MatrixPage />, { api });
    expect(
      (await screen.findAllByText(/Service Unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/The database is unavailable; retry shortly/).length,
    ).toBeGreaterThan(0);
    // After the second failure the hook waits 1.6 s or more by itself.
    await waitFor(() => expect(api.matrixCalls.length).toBe(2), {
      timeout: 3000,
    });
    api.matrixError = undefined;
    const clicked = Date.now();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('deployments-matrix-row');
    expect(Date.now() - clicked).toBeLessThan(1500);
  });

  it('puts the drift words in the slot label, in a tooltip on keyboard focus and in the drawer', async () => {
    api.matrix = {
      environments: ['staging', 'prod'],
      services: [
        {
          service: 'checkout',
          entity_ref: null,
          slots: {
            staging: slotOf(
              makeEvent({
                id: '20',
                service: 'checkout',
                environment: 'staging',
                version: '1.5.0',
              }),
            ),
            prod: slotOf(prod),
          },
        },
      ],
    };
    const waiting = makeEvent({
      service: 'checkout',
      environment: 'staging',
      version: '1.5.0',
    });
    api.promotion = {
      services: [
        {
          service: 'checkout',
          entity_ref: null,
          stages: [
            {
              environment: 'staging',
              current: waiting,
              previous_environment: null,
              waiting: [],
              matched_by: null,
              lagging_since: null,
              changes: { total: 0, items: [], compare_url: null },
            },
            {
              environment: 'prod',
              current: prod,
              previous_environment: 'staging',
              waiting: [waiting],
              matched_by: 'version',
              lagging_since: new Date(Date.now() - 3 * 86400_000).toISOString(),
              changes: { total: 0, items: [], compare_url: null },
            },
          ],
        },
      ],
    };
    await renderWithApis(<MatrixPage />, { api });
    await screen.findAllByTestId('drift-badge');
    const button = within(slot('checkout', 'prod')).getByRole('button');
    expect(button.getAttribute('aria-label')).toMatch(
      /1 version from staging waiting since 3 days ago\. Show history$/,
    );
    act(() => button.focus());
    expect(
      await screen.findByRole('tooltip', { name: /1 version from staging/ }),
    ).toBeInTheDocument();
    await userEvent.keyboard('{Enter}');
    expect(await screen.findByTestId('history-note')).toHaveTextContent(
      '1 version from staging waiting since 3 days ago',
    );
  });
});
