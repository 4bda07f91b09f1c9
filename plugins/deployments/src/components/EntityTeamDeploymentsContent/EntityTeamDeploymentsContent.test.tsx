import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { withMatrixLayout } from '../../__testUtils__/matrixLayout';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EntityTeamDeploymentsContent } from './EntityTeamDeploymentsContent';

// The DORA card draws five recharts charts: slow in jsdom on a shared box.
jest.setTimeout(30_000);

const TEAM = 'group:default/storefront-team';
const DAY_MS = 86_400_000;

const GROUP: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'storefront-team', namespace: 'default' },
  spec: {
    type: 'team',
    profile: { displayName: 'Storefront' },
    children: ['search-team'],
  },
};

/** 00:00 UTC of today minus `days`, as the period's `from`/`to` are. */
const dayStart = (days: number) => {
  const today = Date.parse(
    `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`,
  );
  return new Date(today - days * DAY_MS).toISOString();
};

describe('EntityTeamDeploymentsContent', () => {
  let api: FakeDeploymentsApi;
  withMatrixLayout();

  const renderTab = (routeEntries?: string[]) =>
    renderWithApis(
      <EntityProvider entity={GROUP}>
        <EntityTeamDeploymentsContent />
      </EntityProvider>,
      { api, routeEntries },
    );

  beforeEach(() => {
    api = new FakeDeploymentsApi();
    // What the backend answers for the team: its own and its child group's services.
    api.matrix = {
      environments: ['dev', 'prod'],
      services: [
        {
          service: 'catalog-api',
          entity_ref: 'component:default/catalog-api',
          slots: {
            prod: slotOf(
              makeEvent({ service: 'catalog-api', version: '2.0.0' }),
            ),
          },
        },
        {
          service: 'search-indexer',
          entity_ref: 'component:default/search',
          slots: {
            dev: slotOf(
              makeEvent({
                service: 'search-indexer',
                environment: 'dev',
                status: 'failure',
              }),
            ),
          },
        },
      ],
    };
  });

  it("asks for the team's matrix and shows its services", async () => {
    await renderTab();
    await waitFor(() =>
      expect(screen.getAllByTestId('deployments-matrix-row')).toHaveLength(2),
    );
    expect(api.matrixCalls[0]).toMatchObject({ team: TEAM, view: 'summary' });
    expect(api.matrixCalls[0]).not.toHaveProperty('owner');
    expect(
      screen
        .getAllByTestId('deployments-matrix-row')
        .map(r => r.getAttribute('data-service')),
    ).toEqual(['catalog-api', 'search-indexer']);
    expect(
      screen.getByRole('heading', { name: 'Deployments of Storefront' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('team-deployments')).toHaveAttribute(
      'data-team',
      TEAM,
    );
  });

  it("shows the team's DORA metrics over the period of the URL, and reloads when it changes", async () => {
    await renderTab(['/?preset=7d']);
    await screen.findAllByTestId('dora-summary-row');
    expect(api.metricsCalls[0]).toEqual({
      team: TEAM,
      bucket: 'day',
      from: dayStart(6),
      to: dayStart(-1),
    });
    expect(api.metricsCalls[0]).not.toHaveProperty('service');

    const picker = screen.getByTestId('period-picker');
    await userEvent.click(
      within(picker).getByRole('button', { name: '30 days' }),
    );
    await waitFor(() =>
      expect(api.metricsCalls[api.metricsCalls.length - 1]).toEqual({
        team: TEAM,
        bucket: 'day',
        from: dayStart(29),
        to: dayStart(-1),
      }),
    );
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      'preset=30d',
    );
  });

  it("has an empty state when the team's services have no deployments", async () => {
    api.matrix = { environments: ['prod'], services: [] };
    await renderTab();
    const empty = await screen.findByTestId('team-deployments-empty');
    expect(empty).toHaveTextContent(
      "No deployments of Storefront's services yet",
    );
    expect(api.matrixCalls[0]).toMatchObject({ team: TEAM });
    expect(screen.queryByTestId('dora-metrics')).toBeNull();
    expect(api.metricsCalls).toEqual([]);
  });

  it('shows the problem when the matrix cannot be read', async () => {
    api.matrixError = new DeploymentsApiError({
      status: 400,
      title: 'Bad Request',
      detail: "Query parameter 'team' must be a Group entity ref",
    });
    await renderTab();
    const panel = await screen.findByRole('alert');
    expect(panel).toHaveTextContent('Bad Request');
    expect(panel).toHaveTextContent("Query parameter 'team'");
  });
});
