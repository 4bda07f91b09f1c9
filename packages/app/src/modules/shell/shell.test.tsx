import { screen } from '@testing-library/react';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { deploymentsRouteRef } from '@deploydash/plugin-deployments';
import { homeRedirect } from './HomeRedirect';

/** Stands in for the deployments page at its real path and route ref. */
const fakeMatrixPage = PageBlueprint.make({
  name: 'fake-matrix',
  params: {
    path: '/deployments',
    routeRef: deploymentsRouteRef,
    noHeader: true,
    loader: async () => <div>The deployment matrix</div>,
  },
});

describe('the app shell', () => {
  // Issue 18: signing in and the sidebar logo landed on `/`, a 404.
  it('sends / to the deployments page', async () => {
    renderTestApp({
      extensions: [homeRedirect, fakeMatrixPage],
      initialRouteEntries: ['/'],
    });
    expect(
      await screen.findByText('The deployment matrix'),
    ).toBeInTheDocument();
  });

  it('leaves every other path to its page, or to the 404', async () => {
    renderTestApp({
      extensions: [homeRedirect, fakeMatrixPage],
      initialRouteEntries: ['/no-such-page'],
    });
    expect(await screen.findByText(/PAGE NOT FOUND/i)).toBeInTheDocument();
    expect(screen.queryByText('The deployment matrix')).toBeNull();
  });
});
