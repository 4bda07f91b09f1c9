import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeDeploymentsApi, makeEvent } from '../../__testUtils__/fixtures';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { RecentDeployments } from './RecentDeployments';

describe('RecentDeployments search', () => {
  it("shows the service's matching events across environments, and says when none match", async () => {
    const api = new FakeDeploymentsApi();
    api.runs = onePageOf(foldRun([makeEvent({ id: '1' })]));
    api.history = query => ({
      items:
        query.q === 'bob'
          ? [
              makeEvent({ id: '5', environment: 'staging', actor: 'bob' }),
              makeEvent({ id: '4', environment: 'prod', actor: 'bob' }),
            ]
          : [],
      next_cursor: null,
    });
    await renderWithApis(<RecentDeployments service="checkout" />, { api });
    await screen.findByTestId('recent-deployment');

    const box = screen.getByLabelText('Search the deployments of checkout');
    await userEvent.type(box, 'bob');
    const results = await screen.findByTestId('history-search-results');
    await waitFor(() =>
      expect(
        within(results)
          .getAllByTestId('history-event-environment')
          .map(e => e.textContent),
      ).toEqual(['staging', 'prod']),
    );
    expect(screen.queryByTestId('recent-deployments')).toBeNull();
    // Every environment of the service.
    expect(api.historyCalls).toEqual([
      { service: 'checkout', q: 'bob', limit: 50 },
    ]);

    await userEvent.clear(box);
    await userEvent.type(box, 'nobody');
    expect(
      await screen.findByText("No deployments match 'nobody'"),
    ).toBeInTheDocument();
  });
});
