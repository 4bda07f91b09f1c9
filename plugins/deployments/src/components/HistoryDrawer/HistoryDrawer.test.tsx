import { useState } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import { FakeDeploymentsApi, makeEvent } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { HistoryDrawer } from './HistoryDrawer';

const target = { service: 'checkout', environment: 'prod' };

// Two deployments; d2's events span 4m 12s. Page 1 is returned out of order
// on purpose: the drawer must still list newest first.
const d2End = makeEvent({
  id: '4',
  deployment_id: 'd2',
  status: 'success',
  version: '1.1.0',
  happened_at: '2026-01-01T12:04:12.000Z',
  actor: 'alice',
  ref: 'refs/heads/main',
  sha: '0123456789abcdef0123456789abcdef01234567',
  run_url: 'https://ci/run/4',
  run_number: 4,
  parent_deployments: ['staging-d2'],
  source: 'github',
  title: 'Hotfix for the cart',
  tags: ['sev1'],
  change_type: 'hotfix',
  commits: [{ sha: 'fedcba9876543210', authored_at: null }],
});
const d2Start = makeEvent({
  id: '3',
  deployment_id: 'd2',
  status: 'in-progress',
  version: '1.1.0',
  happened_at: '2026-01-01T12:00:00.000Z',
});
const d1End = makeEvent({
  id: '2',
  deployment_id: 'd1',
  status: 'failure',
  version: '1.0.0',
  happened_at: '2026-01-01T10:01:00.000Z',
});
const d1Start = makeEvent({
  id: '1',
  deployment_id: 'd1',
  status: 'in-progress',
  version: '1.0.0',
  happened_at: '2026-01-01T10:00:00.000Z',
});

