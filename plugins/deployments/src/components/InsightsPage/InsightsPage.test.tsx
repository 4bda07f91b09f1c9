import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DoraMetrics } from '@deploydash/plugin-deployments-common';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import { FakeDeploymentsApi } from '../../__testUtils__/fixtures';
import { emptyDoraMetrics } from '../../__testUtils__/insightsFixtures';
import {
  makeActivity,
  makeGroupInsights,
  makeGroupRow,
} from '../../__testUtils__/orgInsightsFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { InsightsPage } from './InsightsPage';

// Three recharts charts per render; jsdom on a shared two-core box is slow.
jest.setTimeout(30_000);

function dora(
  perDay: number,
  rate: number | null,
  band: 'elite' | 'low' | null = null,
): DoraMetrics {
  const m = emptyDoraMetrics();
  m.deployment_frequency = {
    deployments: Math.round(perDay * 30),
    per_day: perDay,
    band,
  };
  m.change_failure_rate = {
    failed: 0,
    total: rate === null ? 0 : 10,
    rate,
    band: null,
    basis: 'deployments',
  };
  return m;
}

const PERIOD = '/deployments/insights?from=2026-01-01&to=2026-01-31';

function rowsOf(table: 'team' | 'system') {
  return within(screen.getByTestId(`group-insights-${table}`))
    .getAllByTestId('group-row')
    .map(r => r.getAttribute('data-ref'));
}

function cellOf(ref: string, metric: string) {
  const row = screen
    .getAllByTestId('group-row')
    .find(r => r.getAttribute('data-ref') === ref)!;
  return row.querySelector(`[data-metric="${metric}"]`) as HTMLElement;
}

