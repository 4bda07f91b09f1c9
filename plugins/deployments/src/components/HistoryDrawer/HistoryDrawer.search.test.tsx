import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HistoryQuery } from '@deploydash/plugin-deployments-common';
import {
  FakeDeploymentsApi,
  databaseUnavailable,
  makeEvent,
} from '../../__testUtils__/fixtures';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { HistoryDrawer } from './HistoryDrawer';

const target = { service: 'checkout', environment: 'prod' };
const v120 = makeEvent({ id: '7', version: '1.2.0', actor: 'alice' });
const v121 = makeEvent({ id: '8', version: '1.2.1', actor: 'bob' });
const v130 = makeEvent({ id: '9', version: '1.3.0' });

/** Matches as the backend does, a page of one event at a time. */
function search(query: HistoryQuery) {
  const q = query.q?.toLowerCase() ?? '';
  const matching = [v130, v121, v120].filter(e =>
    [e.version, e.actor, e.status].some(f => f?.toLowerCase().includes(q)),
  );
  const start = query.cursor ? Number(query.cursor) : 0;
  return {
    items: matching.slice(start, start + 1),
    next_cursor: start + 1 < matching.length ? String(start + 1) : null,
  };
}

const searchBox = () =>
  screen.getByLabelText('Search the history of checkout in prod');

describe('HistoryDrawer search', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.runs = onePageOf(foldRun([v130]));
    api.history = search;
  });

  async function renderDrawer() {
    await renderWithApis(
      <HistoryDrawer target={target} onClose={jest.fn()} />,
      { api },
    );
    const drawer = await screen.findByTestId('history-drawer');
    await within(drawer).findByTestId('history-group');
    return drawer;
  }

  it('shows the matching events instead of the runs, searched once typing pauses', async () => {
    const drawer = await renderDrawer();
    await userEvent.type(searchBox(), '1.2');
    const results = await within(drawer).findByTestId('history-search-results');
    await waitFor(() =>
      expect(
        within(results)
          .getAllByTestId('history-event')
          .map(e => e.getAttribute('data-event-id')),
      ).toEqual(['8']),
    );
    expect(within(drawer).queryByTestId('history-group')).toBeNull();
    // One request for the whole text, for this slot only.
    expect(api.historyCalls).toEqual([
      { service: 'checkout', environment: 'prod', q: '1.2', limit: 50 },
    ]);
    // The environment is the drawer's own: not repeated on each event.
    expect(
      within(results).queryByTestId('history-event-environment'),
    ).toBeNull();

    await userEvent.click(
      within(results).getByRole('button', {
        name: 'Load more matching deployments',
      }),
    );
    await waitFor(() =>
      expect(within(results).getAllByTestId('history-event')).toHaveLength(2),
    );
    expect(api.historyCalls[1]).toMatchObject({ q: '1.2', cursor: '1' });

    // Clearing the box brings the runs back.
    await userEvent.clear(searchBox());
    expect(await within(drawer).findByTestId('history-group')).toBeTruthy();
    expect(within(drawer).queryByTestId('history-search-results')).toBeNull();
  });

  it('says when nothing matches', async () => {
    const drawer = await renderDrawer();
    await userEvent.type(searchBox(), 'zzz');
    expect(
      await within(drawer).findByText("No deployments match 'zzz'"),
    ).toBeInTheDocument();
  });

  it('shows a failed search as a problem and searches again on Retry', async () => {
    api.history = () => {
      throw databaseUnavailable();
    };
    const drawer = await renderDrawer();
    await userEvent.type(searchBox(), 'alice');
    const panel = await within(drawer).findByRole('alert');
    expect(panel).toHaveTextContent('Service Unavailable');
    expect(within(drawer).queryByText(/No deployments match/)).toBeNull();

    api.history = search;
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(1),
    );
    expect(within(drawer).queryByRole('alert')).toBeNull();
  });
});
