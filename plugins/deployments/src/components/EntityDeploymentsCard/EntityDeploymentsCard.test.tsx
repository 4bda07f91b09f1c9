import { act, screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { makeStage } from '../../__testUtils__/insightsFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EntityDeploymentsCard } from './EntityDeploymentsCard';

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** The entity `search`, deployed as `search-indexer`. */
const ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'search',
    namespace: 'default',
    annotations: { 'deployments/service-name': 'search-indexer' },
  },
  spec: { type: 'service', owner: 'team-a' },
};

const SERVICE = 'search-indexer';
const devOk = makeEvent({
  id: '10',
  service: SERVICE,
  environment: 'dev',
  version: '4.1.0',
  happened_at: ago(2 * HOUR),
});
const stagingRunning = makeEvent({
  id: '11',
  service: SERVICE,
  environment: 'staging',
  status: 'in-progress',
  version: '4.1.0',
  happened_at: ago(HOUR),
});
const stagingOk = makeEvent({
  id: '9',
  service: SERVICE,
  environment: 'staging',
  version: '4.0.0',
  happened_at: ago(30 * HOUR),
});
const prodFailed = makeEvent({
  id: '12',
  service: SERVICE,
  environment: 'prod',
  status: 'failure',
  version: '4.0.0',
  happened_at: ago(5 * 60_000),
});
const prodOk = makeEvent({
  id: '8',
  service: SERVICE,
  environment: 'prod',
  version: '3.9.0',
  happened_at: ago(72 * HOUR),
});

function rows() {
  return screen.getAllByTestId('overview-environment');
}

function row(environment: string): HTMLElement {
  const found = rows().find(
    r => r.getAttribute('data-environment') === environment,
  );
  if (!found) throw new Error(`no row ${environment}`);
  return found;
}

describe('EntityDeploymentsCard', () => {
  let api: FakeDeploymentsApi;
  const renderCard = () =>
    renderWithApis(
      <EntityProvider entity={ENTITY}>
        <EntityDeploymentsCard />
      </EntityProvider>,
      { api },
    );

  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.matrix = {
      // The backend's order: configured environments first.
      environments: ['dev', 'staging', 'prod', 'qa'],
      services: [
        {
          service: 'other',
          entity_ref: null,
          slots: {
            qa: slotOf(makeEvent({ service: 'other', environment: 'qa' })),
          },
        },
        {
          service: SERVICE,
          entity_ref: 'component:default/search',
          slots: {
            dev: slotOf(devOk),
            staging: slotOf(stagingRunning, stagingOk),
            prod: slotOf(prodFailed, prodOk),
          },
        },
      ],
    };
  });

  it('shows each environment in order with its status, version and age, failures on top', async () => {
    await renderCard();
    await screen.findAllByTestId('overview-environment');
    // Only the service's row was asked for, in the light view.
    expect(api.matrixCalls[0]).toMatchObject({
      service: SERVICE,
      view: 'summary',
    });
    expect(api.lastStream.options.service).toBe(SERVICE);

    expect(rows().map(r => r.getAttribute('data-environment'))).toEqual([
      'dev',
      'staging',
      'prod',
      'qa',
    ]);
    expect(rows().map(r => r.getAttribute('data-status'))).toEqual([
      'success',
      'in-progress',
      'failure',
      'none',
    ]);
    expect(within(row('dev')).getByTestId('status-label')).toHaveTextContent(
      'Succeeded',
    );
    expect(within(row('dev')).getByTestId('slot-version')).toHaveTextContent(
      '4.1.0',
    );
    expect(row('dev')).toHaveTextContent('2 hours ago');
    expect(within(row('prod')).getByTestId('status-label')).toHaveTextContent(
      'Failed',
    );
    // What most likely still serves traffic.
    expect(row('prod')).toHaveTextContent('Last success: 3.9.0');
    expect(row('prod')).toHaveTextContent('5 minutes ago');
    expect(row('qa')).toHaveTextContent('Not deployed');
    expect(screen.getByTestId('overview-failing')).toHaveTextContent(
      'Failing in prod',
    );
  });

  it("links to the entity's Deployments tab", async () => {
    await renderCard();
    const link = await screen.findByRole('link', { name: /View deployments/ });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/search/deployments',
    );
  });

  it('marks a drifting environment with the badge and its words', async () => {
    api.promotion = {
      services: [
        {
          service: SERVICE,
          entity_ref: 'component:default/search',
          stages: [
            makeStage('dev'),
            makeStage('staging', { previous_environment: 'dev' }),
            makeStage('prod', {
              previous_environment: 'staging',
              waiting: [
                makeEvent({ service: SERVICE, environment: 'staging' }),
              ],
              matched_by: 'version',
              lagging_since: ago(3 * 24 * HOUR),
            }),
          ],
        },
      ],
    };
    await renderCard();
    await waitFor(() =>
      expect(row('prod')).toHaveAttribute('data-drift', 'true'),
    );
    expect(api.promotionCalls).toEqual([{ service: SERVICE }]);
    expect(within(row('prod')).getByTestId('drift-badge')).toHaveAttribute(
      'aria-label',
      '1 version from staging waiting since 3 days ago',
    );
    expect(within(row('prod')).getByTestId('overview-drift')).toHaveTextContent(
      '1 version from staging waiting since 3 days ago',
    );
    expect(row('staging')).not.toHaveAttribute('data-drift');
  });

  it('follows the live stream', async () => {
    await renderCard();
    await screen.findAllByTestId('overview-environment');
    act(() =>
      api.lastStream.emit(
        makeEvent({
          id: '20',
          service: SERVICE,
          environment: 'prod',
          version: '4.1.0',
          happened_at: new Date().toISOString(),
        }),
      ),
    );
    await waitFor(() =>
      expect(row('prod')).toHaveAttribute('data-status', 'success'),
    );
    expect(within(row('prod')).getByTestId('slot-version')).toHaveTextContent(
      '4.1.0',
    );
    expect(screen.queryByTestId('overview-failing')).toBeNull();
  });

  it('says when nothing was deployed yet, with a link to the tab that shows how', async () => {
    api.matrix = { environments: ['prod'], services: [] };
    await renderCard();
    const empty = await screen.findByTestId('overview-empty');
    expect(empty).toHaveTextContent(
      'No deployments of search-indexer recorded yet.',
    );
    expect(
      within(empty).getByRole('link', { name: 'How to record them' }),
    ).toHaveAttribute('href', '/catalog/default/component/search/deployments');
    expect(screen.queryByRole('link', { name: /View deployments/ })).toBeNull();
  });

  it('shows the problem when the matrix cannot be read', async () => {
    api.matrixError = new DeploymentsApiError({
      status: 503,
      title: 'Service Unavailable',
      detail: 'The database is unavailable; retry shortly',
    });
    await renderCard();
    const panel = await screen.findByRole('alert');
    expect(panel).toHaveTextContent('Service Unavailable');
    expect(panel).toHaveTextContent('The database is unavailable');
    expect(screen.queryByTestId('overview-environment')).toBeNull();
  });
});
