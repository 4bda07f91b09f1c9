import { act, screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { makeStage } from '../../__testUtils__/insightsFixtures';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EntityDeploymentsContent } from './EntityDeploymentsContent';

function entity(name: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a' },
  };
}

const devEvent = makeEvent({
  id: '30',
  service: 'search-indexer',
  environment: 'dev',
  version: '4.0.0',
});
const prodFail = makeEvent({
  id: '31',
  service: 'search-indexer',
  environment: 'prod',
  status: 'failure',
  version: '4.0.0',
});
const prodGood = makeEvent({
  id: '29',
  service: 'search-indexer',
  environment: 'prod',
  version: '3.9.0',
});

function cards() {
  return screen.getAllByTestId('environment-card');
}

describe('EntityDeploymentsContent', () => {
  let api: FakeDeploymentsApi;

  /** The tab of an entity named `search` that deploys as `search-indexer`. */
  const renderSearchTab = () =>
    renderWithApis(
      <EntityProvider
        entity={entity('search', {
          'deployments/service-name': 'search-indexer',
        })}
      >
        <EntityDeploymentsContent />
      </EntityProvider>,
      { api },
    );

  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.matrix = {
      environments: ['dev', 'staging', 'prod'],
      services: [
        {
          service: 'other',
          entity_ref: null,
          slots: {
            dev: slotOf(makeEvent({ service: 'other', environment: 'dev' })),
          },
        },
        {
          service: 'search-indexer',
          entity_ref: 'component:default/search',
          slots: { dev: slotOf(devEvent), prod: slotOf(prodFail, prodGood) },
        },
      ],
    };
    api.runs = onePageOf(
      ...[prodFail, devEvent, prodGood].map(e => foldRun([e])),
    );
  });

  it('shows a card per environment for the annotated service name', async () => {
    await renderSearchTab();
    await waitFor(() => expect(cards()).toHaveLength(3));
    expect(api.matrixCalls[0]).toEqual({ service: 'search-indexer' });
    expect(cards().map(c => c.getAttribute('data-environment'))).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(cards()[0]).toHaveTextContent('Succeeded');
    expect(cards()[1]).toHaveTextContent('Not deployed to staging');
    expect(cards()[2]).toHaveTextContent('Failed');
    expect(
      within(cards()[2]).getByTestId('slot-last-success'),
    ).toHaveTextContent('Last success: 3.9.0');

    // Recent runs across environments.
    await waitFor(() =>
      expect(screen.getAllByTestId('recent-deployment')).toHaveLength(3),
    );
    expect(api.runsCalls[0]).toEqual({
      service: 'search-indexer',
      environment: undefined,
      limit: 20,
    });

    expect(
      screen.getByRole('link', { name: 'Open the deployment matrix' }),
    ).toHaveAttribute('href', '/deployments?q=search-indexer');
  });

  it('updates a card live from the service stream', async () => {
    await renderSearchTab();
    await waitFor(() => expect(api.streams).toHaveLength(1));
    expect(api.lastStream.options.service).toBe('search-indexer');
    act(() =>
      api.lastStream.emit(
        makeEvent({
          id: '40',
          service: 'search-indexer',
          environment: 'staging',
          status: 'in-progress',
          version: '4.1.0',
          happened_at: '2026-02-01T00:00:00.000Z',
        }),
      ),
    );
    await waitFor(() => expect(cards()[1]).toHaveTextContent('Deploying'));
    expect(cards()[1]).toHaveTextContent('4.1.0');
  });

  it('shows the promotion lane and DORA metrics, refreshed by new events', async () => {
    api.promotion = {
      services: [
        {
          service: 'search-indexer',
          entity_ref: 'component:default/search',
          stages: [
            makeStage('dev', { current: devEvent }),
            makeStage('prod', {
              current: prodGood,
              previous_environment: 'dev',
              waiting: [devEvent],
              matched_by: 'version',
              lagging_since: devEvent.happened_at,
            }),
          ],
        },
      ],
    };
    await renderSearchTab();
    await waitFor(() =>
      expect(screen.getAllByTestId('promotion-stage')).toHaveLength(2),
    );
    expect(screen.getByTestId('promotion-lane')).toHaveTextContent('1 waiting');
    expect(api.promotionCalls[0]).toEqual({ service: 'search-indexer' });
    await waitFor(() =>
      expect(screen.getAllByTestId('dora-summary-row')).toHaveLength(5),
    );
    expect(api.metricsCalls[0]).toEqual({
      service: 'search-indexer',
      bucket: 'day',
      // The shared period (PeriodPicker), by default the last 30 days.
      from: expect.any(String),
      to: expect.any(String),
    });
    // Lane and metrics come after the environment cards.
    expect(
      cards()[2].compareDocumentPosition(screen.getByTestId('promotion-lane')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();

    const promotionCalls = api.promotionCalls.length;
    const metricsCalls = api.metricsCalls.length;
    act(() =>
      api.lastStream.emit(
        makeEvent({
          id: '50',
          service: 'search-indexer',
          environment: 'prod',
          version: '4.0.0',
          happened_at: '2026-03-01T00:00:00.000Z',
        }),
      ),
    );
    await waitFor(() =>
      expect(api.promotionCalls.length).toBeGreaterThan(promotionCalls),
    );
    await waitFor(() =>
      expect(api.metricsCalls.length).toBeGreaterThan(metricsCalls),
    );
  });

  it('shows the exact curl command for the service when it has no deployments', async () => {
    await renderWithApis(
      <EntityProvider entity={entity('brand-new')}>
        <EntityDeploymentsContent />
      </EntityProvider>,
      { api },
    );
    expect(
      await screen.findByText('No deployments recorded for brand-new'),
    ).toBeInTheDocument();
    const command =
      screen.getByTestId('deployments-curl-command').textContent ?? '';
    // The command of curlCommand (tested there by running it in bash).
    expect(command).toMatch(
      /^NOW=\$\(date -u \+%Y-%m-%dT%H:%M:%SZ\)\ncurl -sS --fail-with-body /,
    );
    expect(command).toContain(`"service":"brand-new"`);
    expect(screen.queryByTestId('environment-card')).toBeNull();
  });
});
