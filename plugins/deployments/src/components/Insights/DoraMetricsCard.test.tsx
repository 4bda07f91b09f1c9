import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DoraMetrics } from '@deploydash/plugin-deployments-common';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import { FakeDeploymentsApi } from '../../__testUtils__/fixtures';
import {
  emptyDoraMetrics,
  makeBucket,
  makeMetricsResponse,
} from '../../__testUtils__/insightsFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { DoraMetricsCard } from './DoraMetricsCard';

// Every test draws five recharts charts; in jsdom on a two-core CI box the
// first one alone takes 4–6 s (it did before the fifth chart, too).
jest.setTimeout(20_000);

/** A busy period: every metric has a value and a band. */
function busyMetrics(): DoraMetrics {
  return {
    deployment_frequency: { deployments: 42, per_day: 1.4, band: 'elite' },
    change_failure_rate: { failed: 3, total: 24, rate: 0.125, band: 'medium', basis: 'deployments' },
    recovery_time: {
      samples: 2,
      median_seconds: 12_000,
      p90_seconds: 18_000,
      unrecovered: 1,
      band: 'high',
      basis: 'deployments',
    },
    lead_time: {
      samples: 40,
      median_seconds: 7_200,
      p90_seconds: 90_000,
      basis: 'commits',
      band: 'elite',
    },
    deployment_duration: {
      samples: 12,
      median_seconds: 185,
      p90_seconds: 1_500,
    },
  };
}

function row(metric: string): HTMLElement {
  const found = screen
    .getAllByTestId('dora-summary-row')
    .find(r => r.getAttribute('data-metric') === metric);
  if (!found) throw new Error(`no row ${metric}`);
  return found;
}

const bandOf = (metric: string) =>
  within(row(metric)).getByTestId('dora-band').getAttribute('data-band');

