import { screen, waitFor } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { deploymentsApiRef } from './api/DeploymentsApi';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from './__testUtils__/fixtures';
import { fakeCatalogApi } from './__testUtils__/renderWithApis';
import { withMatrixLayout } from './__testUtils__/matrixLayout';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import deploymentsPlugin, {
  deploymentsEntityContent,
  deploymentsPage,
} from './alpha';
import { rootRouteRef } from './routes';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'x', annotations },
  };
}

describe('new frontend system plugin', () => {
  // jsdom has no layout: without it the virtualized matrix renders no rows.
  withMatrixLayout();

  it('has the extension ids the app relies on', () => {
    expect(deploymentsPlugin.id).toBe('deployments');
    // The app's sidebar takes 'page:deployments'.
    expect(deploymentsPlugin.getExtension('page:deployments')).toBeDefined();
    expect(deploymentsPlugin.getExtension('api:deployments')).toBeDefined();
    expect(
      deploymentsPlugin.getExtension('entity-content:deployments'),
    ).toBeDefined();
  });

  it('serves the matrix at /deployments in an app', async () => {
    const api = new FakeDeploymentsApi();
    api.matrix = {
      environments: ['prod'],
      services: [
        {
          service: 'checkout',
          entity_ref: null,
          slots: { prod: slotOf(makeEvent()) },
        },
      ],
    };
    renderTestApp({
      features: [deploymentsPlugin],
      initialRouteEntries: ['/deployments'],
      apis: [
        [deploymentsApiRef, api],
        [catalogApiRef, fakeCatalogApi() as any],
      ],
    });
    await waitFor(() =>
      expect(screen.getAllByTestId('deployments-matrix-row')).toHaveLength(1),
    );
    expect(
      screen.getByTestId('deployments-live-indicator'),
    ).toBeInTheDocument();
  });

  it('mounts the page at /deployments with the root route ref and a nav title', () => {
    const tester = createExtensionTester(deploymentsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/deployments');
    expect(tester.get(coreExtensionData.routeRef)).toBe(rootRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('Deployments');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('shows the entity tab for components and annotated entities only', () => {
    const tester = createExtensionTester(deploymentsEntityContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('deployments');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Deployments',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter).toBeDefined();
    expect(filter!(entity('Component'))).toBe(true);
    expect(filter!(entity('API'))).toBe(false);
    expect(
      filter!(entity('Resource', { 'deployments/service-name': 'db' })),
    ).toBe(true);
  });
});
