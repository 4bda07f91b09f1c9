import { ReactElement } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { withMatrixLayout } from '../../__testUtils__/matrixLayout';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { FakeMatrixServer } from '../../hooks/__testUtils__/FakeMatrixServer';
import { MatrixPage } from './MatrixPage';

const PAYMENTS_TEAM = 'group:default/payments-team';
const STOREFRONT_TEAM = 'group:default/storefront-team';

function makeServer(): FakeMatrixServer {
  const server = new FakeMatrixServer();
  server.links = {
    checkout: 'component:default/checkout',
    payments: 'component:default/payments',
  };
  server.owners = {
    'component:default/checkout': STOREFRONT_TEAM,
    'component:default/payments': PAYMENTS_TEAM,
  };
  server.commit(
    [
      { service: 'checkout', environment: 'prod' },
      { service: 'payments', environment: 'prod', status: 'failure' },
      { service: 'search-indexer', environment: 'dev' },
    ],
    false,
  );
  return server;
}

/** A catalog that knows the owners only as facets, as the real one answers. */
function facetCatalog() {
  return {
    getEntityFacets: jest.fn(async () => ({
      facets: {
        'relations.ownedBy': [
          { value: STOREFRONT_TEAM, count: 2 },
          { value: PAYMENTS_TEAM, count: 1 },
          { value: 'user:default/jo', count: 1 },
        ],
      },
    })),
    getEntitiesByRefs: jest.fn(),
  };
}

const rowNames = () =>
  screen
    .queryAllByTestId('deployments-matrix-row')
    .map(r => r.getAttribute('data-service'));

function renderPage(
  server: FakeMatrixServer,
  catalog = facetCatalog(),
  routeEntries?: string[],
) {
  const page: ReactElement = (
    <TestApiProvider apis={[[catalogApiRef, catalog as any]]}>
      <MatrixPage />
    </TestApiProvider>
  );
  return renderWithApis(page, { api: server, routeEntries });
}

describe('MatrixPage filters', () => {
  withMatrixLayout();

  it('sends the filters of the URL to the server and shows them', async () => {
    const server = makeServer();
    await renderPage(server, undefined, [
      `/?q=pay&failures=1&owner=${encodeURIComponent(PAYMENTS_TEAM)}`,
    ]);
    await waitFor(() => expect(rowNames()).toEqual(['payments']));
    expect(server.pageQueries).toEqual([
      expect.objectContaining({
        view: 'summary',
        q: 'pay',
        failuresOnly: true,
        owner: PAYMENTS_TEAM,
      }),
    ]);
    expect(screen.getByLabelText('Search services')).toHaveValue('pay');
    expect(screen.getByLabelText('Failures only')).toBeChecked();
    expect(screen.getByLabelText('Filter by owner')).toHaveValue(PAYMENTS_TEAM);
    expect(screen.getByTestId('matrix-count')).toHaveTextContent(
      '1 matching service',
    );
  });

  it('searches on the server once the typing pauses, and keeps it in the URL', async () => {
    const server = makeServer();
    await renderPage(server);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(screen.getByTestId('matrix-count')).toHaveTextContent(
      'All 3 services',
    );
    await userEvent.type(screen.getByLabelText('Search services'), 'PAY');
    await waitFor(() => expect(rowNames()).toEqual(['payments']));
    expect(screen.getByTestId('location-search')).toHaveTextContent('q=PAY');
    // One request for the pause, none per keystroke.
    const searched = server.pageQueries.map(q => q.q).filter(Boolean);
    expect(searched).toEqual(['PAY']);
    // The search box kept focus and text while the rows reloaded.
    expect(screen.getByLabelText('Search services')).toHaveFocus();
  });

  it('toggles failures only', async () => {
    const server = makeServer();
    await renderPage(server);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    await userEvent.click(screen.getByLabelText('Failures only'));
    await waitFor(() => expect(rowNames()).toEqual(['payments']));
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      'failures=1',
    );
    expect(server.pageQueries.at(-1)).toMatchObject({ failuresOnly: true });
    await userEvent.click(screen.getByLabelText('Failures only'));
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(screen.getByTestId('location-search')).toBeEmptyDOMElement();
  });

  it('offers the owners of catalog components from one facet query', async () => {
    const server = makeServer();
    const catalog = facetCatalog();
    await renderPage(server, catalog);
    const select = screen.getByLabelText('Filter by owner');
    await waitFor(() =>
      expect(
        within(select)
          .getAllByRole('option')
          .map(o => o.textContent),
      ).toEqual(['All owners', 'payments-team', 'storefront-team', 'user:jo']),
    );
    expect(catalog.getEntityFacets).toHaveBeenCalledWith({
      facets: ['relations.ownedBy'],
      filter: { kind: 'component' },
    });
    // No lookup of each row's entity.
    expect(catalog.getEntitiesByRefs).not.toHaveBeenCalled();

    fireEvent.change(select, { target: { value: STOREFRONT_TEAM } });
    await waitFor(() => expect(rowNames()).toEqual(['checkout']));
    expect(server.pageQueries.at(-1)).toMatchObject({ owner: STOREFRONT_TEAM });
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      'owner=group%3Adefault%2Fstorefront-team',
    );
  });

  it('works without owner choices when the catalog fails', async () => {
    const server = makeServer();
    const catalog = facetCatalog();
    catalog.getEntityFacets.mockRejectedValue(new Error('catalog down'));
    await renderPage(server, catalog);
    await waitFor(() => expect(rowNames()).toHaveLength(3));
    expect(
      within(screen.getByLabelText('Filter by owner')).getAllByRole('option'),
    ).toHaveLength(1);
    expect(screen.queryByText(/catalog down/)).toBeNull();
  });

  it('says when no service matches', async () => {
    const server = makeServer();
    await renderPage(server, undefined, ['/?q=nothing-like-this']);
    expect(await screen.findByTestId('matrix-no-match')).toHaveTextContent(
      'No services match the filters.',
    );
    expect(screen.queryByText('No deployments yet')).toBeNull();
  });
});