describe('DoraMetricsCard', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.metrics = query =>
      makeMetricsResponse({
        service: query.service ?? null,
        bucket: query.bucket ?? 'day',
        overall: busyMetrics(),
        buckets: [
          makeBucket('2026-01-01', busyMetrics()),
          makeBucket('2026-01-02'),
        ],
      });
  });

  it('shows the period summary with human units, bands and their thresholds', async () => {
    await renderWithApis(<DoraMetricsCard service="checkout" />, { api });
    await screen.findAllByTestId('dora-summary-row');
    // The URL has no period: the shared default, the last 30 UTC days.
    expect(api.metricsCalls).toEqual([
      {
        service: 'checkout',
        bucket: 'day',
        from: expect.any(String),
        to: expect.any(String),
      },
    ]);
    const { from, to } = api.metricsCalls[0];
    expect(Date.parse(to!) - Date.parse(from!)).toBe(30 * 86_400_000);

    expect(row('deployment_frequency')).toHaveTextContent('1.4 per day');
    expect(row('deployment_frequency')).toHaveTextContent(
      '42 successful deployments',
    );
    expect(bandOf('deployment_frequency')).toBe('elite');
    expect(row('deployment_frequency')).toHaveTextContent(
      'On demand (multiple deploys per day)',
    );

    expect(row('change_failure_rate')).toHaveTextContent('12.5%');
    expect(row('change_failure_rate')).toHaveTextContent(
      '3 of 24 deployments failed',
    );
    expect(bandOf('change_failure_rate')).toBe('medium');
    expect(row('change_failure_rate')).toHaveTextContent('15% or less');

    // Median next to p90, and the failures not recovered yet.
    const recovery = within(row('recovery_time')).getAllByRole('cell');
    expect(recovery.map(c => c.textContent).slice(1, 3)).toEqual([
      '3h 20m',
      '5h 0m',
    ]);
    expect(row('recovery_time')).toHaveTextContent('1 unrecovered failure');
    expect(bandOf('recovery_time')).toBe('high');

    expect(row('lead_time')).toHaveTextContent('2h 0m');
    expect(row('lead_time')).toHaveTextContent('1d 1h');
    expect(row('lead_time')).toHaveTextContent(
      '40 changes · from commit times',
    );

    // Deployment duration sits next to the four keys, without a band.
    const duration = within(row('deployment_duration')).getAllByRole('cell');
    expect(duration.map(c => c.textContent)).toEqual([
      'Deployment duration',
      '3m 5s',
      '25m 0s',
      '– (not a DORA key)',
      '12 successful runs · first event to success',
    ]);
    expect(
      within(row('deployment_duration')).queryByTestId('dora-band'),
    ).toBeNull();

    // The source of the bands is cited once.
    expect(screen.getAllByText(/Accelerate State of DevOps/)).toHaveLength(1);
    expect(screen.getByTestId('dora-metrics')).toHaveTextContent(
      'prod · Jan 1, 2026 – Jan 2, 2026',
    );
  });

  it('draws the five charts over the buckets', async () => {
    await renderWithApis(<DoraMetricsCard service="checkout" />, { api });
    await screen.findAllByTestId('dora-summary-row');
    for (const id of [
      'dora-chart-frequency',
      'dora-chart-failure-rate',
      'dora-chart-recovery',
      'dora-chart-lead-time',
      'dora-chart-duration',
    ]) {
      const chart = screen.getByTestId(id);
      expect(chart.querySelector('svg.recharts-surface')).not.toBeNull();
      // One x-axis tick per bucket.
      expect(chart).toHaveTextContent(/Jan 1.*Jan 2/);
    }
    // One bar per bucket with deployments (the second bucket has none).
    const bars = screen
      .getByTestId('dora-chart-frequency')
      .querySelectorAll('.recharts-bar-rectangle path');
    expect(bars.length).toBe(1);
  });

  it('refetches per week when toggled', async () => {
    await renderWithApis(<DoraMetricsCard service="checkout" />, { api });
    await screen.findAllByTestId('dora-summary-row');
    await userEvent.click(screen.getByRole('button', { name: 'Week' }));
    await waitFor(() =>
      expect(row('deployment_frequency')).toHaveTextContent('9.8 per week'),
    );
    expect(api.metricsCalls[api.metricsCalls.length - 1]).toMatchObject({
      service: 'checkout',
      bucket: 'week',
    });
    expect(screen.getByRole('button', { name: 'Week' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByTestId('dora-chart-frequency')).toHaveTextContent(
      'Deployments per week',
    );
  });

  it('shows "no data" for an empty period', async () => {
    api.metrics = () => makeMetricsResponse();
    await renderWithApis(<DoraMetricsCard service="checkout" />, { api });
    await screen.findAllByTestId('dora-summary-row');
    const chips = screen.getAllByTestId('dora-band');
    expect(chips).toHaveLength(4);
    chips.forEach(chip => expect(chip).toHaveTextContent('no data'));
    expect(row('deployment_duration')).toHaveTextContent(
      'Deployment duration––– (not a DORA key)0 successful runs',
    );
    expect(row('change_failure_rate')).toHaveTextContent('–');
    expect(row('recovery_time')).toHaveTextContent('0 unrecovered failures');
    expect(row('lead_time')).not.toHaveTextContent('commit times');
  });

  it('labels a lead time measured through parent deployments', async () => {
    const overall = emptyDoraMetrics();
    overall.lead_time = {
      samples: 1,
      median_seconds: 3600,
      p90_seconds: 3600,
      basis: 'parent_deployments',
      band: 'elite',
    };
    api.metrics = () => makeMetricsResponse({ overall });
    await renderWithApis(<DoraMetricsCard service="checkout" />, { api });
    await screen.findAllByTestId('dora-summary-row');
    expect(row('lead_time')).toHaveTextContent(
      '1 change · through parent deployments (no commit times sent)',
    );
  });

  it('shows a failed request and loads again on Retry', async () => {
    api.metricsError = new DeploymentsApiError({
      status: 400,
      title: 'Bad Request',
      detail: 'metrics are unavailable',
    });
    await renderWithApis(<DoraMetricsCard service="checkout" />, { api });
    const panel = await screen.findByRole('alert');
    expect(panel).toHaveTextContent('Bad Request');
    expect(panel).toHaveTextContent('metrics are unavailable');
    expect(screen.queryByTestId('dora-summary-row')).toBeNull();

    api.metricsError = undefined;
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    expect(
      (await screen.findAllByTestId('dora-summary-row')).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('reloads when the refresh key changes, keeping the numbers meanwhile', async () => {
    function Harness() {
      const [key, setKey] = useState('1');
      return (
        <>
          <button onClick={() => setKey(k => `${k}1`)}>new event</button>
          <DoraMetricsCard service="checkout" refreshKey={key} />
        </>
      );
    }
    await renderWithApis(<Harness />, { api });
    await screen.findAllByTestId('dora-summary-row');
    expect(api.metricsCalls).toHaveLength(1);

    api.metrics = () =>
      makeMetricsResponse({
        overall: {
          ...busyMetrics(),
          deployment_frequency: { deployments: 43, per_day: 2, band: 'elite' },
        },
      });
    await userEvent.click(screen.getByRole('button', { name: 'new event' }));
    expect(screen.queryByRole('progressbar')).toBeNull();
    await waitFor(() =>
      expect(row('deployment_frequency')).toHaveTextContent('2 per day'),
    );
    expect(api.metricsCalls).toHaveLength(2);
  });

  it('follows the period of the URL and changes it with the shared picker', async () => {
    await renderWithApis(<DoraMetricsCard service="checkout" />, {
      api,
      routeEntries: ['/deployments?from=2026-01-01&to=2026-01-14'],
    });
    await screen.findAllByTestId('dora-summary-row');
    expect(api.metricsCalls).toEqual([
      {
        service: 'checkout',
        bucket: 'day',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-15T00:00:00.000Z',
      },
    ]);
    await userEvent.click(screen.getByRole('button', { name: '90 days' }));
    await waitFor(() => expect(api.metricsCalls).toHaveLength(2));
    const { from, to } = api.metricsCalls[1];
    expect(Date.parse(to!) - Date.parse(from!)).toBe(90 * 86_400_000);
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      '?preset=90d',
    );
  });

  it('leaves the picker to the page when the page passes the period', async () => {
    await renderWithApis(
      <DoraMetricsCard
        service="checkout"
        from="2026-02-01T00:00:00.000Z"
        to="2026-03-01T00:00:00.000Z"
      />,
      { api },
    );
    await screen.findAllByTestId('dora-summary-row');
    expect(screen.queryByTestId('period-picker')).not.toBeInTheDocument();
    expect(api.metricsCalls[0]).toMatchObject({
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
    });
  });
});
