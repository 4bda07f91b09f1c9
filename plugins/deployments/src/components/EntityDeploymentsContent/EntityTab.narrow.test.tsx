import { screen, waitFor } from '@testing-library/react';
import { FakeDeploymentsApi, makeEvent } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { foldRun, onePageOf } from '../../__testUtils__/runFixtures';
import { DoraMetricsCard } from '../Insights';
import { RecentDeployments } from './RecentDeployments';

/**
 * Issue 18: at 800 px the entity tab broke words in the middle ("2.28/.0",
 * "Deploy/ment frequen/cy"): Backstage's theme gives every table cell
 * `word-break: break-word`. Its tables now scroll sideways instead, their
 * cells wrap between words only, and short tokens never wrap. (jsdom
 * cascades by sheet order, not specificity, so which word-break wins is
 * checked in the browser: e2e/deployments.test.mjs, "every page at 800 px".)
 */
describe('The entity tab at narrow widths', () => {
  const cellsOf = (table: HTMLElement) => [
    ...table.querySelectorAll<HTMLElement>('thead th'),
  ];

  it('keeps the runs table whole: no mid-word breaks, sideways scroll', async () => {
    const api = new FakeDeploymentsApi();
    api.runs = onePageOf(
      foldRun([makeEvent({ deployment_id: 'r1', version: '2.28.0' })]),
    );
    await renderWithApis(<RecentDeployments service="checkout" />, { api });
    const row = await screen.findByTestId('recent-deployment');
    const table = row.closest('table')!;
    expect(table.closest('[data-testid="recent-deployments-scroll"]')).not.toBe(
      null,
    );
    for (const cell of [...row.querySelectorAll('td'), ...cellsOf(table)]) {
      expect(getComputedStyle(cell).whiteSpace).toBe('nowrap');
    }
  });

  it('keeps the DORA table whole: it scrolls sideways', async () => {
    const api = new FakeDeploymentsApi();
    await renderWithApis(<DoraMetricsCard service="checkout" />, { api });
    await waitFor(() =>
      expect(screen.getAllByTestId('dora-summary-row')).toHaveLength(5),
    );
    const table = screen
      .getAllByTestId('dora-summary-row')[0]
      .closest('table')!;
    expect(getComputedStyle(table.parentElement!).overflowX).toBe('auto');
  });
});
