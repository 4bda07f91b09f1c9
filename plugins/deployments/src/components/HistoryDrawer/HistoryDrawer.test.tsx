import { useState } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import {
  FakeDeploymentsApi,
  databaseUnavailable,
  makeEvent,
} from '../../__testUtils__/fixtures';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { HistoryDrawer } from './HistoryDrawer';

const target = { service: 'checkout', environment: 'prod' };

// Two runs, one a page; d2's events span 4 min 12 s. The runs API lists
// events oldest first; the drawer shows them newest first.
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

const d2 = foldRun([d2Start, d2End]);
const d1 = foldRun([d1Start, d1End]);
const eventIds = (drawer: HTMLElement) =>
  within(drawer)
    .getAllByTestId('history-event')
    .map(e => e.getAttribute('data-event-id'));
const LOAD_MORE = { name: 'Load older deployments' };

/** The drawer whose refresh key (the slot's current event id) a button moves on. */
function RefreshHarness(props: { nextKey: string }) {
  const [key, setKey] = useState('4');
  return (
    <>
      <button onClick={() => setKey(props.nextKey)}>new event</button>
      <HistoryDrawer target={target} refreshKey={key} onClose={jest.fn()} />
    </>
  );
}

describe('HistoryDrawer', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.runs = q =>
      q.cursor === 'page-2'
        ? { items: [d1], next_cursor: null }
        : { items: [d2], next_cursor: 'page-2' };
  });

  it('lists runs with their events newest first, status and duration', async () => {
    await renderWithApis(
      <HistoryDrawer target={target} onClose={jest.fn()} />,
      { api },
    );
    const drawer = await screen.findByTestId('history-drawer');
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(2),
    );
    expect(eventIds(drawer)).toEqual(['4', '3']);
    const group = within(drawer).getByTestId('history-group');
    expect(group).toHaveAttribute('data-deployment-id', 'd2');
    expect(group).toHaveTextContent(
      'SucceededDeployment d2 · 2 events · took 4 min 12 s',
    );
    expect(within(group).queryByTestId('rollback-chip')).toBeNull();
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
    expect(api.runsCalls[0]).toEqual({
      service: 'checkout',
      environment: 'prod',
      limit: 20,
    });
  });

  it('marks a rollback and a run still going, without a duration', async () => {
    const waiting = makeEvent({
      id: '9',
      deployment_id: 'd9',
      status: 'waiting',
      happened_at: '2026-01-01T13:00:00.000Z',
    });
    api.runs = onePageOf(foldRun([waiting]), { ...d2, rollback: true });
    await renderWithApis(
      <HistoryDrawer target={target} onClose={jest.fn()} />,
      { api },
    );
    const drawer = await screen.findByTestId('history-drawer');
    const groups = await within(drawer).findAllByTestId('history-group');
    expect(groups[0]).toHaveTextContent('Awaiting approvalDeployment d9');
    expect(groups[0]).not.toHaveTextContent('took');
    expect(within(groups[1]).getByTestId('rollback-chip')).toHaveTextContent(
      'Rollback',
    );
  });

  it('loads older runs page by page until there are none', async () => {
    await renderWithApis(
      <HistoryDrawer target={target} onClose={jest.fn()} />,
      { api },
    );
    const drawer = await screen.findByTestId('history-drawer');
    await userEvent.click(await within(drawer).findByRole('button', LOAD_MORE));
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(4),
    );
    expect(api.runsCalls[1]).toEqual({
      service: 'checkout',
      environment: 'prod',
      limit: 20,
      cursor: 'page-2',
    });
    expect(eventIds(drawer)).toEqual(['4', '3', '2', '1']);
    expect(
      within(drawer)
        .getAllByTestId('history-group')
        .map(g => g.getAttribute('data-deployment-id')),
    ).toEqual(['d2', 'd1']);
    expect(within(drawer).queryByRole('button', LOAD_MORE)).toBeNull();
  });

  it('shows a failed first page as a problem and loads it on Retry', async () => {
    const working = api.runs;
    api.runs = () => {
      throw databaseUnavailable();
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

    api.runs = working;
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(2),
    );
    expect(within(drawer).queryByRole('alert')).toBeNull();
    expect(api.runsCalls).toHaveLength(2);
    expect(api.runsCalls[1].cursor).toBeUndefined();
  });

  it('retries a failed older page with its cursor', async () => {
    const working = api.runs;
    api.runs = q => {
      if (q.cursor)
        throw new DeploymentsApiError({ status: 502, title: 'Bad Gateway' });
      return working(q);
    };
    await renderWithApis(
      <HistoryDrawer target={target} onClose={jest.fn()} />,
      { api },
    );
    const drawer = await screen.findByTestId('history-drawer');
    await userEvent.click(await within(drawer).findByRole('button', LOAD_MORE));
    const panel = await within(drawer).findByRole('alert');
    expect(panel).toHaveTextContent('Bad Gateway');

    api.runs = working;
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(4),
    );
    expect(api.runsCalls.map(q => q.cursor)).toEqual([
      undefined,
      'page-2',
      'page-2',
    ]);
  });

  it('fetches the newest page again when the slot changes, keeping older pages', async () => {
    await renderWithApis(<RefreshHarness nextKey="5" />, { api });
    const drawer = await screen.findByTestId('history-drawer');
    await userEvent.click(await within(drawer).findByRole('button', LOAD_MORE));
    await waitFor(() =>
      expect(within(drawer).getAllByTestId('history-event')).toHaveLength(4),
    );

    const newer = makeEvent({
      id: '5',
      deployment_id: 'd3',
      status: 'in-progress',
      happened_at: '2026-01-01T13:00:00.000Z',
    });
    api.runs = onePageOf(foldRun([newer]), d2, d1);
    fireEvent.click(screen.getByText('new event'));
    await waitFor(() =>
      expect(eventIds(drawer)).toEqual(['5', '4', '3', '2', '1']),
    );
    // The reload covers every run shown, plus room for new ones.
    expect(api.runsCalls[api.runsCalls.length - 1]).toEqual({
      service: 'checkout',
      environment: 'prod',
      limit: 22,
    });
    // Everything is loaded: the refresh must not bring "Load more" back.
    expect(screen.queryByRole('button', LOAD_MORE)).toBeNull();
  });

  it('stops the spinner of a run on an older page once it ends', async () => {
    // d1 is still deploying when its page loads.
    api.runs = q =>
      q.cursor === 'page-2'
        ? { items: [foldRun([d1Start])], next_cursor: null }
        : { items: [d2], next_cursor: 'page-2' };
    await renderWithApis(<RefreshHarness nextKey="7" />, { api });
    const drawer = await screen.findByTestId('history-drawer');
    await userEvent.click(await within(drawer).findByRole('button', LOAD_MORE));
    const old = () => within(drawer).getAllByTestId('history-group')[1];
    const spinners = () =>
      within(old()).queryAllByRole('progressbar', { hidden: true });
    await waitFor(() =>
      expect(old()).toHaveAttribute('data-status', 'in-progress'),
    );
    // The run spins; its events are history and stay still.
    expect(spinners()).toHaveLength(1);

    const cancelled = makeEvent({
      id: '7',
      deployment_id: 'd1',
      status: 'cancelled',
      happened_at: '2026-01-01T12:30:00.000Z',
    });
    api.runs = onePageOf(d2, foldRun([d1Start, cancelled]));
    fireEvent.click(screen.getByText('new event'));
    await waitFor(() =>
      expect(old()).toHaveAttribute('data-status', 'cancelled'),
    );
    expect(old()).toHaveTextContent('CancelledDeployment d1 · 2 events');
    // Nothing spins any more.
    expect(spinners()).toHaveLength(0);
    expect(within(old()).getAllByTestId('history-event')[1]).toHaveTextContent(
      'Deploying',
    );
    expect(eventIds(drawer)).toEqual(['4', '3', '7', '1']);
  });

  it('pages on from the reload, never with a cursor from before it', async () => {
    await renderWithApis(<RefreshHarness nextKey="5" />, { api });
    const drawer = await screen.findByTestId('history-drawer');
    await within(drawer).findByRole('button', LOAD_MORE);
    const d3 = foldRun([
      makeEvent({
        id: '5',
        deployment_id: 'd3',
        happened_at: '2026-01-01T13:00:00.000Z',
      }),
    ]);
    // The reload reads one run past the oldest shown, in a new walk.
    api.runs = q =>
      q.cursor
        ? { items: [], next_cursor: null }
        : { items: [d3, d2, d1], next_cursor: 'walk-2' };
    fireEvent.click(screen.getByText('new event'));
    await waitFor(() => expect(eventIds(drawer)).toEqual(['5', '4', '3']));
    const calls = api.runsCalls.length;

    // The run read ahead shows at once...
    await userEvent.click(within(drawer).getByRole('button', LOAD_MORE));
    expect(eventIds(drawer)).toEqual(['5', '4', '3', '2', '1']);
    expect(api.runsCalls).toHaveLength(calls);
    // ...and the next page continues the reload's walk.
    await userEvent.click(within(drawer).getByRole('button', LOAD_MORE));
    await waitFor(() => expect(api.runsCalls).toHaveLength(calls + 1));
    expect(api.runsCalls[calls].cursor).toBe('walk-2');
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
    expect(api.runsCalls).toHaveLength(0);
  });
});