describe('InsightsPage', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.groupInsights = query =>
      query.groupBy === 'team'
        ? makeGroupInsights({
            items: [
              makeGroupRow({
                ref: 'group:default/payments',
                services: 3,
                current: dora(1.5, 0.25, 'elite'),
                previous: dora(1, 0.1),
              }),
              makeGroupRow({
                ref: 'group:default/search',
                services: 1,
                current: dora(0.2, 0),
                previous: dora(0.5, null),
              }),
              makeGroupRow({
                ref: null,
                services: 2,
                current: dora(3, null),
                previous: dora(3, null),
              }),
            ],
          })
        : makeGroupInsights({
            group_by: 'system',
            items: [
              makeGroupRow({
                ref: 'system:default/shop',
                services: 4,
                current: dora(1, 0),
              }),
            ],
          });
    api.activity = () =>
      makeActivity(
        { 'wednesday 10': [3, 1], 'friday 16': [1, 0] },
        [1, 4, 2, 0, 1],
      );
  });

  it("sends the period in the URL as the requests' from and to", async () => {
    await renderWithApis(<InsightsPage />, { api, routeEntries: [PERIOD] });
    await screen.findAllByTestId('group-row');
    const period = {
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    };
    expect(api.groupInsightsCalls).toEqual([
      { groupBy: 'team', ...period },
      { groupBy: 'system', ...period },
    ]);
    const tz = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    await waitFor(() => expect(api.activityCalls).toEqual([{ ...period, tz }]));
    expect(api.metricsCalls).toEqual([{ ...period, bucket: 'day' }]);
    expect(screen.getByTestId('period-summary')).toHaveTextContent(
      'Jan 1, 2026 – Jan 31, 2026',
    );
  });

  it('asks again when the preset changes, and writes it to the URL', async () => {
    await renderWithApis(<InsightsPage />, { api, routeEntries: [PERIOD] });
    await screen.findAllByTestId('group-row');
    await userEvent.click(screen.getByRole('button', { name: '7 days' }));
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      '?preset=7d',
    );
    await waitFor(() => expect(api.groupInsightsCalls).toHaveLength(4));
    const last = api.groupInsightsCalls[3];
    expect(Date.parse(last.to!) - Date.parse(last.from!)).toBe(7 * 86_400_000);
    expect(last.to).toBe(
      new Date(
        Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) +
          86_400_000,
      ).toISOString(),
    );
  });

  it('lists teams and systems side by side, the rows without one named', async () => {
    await renderWithApis(<InsightsPage />, { api, routeEntries: [PERIOD] });
    await screen.findAllByTestId('group-row');
    expect(rowsOf('team')).toEqual([
      'group:default/payments',
      'group:default/search',
      '',
    ]);
    expect(rowsOf('system')).toEqual(['system:default/shop']);
    const teams = screen.getByTestId('group-insights-team');
    expect(
      within(teams).getByRole('link', { name: 'payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments');
    expect(within(teams).getByText('Unowned')).toBeInTheDocument();
    expect(
      within(teams)
        .getAllByTestId('group-services')
        .map(s => s.textContent),
    ).toEqual(['3 services', '1 service', '2 services']);
    expect(
      cellOf('group:default/payments', 'deployment_frequency'),
    ).toHaveTextContent('1.5/day');
    expect(
      within(
        cellOf('group:default/payments', 'deployment_frequency'),
      ).getByTestId('dora-band'),
    ).toHaveAttribute('data-band', 'elite');
  });

  it('shows each trend with an arrow, the change and better or worse in words', async () => {
    await renderWithApis(<InsightsPage />, { api, routeEntries: [PERIOD] });
    await screen.findAllByTestId('group-row');
    const trend = (ref: string, metric: string) =>
      within(cellOf(ref, metric)).getByTestId('trend');
    const frequency = trend('group:default/payments', 'deployment_frequency');
    expect(frequency).toHaveAttribute('data-direction', 'up');
    expect(frequency).toHaveAttribute('data-verdict', 'better');
    expect(frequency).toHaveTextContent('+0.5/day');
    // In words for screen readers (and the title), not only by colour and mark.
    expect(frequency).toHaveTextContent('Deploys: +0.5/day from 1/day, better');
    const failures = trend('group:default/payments', 'change_failure_rate');
    expect(failures).toHaveAttribute('data-verdict', 'worse');
    expect(failures).toHaveTextContent('+15 pts');
    expect(failures).toHaveAttribute(
      'title',
      'Failure rate: +15 pts from 10%, worse',
    );
    expect(
      trend('group:default/search', 'deployment_frequency'),
    ).toHaveTextContent('\u22120.3/day');
    expect(
      trend('group:default/search', 'deployment_frequency'),
    ).toHaveAttribute('data-verdict', 'worse');
    expect(
      trend('group:default/search', 'change_failure_rate'),
    ).toHaveTextContent('no comparison');
  });

  it('sorts a table by a column, both ways, the unowned row last by name', async () => {
    await renderWithApis(<InsightsPage />, { api, routeEntries: [PERIOD] });
    await screen.findAllByTestId('group-row');
    const teams = within(screen.getByTestId('group-insights-team'));
    const header = teams.getByRole('button', { name: 'Deploys' });
    await userEvent.click(header);
    expect(rowsOf('team')).toEqual([
      '',
      'group:default/payments',
      'group:default/search',
    ]);
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'descending');
    await userEvent.click(header);
    expect(rowsOf('team')).toEqual([
      'group:default/search',
      'group:default/payments',
      '',
    ]);
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'ascending');
    // Failure rate: the row without a rate stays last.
    await userEvent.click(teams.getByRole('button', { name: 'Failure rate' }));
    expect(rowsOf('team')).toEqual([
      'group:default/payments',
      'group:default/search',
      '',
    ]);
    await userEvent.click(teams.getByRole('button', { name: 'Team' }));
    expect(rowsOf('team')).toEqual([
      'group:default/payments',
      'group:default/search',
      '',
    ]);
  });

  it('draws the weekday × hour heatmap as a table whose cells say what they hold', async () => {
    await renderWithApis(<InsightsPage />, { api, routeEntries: [PERIOD] });
    const table = await screen.findByTestId('activity-heatmap');
    const cells = within(table).getAllByTestId('heatmap-cell');
    expect(cells).toHaveLength(7 * 24);
    const wednesday10 = cells.find(
      c =>
        c.getAttribute('data-weekday') === 'wednesday' &&
        c.getAttribute('data-hour') === '10',
    )!;
    expect(wednesday10).toHaveTextContent('4');
    expect(wednesday10).toHaveAttribute(
      'aria-label',
      'Wednesday 10:00–11:00: 4 deploys, 1 failed',
    );
    expect(
      within(table).getByRole('cell', {
        name: 'Friday 16:00–17:00: 1 deploy, 0 failed',
      }),
    ).toHaveTextContent('1');
    expect(
      within(table).getByRole('cell', {
        name: 'Monday 00:00–01:00: no deploys',
      }),
    ).toHaveTextContent('');
    expect(
      within(table).getByRole('rowheader', { name: 'Mon' }),
    ).toBeInTheDocument();
    // The duration histogram's numbers, in words too.
    const buckets = screen
      .getAllByTestId('duration-bucket')
      .map(r => r.textContent);
    expect(buckets).toEqual(['<1m1', '1–5m4', '5–15m2', '15–60m0', '≥1h1']);
    expect(
      screen.getByText('Run durations · 8 successful runs'),
    ).toBeInTheDocument();
  });

  it('narrows the heatmap to a team chosen from the teams listed', async () => {
    await renderWithApis(<InsightsPage />, { api, routeEntries: [PERIOD] });
    await screen.findAllByTestId('group-row');
    fireEvent.mouseDown(screen.getByRole('button', { name: /All teams/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'group:default/search' }),
    );
    await waitFor(() =>
      expect(api.activityCalls[api.activityCalls.length - 1]).toMatchObject({
        team: 'group:default/search',
      }),
    );
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      'team=group%3Adefault%2Fsearch',
    );
  });

  it('says when there is nothing yet', async () => {
    api.groupInsights = query =>
      makeGroupInsights({ group_by: query.groupBy, items: [] });
    api.activity = () => makeActivity();
    await renderWithApis(<InsightsPage />, { api, routeEntries: [PERIOD] });
    expect(
      await screen.findAllByText(
        'No deployments yet: rows appear once services post deployments.',
      ),
    ).toHaveLength(2);
    expect(
      await screen.findByText('No production deploys in this period.'),
    ).toBeInTheDocument();
  });

  it('shows a failed request as a problem with a retry', async () => {
    api.groupInsightsError = new DeploymentsApiError({
      status: 503,
      title: 'Service Unavailable',
      detail: 'The database is not reachable',
    });
    await renderWithApis(<InsightsPage />, { api, routeEntries: [PERIOD] });
    expect(
      await screen.findAllByText('The database is not reachable'),
    ).toHaveLength(2);
    api.groupInsightsError = undefined;
    await userEvent.click(screen.getAllByRole('button', { name: 'Retry' })[0]);
    await waitFor(() => expect(rowsOf('team')).toHaveLength(3));
  });
});
