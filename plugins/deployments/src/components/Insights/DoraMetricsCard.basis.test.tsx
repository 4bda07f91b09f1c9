import { screen } from '@testing-library/react';
import { FailureBasis } from '@deploydash/plugin-deployments-common';
import { FakeDeploymentsApi } from '../../__testUtils__/fixtures';
import { emptyDoraMetrics, makeMetricsResponse } from '../../__testUtils__/insightsFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { DoraMetricsCard } from './DoraMetricsCard';

jest.setTimeout(20_000);

/** The details cell of the summary table's row for one metric. */
async function detailsOf(metric: string) {
  const rows = await screen.findAllByTestId('dora-summary-row');
  const row = rows.find(r => r.getAttribute('data-metric') === metric)!;
  const cells = row.querySelectorAll('td, th');
  return cells[cells.length - 1].textContent;
}

describe('DoraMetricsCard: the basis of change failure rate and recovery time', () => {
  it.each<[FailureBasis, string, string]>([
    ['incidents', '2 of 3 deployments failed · from incidents', '3 recoveries · 1 open incident · from incidents'],
    [
      'mixed',
      '2 of 3 deployments failed · from incidents and deployments',
      '3 recoveries · 1 unrecovered failure · from incidents and deployments',
    ],
    ['deployments', '2 of 3 deployments failed', '3 recoveries · 1 unrecovered failure'],
  ])('says %s where the lead time says its basis', async (basis, failures, recovery) => {
    const api = new FakeDeploymentsApi();
    const overall = emptyDoraMetrics();
    overall.change_failure_rate = { failed: 2, total: 3, rate: 2 / 3, band: 'low', basis };
    overall.recovery_time = { samples: 3, median_seconds: 3600, p90_seconds: 7200, unrecovered: 1, band: 'high', basis };
    api.metrics = () => makeMetricsResponse({ service: 'checkout', overall, buckets: [] });
    await renderWithApis(<DoraMetricsCard service="checkout" />, { api });
    expect(await detailsOf('change_failure_rate')).toBe(failures);
    expect(await detailsOf('recovery_time')).toBe(recovery);
  });
});
