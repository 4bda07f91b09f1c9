import { useState } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import {
  FakeDeploymentsApi,
  databaseUnavailable,
  makeEvent,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { RecentDeployments } from './RecentDeployments';

const at = (seconds: number) =>
  new Date(
    Date.parse('2026-01-01T10:00:00.000Z') + seconds * 1000,
  ).toISOString();

// r3: queued, then waiting on an approval — not finished.
const r3Queued = makeEvent({
  id: '30',
  deployment_id: 'r3',
  status: 'queued',
  version: '3.0.0',
  happened_at: at(600),
  actor: 'carol',
});
const r3Waiting = makeEvent({
  id: '31',
  deployment_id: 'r3',
  status: 'waiting',
  version: '3.0.0',
  happened_at: at(610),
});
// r2: a rollback to 1.0.0 in staging that took 3 min 5 s.
const r2Start = makeEvent({
  id: '20',
  deployment_id: 'r2',
  environment: 'staging',
  status: 'in-progress',
  version: '1.0.0',
  happened_at: at(100),
  actor: 'alice',
  run_url: 'https://ci.example/runs/20',
  run_number: 20,
});
const r2End = makeEvent({
  id: '21',
  deployment_id: 'r2',
  environment: 'staging',
  status: 'success',
  version: '1.0.0',
  happened_at: at(285),
  actor: 'bob',
});
// r1: failed after 42 s.
const r1Start = makeEvent({
  id: '10',
  deployment_id: 'r1',
  status: 'in-progress',
  happened_at: at(0),
  run_url: 'https://ci.example/runs/10',
});
const r1End = makeEvent({
  id: '11',
  deployment_id: 'r1',
  status: 'failure',
  happened_at: at(42),
  run_url: 'https://ci.example/runs/11',
  run_number: 11,
});

const runs = () => [
  foldRun([r3Queued, r3Waiting]),
  { ...foldRun([r2Start, r2End]), rollback: true },
  foldRun([r1Start, r1End]),
];

const rows = () => screen.getAllByTestId('recent-deployment');
const row = (id: string) =>
  rows().find(r => r.getAttribute('data-deployment-id') === id)!;

function Harness(props: { nextKey?: string }) {
  const [key, setKey] = useState('1');
  return (
    <>
      <button onClick={() => setKey(props.nextKey ?? '2')}>new event</button>
      <RecentDeployments service="checkout" refreshKey={key} />
    </>
  );
}

describe('RecentDeployments', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.runs = () => ({ items: runs(), next_cursor: null });
  });

  it('shows one row per run: status, version, start, duration, actor, run', async () => {
    await renderWithApis(<RecentDeployments service="checkout" />, { api });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(api.runsCalls).toEqual([{ service: 'checkout', limit: 20 }]);
    expect(rows().map(r => r.getAttribute('data-deployment-id'))).toEqual([
      'r3',
      'r2',
      'r1',
    ]);

    expect(row('r3')).toHaveTextContent('Awaiting approval');
    expect(within(row('r3')).getByTestId('run-duration')).toHaveTextContent(
      '—',
    );
    expect(row('r3')).toHaveTextContent('carol');
    expect(within(row('r3')).queryByRole('link')).toBeNull();

    expect(row('r2')).toHaveTextContent('Succeeded');
    expect(row('r2')).toHaveTextContent('staging');
    expect(row('r2')).toHaveTextContent('1.0.0');
    expect(within(row('r2')).getByTestId('rollback-chip')).toHaveTextContent(
      'Rollback',
    );
    expect(within(row('r2')).getByTestId('run-duration')).toHaveTextContent(
      '3 min 5 s',
    );
    // The last actor named: who finished it.
    expect(row('r2')).toHaveTextContent('bob');
    const time = row('r2').querySelector('time')!;
    expect(time).toHaveAttribute('dateTime', at(100));
    expect(time.getAttribute('title')).toContain(at(100));

    expect(row('r1')).toHaveTextContent('Failed');
    expect(within(row('r1')).queryByTestId('rollback-chip')).toBeNull();
    expect(within(row('r1')).getByTestId('run-duration')).toHaveTextContent(
      '42 s',
    );
    // The run link is the latest event's that has one, in a new tab.
    const link = within(row('r1')).getByRole('link', {
      name: 'CI run of 1.0.0 in prod (opens in a new tab)',
    });
    expect(link).toHaveAttribute('href', 'https://ci.example/runs/11');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveTextContent('Run #11');
    expect(
      within(row('r2')).getByRole('link', {
        name: /CI run of 1\.0\.0 in staging/,
      }),
    ).toHaveAttribute('href', 'https://ci.example/runs/20');
  });

  it('expands a run to its events, oldest first', async () => {
    await renderWithApis(<RecentDeployments service="checkout" />, { api });
    await waitFor(() => expect(rows()).toHaveLength(3));
    const toggle = within(row('r2')).getByRole('button', {
      name: 'Events of 1.0.0 in staging',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId('run-events')).toBeNull();

    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const events = screen.getByRole('list', {
      name: 'Events of 1.0.0 in staging',
    });
    expect(toggle.getAttribute('aria-controls')).toBe(
      screen.getByTestId('run-events').id,
    );
    const items = within(events).getAllByTestId('run-event');
    expect(items.map(i => i.getAttribute('data-event-id'))).toEqual([
      '20',
      '21',
    ]);
    expect(items[0]).toHaveTextContent('Deploying');
    expect(items[0]).toHaveTextContent('alice');
    expect(items[0].querySelector('time')).toHaveAttribute('dateTime', at(100));
    expect(items[1]).toHaveTextContent('Succeeded');
    expect(items[1]).toHaveTextContent('bob');
    // A past event does not spin.
    expect(
      within(events).queryAllByRole('progressbar', { hidden: true }),
    ).toHaveLength(0);

    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId('run-events')).toBeNull();
  });

  it('reloads on a new event: a finished run stops spinning', async () => {
    // r4 (4.0.0): in progress at 10:15, then a success a minute later.
    const r4 = (fields: Partial<DeploymentEvent>) =>
      makeEvent({ deployment_id: 'r4', version: '4.0.0', ...fields });
    const running = r4({
      id: '40',
      status: 'in-progress',
      happened_at: at(900),
    });
    api.runs = onePageOf(foldRun([running]), ...runs());
    await renderWithApis(<Harness />, { api });
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(row('r4')).toHaveTextContent('Deploying');
    expect(
      within(row('r4')).getAllByRole('progressbar', { hidden: true }),
    ).toHaveLength(1);

    const done = r4({ id: '41', status: 'success', happened_at: at(960) });
    api.runs = onePageOf(foldRun([running, done]), ...runs());
    fireEvent.click(screen.getByText('new event'));
    await waitFor(() => expect(row('r4')).toHaveTextContent('Succeeded'));
    expect(
      within(row('r4')).queryAllByRole('progressbar', { hidden: true }),
    ).toHaveLength(0);
    expect(within(row('r4')).getByTestId('run-duration')).toHaveTextContent(
      '1 min',
    );
    expect(api.runsCalls[1]).toEqual({ service: 'checkout', limit: 24 });
  });

  it('shows progress until the first page arrives', async () => {
    let answer: (page: { items: []; next_cursor: null }) => void = () => {};
    api.getRuns = jest.fn(
      () => new Promise(resolve => (answer = resolve)),
    ) as typeof api.getRuns;
    await renderWithApis(<RecentDeployments service="checkout" />, { api });
    // Backstage's Progress shows after a short delay.
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    answer({ items: [], next_cursor: null });
    await screen.findByText('No deployment runs recorded yet.');
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('says so when there are no runs', async () => {
    api.runs = onePageOf();
    await renderWithApis(<RecentDeployments service="checkout" />, { api });
    expect(
      await screen.findByText('No deployment runs recorded yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a failure as a problem and loads again on Retry', async () => {
    api.runs = () => {
      throw databaseUnavailable();
    };
    await renderWithApis(<RecentDeployments service="checkout" />, { api });
    const panel = await screen.findByRole('alert');
    expect(panel).toHaveTextContent('Service Unavailable');
    expect(screen.queryByRole('progressbar')).toBeNull();

    api.runs = () => ({ items: runs(), next_cursor: null });
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('loads older runs on demand', async () => {
    const [r3, r2, r1] = runs();
    api.runs = q =>
      q.cursor === 'older'
        ? { items: [r1], next_cursor: null }
        : { items: [r3, r2], next_cursor: 'older' };
    await renderWithApis(<RecentDeployments service="checkout" />, { api });
    await waitFor(() => expect(rows()).toHaveLength(2));
    await userEvent.click(
      screen.getByRole('button', { name: 'Load older deployments' }),
    );
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(api.runsCalls[1]).toEqual({
      service: 'checkout',
      limit: 20,
      cursor: 'older',
    });
    expect(
      screen.queryByRole('button', { name: 'Load older deployments' }),
    ).toBeNull();
  });
});
