import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { deploymentsApiRef } from './api/DeploymentsApi';
import { FakeDeploymentsApi, makeEvent, slotOf } from './__testUtils__/fixtures';
import {
  makeGroupInsights,
  makeGroupRow,
} from './__testUtils__/orgInsightsFixtures';
import { LocationProbe, fakeCatalogApi } from './__testUtils__/renderWithApis';
import { withMatrixLayout } from './__testUtils__/matrixLayout';
import deploymentsPlugin from './alpha';
import { DeploymentsPage } from './plugin';

// The insights page draws three recharts charts.
jest.setTimeout(40_000);

function fakeApi() {
  const api = new FakeDeploymentsApi();
  api.matrix = {
    environments: ['prod'],
    services: [{ service: 'checkout', entity_ref: null, slots: { prod: slotOf(makeEvent()) } }],
  };
  api.groupInsights = query =>
    makeGroupInsights({
      group_by: query.groupBy,
      items: [makeGroupRow({ ref: query.groupBy === 'team' ? 'group:default/payments' : 'system:default/shop' })],
    });
  return api;
}

describe('the insights page at /deployments/insights', () => {
  withMatrixLayout();

  it('is a sub-route of the page in the new frontend system, linked both ways', async () => {
    const api = fakeApi();
    renderTestApp({
      features: [deploymentsPlugin],
      initialRouteEntries: ['/deployments/insights?preset=7d'],
      apis: [
        [deploymentsApiRef, api],
        [catalogApiRef, fakeCatalogApi() as any],
      ],
    });
    expect(await screen.findByRole('heading', { name: 'Deployment insights' }, { timeout: 10_000 })).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('group-row')).toHaveLength(2), { timeout: 10_000 });
    expect(api.groupInsightsCalls[0].groupBy).toBe('team');
    await userEvent.click(screen.getByRole('link', { name: 'Matrix' }));
    await waitFor(() => expect(screen.getAllByTestId('deployments-matrix-row')).toHaveLength(1), { timeout: 10_000 });
    expect(screen.getByRole('link', { name: 'Insights' })).toHaveAttribute('href', '/deployments/insights');
  });

  it('is a sub-route of DeploymentsPage in the legacy system', async () => {
    const api = fakeApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [deploymentsApiRef, api],
          [catalogApiRef, fakeCatalogApi() as any],
        ]}
      >
        {/* Like a legacy app's FlatRoutes: the page's path, and its subpaths. */}
        <Routes>
          <Route path="/deployments" element={<DeploymentsPage />}>
            <Route path="*" element={null} />
          </Route>
        </Routes>
        <LocationProbe />
      </TestApiProvider>,
      { routeEntries: ['/deployments'] },
    );
    await waitFor(() => expect(screen.getAllByTestId('deployments-matrix-row')).toHaveLength(1), { timeout: 10_000 });
    const link = screen.getByRole('link', { name: 'Insights' });
    expect(link).toHaveAttribute('href', '/deployments/insights');
    await userEvent.click(link);
    expect(await screen.findByRole('heading', { name: 'Deployment insights' }, { timeout: 10_000 })).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('group-row')).toHaveLength(2), { timeout: 10_000 });
  });
});
