import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis } from '@backstage/test-utils';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { withMatrixLayout } from '../../__testUtils__/matrixLayout';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import {
  EXPANDED_GROUPS_BUCKET,
  EXPANDED_GROUPS_KEY,
} from '../../hooks/useExpandedGroups';
import { MatrixPage } from './MatrixPage';

const ev = (
  service: string,
  environment: string,
  status: 'success' | 'failure',
  version: string,
) => makeEvent({ service, environment, status, version });

const columnNames = () =>
  screen
    .getAllByTestId('deployments-matrix-column')
    .map(c => c.getAttribute('data-column-name'));
const groupCell = (service: string) =>
  document.querySelector<HTMLElement>(
    `[data-testid="deployment-group-slot"][data-service="${service}"]`,
  )!;

/** docs/api.md "Environment groups": one column, collapsed by default, that expands. */
describe('MatrixPage: environment groups', () => {
  let api: FakeDeploymentsApi;
  withMatrixLayout();
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.matrix = {
      environments: ['dev', 'prod-us', 'prod-eu', 'verify'],
      environment_groups: [
        { name: 'prod', environments: ['prod-us', 'prod-eu'] },
      ],
      services: [
        {
          service: 'checkout',
          entity_ref: null,
          slots: {
            dev: slotOf(ev('checkout', 'dev', 'success', '1.3.0')),
            'prod-us': slotOf(ev('checkout', 'prod-us', 'success', '1.2.0')),
            'prod-eu': slotOf(ev('checkout', 'prod-eu', 'failure', '1.3.0')),
          },
        },
        {
          service: 'search',
          entity_ref: null,
          slots: {
            'prod-eu': slotOf(ev('search', 'prod-eu', 'success', '7.0.0')),
          },
        },
      ],
    };
  });

  it('shows a group as one collapsed column with the worst status, the versions and k/n', async () => {
    await renderWithApis(<MatrixPage />, { api, storage: mockApis.storage() });
    await screen.findAllByTestId('deployments-matrix-row');
    expect(columnNames()).toEqual(['dev', 'prod', 'verify']);
    expect(
      screen.getByRole('button', { name: /^Expand prod/ }),
    ).toHaveAttribute('aria-expanded', 'false');

    const checkout = groupCell('checkout');
    expect(checkout).toHaveAttribute('data-status', 'failure');
    expect(within(checkout).getByTestId('group-version')).toHaveTextContent(
      '2 versions',
    );
    expect(within(checkout).getByTestId('group-count')).toHaveTextContent(
      '2/2',
    );
    const search = groupCell('search');
    expect(search).toHaveAttribute('data-status', 'success');
    expect(within(search).getByTestId('group-version')).toHaveTextContent(
      '7.0.0',
    );
    expect(within(search).getByTestId('group-count')).toHaveTextContent('1/2');
    // Column widths: one column per display column, the same for all.
    expect(document.querySelectorAll('colgroup col')).toHaveLength(4);
  });

  it('expands from the header into member columns, remembered per user', async () => {
    const storage = mockApis.storage();
    const first = await renderWithApis(<MatrixPage />, { api, storage });
    await screen.findAllByTestId('deployments-matrix-row');
    await userEvent.click(screen.getByRole('button', { name: /^Expand prod/ }));
    expect(columnNames()).toEqual(['dev', 'prod-us', 'prod-eu', 'verify']);
    const collapse = screen.getByRole('button', {
      name: 'Collapse prod into one column',
    });
    expect(collapse).toHaveAttribute('aria-expanded', 'true');
    // The focus stays on the group's toggle.
    expect(collapse).toHaveFocus();
    expect(
      document.querySelector('[data-testid="deployment-group-slot"]'),
    ).toBeNull();
    expect(document.querySelectorAll('colgroup col')).toHaveLength(5);
    expect(
      storage.forBucket(EXPANDED_GROUPS_BUCKET).snapshot(EXPANDED_GROUPS_KEY)
        .value,
    ).toEqual(['prod']);
    first.unmount();

    await renderWithApis(<MatrixPage />, { api, storage });
    await screen.findAllByTestId('deployments-matrix-row');
    expect(columnNames()).toEqual(['dev', 'prod-us', 'prod-eu', 'verify']);
    await userEvent.click(
      screen.getByRole('button', { name: 'Collapse prod into one column' }),
    );
    expect(columnNames()).toEqual(['dev', 'prod', 'verify']);
    expect(
      storage.forBucket(EXPANDED_GROUPS_BUCKET).snapshot(EXPANDED_GROUPS_KEY)
        .value,
    ).toEqual([]);
  });

  it('moves through a collapsed group with the arrow keys and expands it with Enter', async () => {
    await renderWithApis(<MatrixPage />, { api, storage: mockApis.storage() });
    await screen.findAllByTestId('deployments-matrix-row');
    const dev = document.querySelector<HTMLElement>(
      '[data-testid="deployment-slot"][data-service="checkout"][data-environment="dev"] [data-grid-focus]',
    )!;
    act(() => dev.focus());
    await userEvent.keyboard('{ArrowRight}');
    const group = within(groupCell('checkout')).getByRole('button');
    expect(group).toHaveFocus();
    expect(group).toHaveAccessibleName(
      /checkout in prod: Failed.*2 versions, 2 of 2 environments/,
    );
    await userEvent.keyboard('{ArrowRight}');
    expect(
      document.activeElement?.closest('[data-environment]'),
    ).toHaveAttribute('data-environment', 'verify');
    await userEvent.keyboard('{ArrowLeft}{Enter}');
    // Expanded; the focus is on the first member, where the group was.
    expect(columnNames()).toEqual(['dev', 'prod-us', 'prod-eu', 'verify']);
    await waitFor(() =>
      expect(
        document.activeElement?.closest('[data-environment]'),
      ).toHaveAttribute('data-environment', 'prod-us'),
    );
    await userEvent.keyboard('{ArrowRight}');
    expect(
      document.activeElement?.closest('[data-environment]'),
    ).toHaveAttribute('data-environment', 'prod-eu');
  });

  it('keeps the grid one tab stop: ArrowUp from the first row reaches the group toggle', async () => {
    await renderWithApis(<MatrixPage />, { api, storage: mockApis.storage() });
    await screen.findAllByTestId('deployments-matrix-row');
    const grid = screen.getByTestId('deployments-matrix');
    const stops = () =>
      grid.querySelectorAll(
        'a[href]:not([tabindex="-1"]), button:not([tabindex="-1"]), [tabindex="0"]',
      ).length;
    expect(stops()).toBe(1);
    act(() => within(groupCell('checkout')).getByRole('button').focus());
    await userEvent.keyboard('{ArrowUp}');
    expect(screen.getByRole('button', { name: /^Expand prod/ })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    const collapse = screen.getByRole('button', {
      name: 'Collapse prod into one column',
    });
    expect(collapse).toHaveFocus();
    expect(stops()).toBe(1);
    await userEvent.keyboard('{ArrowDown}');
    expect(
      document.activeElement?.closest('[data-environment]'),
    ).toHaveAttribute('data-environment', 'prod-us');
    // From the second member too: its group's toggle.
    await userEvent.keyboard('{ArrowRight}{ArrowUp}');
    expect(collapse).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(columnNames()).toEqual(['dev', 'prod', 'verify']);
  });

  it('keeps the collapsed cell live', async () => {
    await renderWithApis(<MatrixPage />, { api, storage: mockApis.storage() });
    await screen.findAllByTestId('deployments-matrix-row');
    await waitFor(() => expect(api.streams.length).toBeGreaterThan(0));
    act(() =>
      api.lastStream.emit(ev('checkout', 'prod-eu', 'success', '1.2.0')),
    );
    await waitFor(() =>
      expect(groupCell('checkout')).toHaveAttribute('data-status', 'success'),
    );
    expect(
      within(groupCell('checkout')).getByTestId('group-version'),
    ).toHaveTextContent('1.2.0');
  });
});