describe('HistoryDrawer', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.history = q =>
      q.cursor === 'page-2'
        ? { items: [d1End, d1Start], next_cursor: null }
        : { items: [d2Start, d2End], next_cursor: 'page-2' };
  });

  it('lists events newest first, grouped by deployment id with the duration', async () => {
    await renderWithApis(
      <HistoryDrawer target={target} onClose={jest.fn()} />,
      { api },
    );
    const drawer = await screen.findByTestId('history-drawer');
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(2),
    );
    expect(
      within(drawer)
        .getAllByTestId('history-event')
        .map(e => e.getAttribute('data-event-id')),
    ).toEqual(['4', '3']);
    const group = within(drawer).getByTestId('history-group');
    expect(group).toHaveAttribute('data-deployment-id', 'd2');
    expect(group).toHaveTextContent('Deployment d2 · 2 events · took 4m 12s');
    // Every stored detail of the event is shown.
    const newest = within(drawer).getAllByTestId('history-event')[0];
    expect(newest).toHaveTextContent('Succeeded');
    expect(newest).toHaveTextContent('alice');
    expect(newest).toHaveTextContent('refs/heads/main');
    expect(newest).toHaveTextContent('0123456');
    expect(newest).toHaveTextContent('staging-d2');
    expect(
      within(newest).getByTestId('history-event-source'),
    ).toHaveTextContent('imported from GitHub');
    expect(newest).toHaveTextContent('Hotfix for the cart');
    expect(newest).toHaveTextContent('sev1');
    expect(newest).toHaveTextContent('hotfix');
    expect(newest).toHaveTextContent('fedcba9');
    const older = within(drawer).getAllByTestId('history-event')[1];
    expect(within(older).getByTestId('history-event-source')).toHaveTextContent(
      'pushed (API)',
    );
    expect(
      within(newest).getByRole('link', { name: /CI run/ }),
    ).toHaveAttribute('href', 'https://ci/run/4');
    expect(api.historyCalls[0]).toMatchObject({
      service: 'checkout',
      environment: 'prod',
    });
  });

  it('loads older pages with Load more until there are none', async () => {
    await renderWithApis(
      <HistoryDrawer target={target} onClose={jest.fn()} />,
      { api },
    );
    const drawer = await screen.findByTestId('history-drawer');
    await userEvent.click(
      await within(drawer).findByRole('button', { name: 'Load more events' }),
    );
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(4),
    );
    expect(api.historyCalls[1]).toMatchObject({
      service: 'checkout',
      environment: 'prod',
      cursor: 'page-2',
    });
    expect(
      within(drawer)
        .getAllByTestId('history-event')
        .map(e => e.getAttribute('data-event-id')),
    ).toEqual(['4', '3', '2', '1']);
    expect(
      within(drawer)
        .getAllByTestId('history-group')
        .map(g => g.getAttribute('data-deployment-id')),
    ).toEqual(['d2', 'd1']);
    expect(
      within(drawer).queryByRole('button', { name: 'Load more events' }),
    ).toBeNull();
  });

  it('shows a failed first page as a problem and loads it on Retry', async () => {
    const working = api.history;
    api.history = () => {
      throw new DeploymentsApiError({
        status: 503,
        title: 'Service Unavailable',
        detail: 'The database is unavailable; retry shortly',
      });
    };
    await renderWithApis(
      <HistoryDrawer target={target} onClose={jest.fn()} />,
      { api },
    );
    const drawer = await screen.findByTestId('history-drawer');
    const panel = await within(drawer).findByRole('alert');
    expect(panel).toHaveTextContent('Service Unavailable');
    expect(panel).toHaveTextContent(
      'The database is unavailable; retry shortly',
    );

    api.history = working;
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(2),
    );
    expect(within(drawer).queryByRole('alert')).toBeNull();
    expect(api.historyCalls).toHaveLength(2);
    expect(api.historyCalls[1].cursor).toBeUndefined();
  });

  it('retries a failed older page with its cursor', async () => {
    const working = api.history;
    api.history = q => {
      if (q.cursor)
        throw new DeploymentsApiError({ status: 502, title: 'Bad Gateway' });
      return working(q);
    };
    await renderWithApis(
      <HistoryDrawer target={target} onClose={jest.fn()} />,
      { api },
    );
    const drawer = await screen.findByTestId('history-drawer');
    await userEvent.click(
      await within(drawer).findByRole('button', { name: 'Load more events' }),
    );
    const panel = await within(drawer).findByRole('alert');
    expect(panel).toHaveTextContent('Bad Gateway');

    api.history = working;
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(4),
    );
    expect(api.historyCalls.map(q => q.cursor)).toEqual([
      undefined,
      'page-2',
      'page-2',
    ]);
  });

  it('fetches the newest page again when the slot changes, keeping older pages', async () => {
    // The slot's current event id is the refresh key; a button moves it on.
    function Harness() {
      const [key, setKey] = useState('4');
      return (
        <>
          <button onClick={() => setKey('5')}>new event</button>
          <HistoryDrawer target={target} refreshKey={key} onClose={jest.fn()} />
        </>
      );
    }
    await renderWithApis(<Harness />, { api });
    const drawer = await screen.findByTestId('history-drawer');
    await userEvent.click(
      await within(drawer).findByRole('button', { name: 'Load more events' }),
    );
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(4),
    );

    const newer = makeEvent({
      id: '5',
      deployment_id: 'd3',
      status: 'in-progress',
      happened_at: '2026-01-01T13:00:00.000Z',
    });
    api.history = () => ({ items: [newer, d2End], next_cursor: 'page-2' });
    fireEvent.click(screen.getByText('new event'));
    await waitFor(() =>
      expect(
        within(screen.getByTestId('history-drawer'))
          .getAllByTestId('history-event')
          .map(e => e.getAttribute('data-event-id')),
      ).toEqual(['5', '4', '3', '2', '1']),
    );
    // Everything is loaded: the refresh must not bring "Load more" back.
    expect(
      screen.queryByRole('button', { name: 'Load more events' }),
    ).toBeNull();
  });

  it('closes with its close button', async () => {
    const onClose = jest.fn();
    await renderWithApis(<HistoryDrawer target={target} onClose={onClose} />, {
      api,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Close history' }),
    );
    expect(onClose).toHaveBeenCalled();
  });

  it('is closed without a target', async () => {
    await renderWithApis(<HistoryDrawer onClose={jest.fn()} />, { api });
    expect(screen.queryByTestId('history-drawer')).toBeNull();
    expect(api.historyCalls).toHaveLength(0);
  });
});
