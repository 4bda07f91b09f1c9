import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Incident, IncidentEvent } from '@deploydash/plugin-deployments-common';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import { FakeDeploymentsApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { RecentIncidents } from './RecentIncidents';

const record = (overrides: Partial<IncidentEvent>): IncidentEvent => ({
  id: '1',
  incident_id: 'PD-1',
  service: 'checkout',
  environment: 'prod',
  status: 'open',
  happened_at: '2026-03-01T10:00:00.000Z',
  received_at: '2026-03-01T10:00:01.000Z',
  title: null,
  url: null,
  severity: null,
  caused_by_deployment_id: null,
  source: 'api',
  ...overrides,
});

function incident(overrides: Partial<Incident>): Incident {
  return {
    incident_id: 'PD-1',
    service: 'checkout',
    environment: 'prod',
    opened_at: '2026-03-01T10:00:00.000Z',
    resolved_at: null,
    title: null,
    url: null,
    severity: null,
    caused_by_deployment_id: null,
    records: [record({})],
    ...overrides,
  };
}

const rows = () => screen.getAllByTestId('incident-row');
const cells = (row: HTMLElement) => within(row).getAllByRole('cell').map(c => c.textContent);

describe('RecentIncidents', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    jest.useFakeTimers({ now: Date.parse('2026-03-01T13:30:00Z'), doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
  });
  afterEach(() => jest.useRealTimers());

  it("lists the service's incidents: title linked to its URL, severity, times, duration, the causing deployment; open ones marked", async () => {
    api.incidents = () => ({
      items: [
        incident({
          incident_id: 'PD-Q1W2E3',
          title: 'Checkout 500s after 1.3.0',
          url: 'https://acme.pagerduty.com/incidents/Q1W2E3',
          severity: 'sev1',
          caused_by_deployment_id: 'checkout-prod-4712',
          opened_at: '2026-03-01T12:00:00.000Z',
        }),
        incident({
          incident_id: 'OG-7',
          environment: 'staging',
          opened_at: '2026-03-01T09:00:00.000Z',
          resolved_at: '2026-03-01T10:30:00.000Z',
        }),
      ],
      next_cursor: null,
    });
    await renderWithApis(<RecentIncidents service="checkout" />, { api });
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(api.incidentsCalls).toEqual([{ service: 'checkout', limit: 20 }]);

    const [open, resolved] = rows();
    expect(cells(open)).toEqual([
      // Backstage's Link says so for an external URL.
      'Checkout 500s after 1.3.0, Opens in a new windowPD-Q1W2E3',
      'sev1',
      'prod',
      '1 hour ago',
      'Open',
      '1 h 30 min so far',
      'checkout-prod-4712',
    ]);
    expect(within(open).getByRole('link', { name: /^Checkout 500s after 1\.3\.0/ })).toHaveAttribute(
      'href',
      'https://acme.pagerduty.com/incidents/Q1W2E3',
    );
    // Without a title or URL: its id, plain; resolved, with how long it lasted.
    expect(cells(resolved)).toEqual(['OG-7', '—', 'staging', '4 hours ago', '3 hours ago', '1 h 30 min', 'not named']);
    expect(within(resolved).queryByRole('link')).toBeNull();
    expect(within(resolved).queryByText('Open')).toBeNull();
  });

  it('says so when there are none', async () => {
    await renderWithApis(<RecentIncidents service="checkout" />, { api });
    expect(await screen.findByText(/No incidents recorded in the last 90 days/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it("shows a failure's title and detail with Retry, and loads again on Retry", async () => {
    let fail = true;
    api.incidents = () =>
      fail
        ? new DeploymentsApiError({ status: 503, title: 'Service Unavailable', detail: 'The database is unavailable; retry shortly' })
        : { items: [incident({ title: 'Back again' })], next_cursor: null };
    await renderWithApis(<RecentIncidents service="checkout" />, { api });
    expect(await screen.findByText('The database is unavailable; retry shortly')).toBeInTheDocument();
    fail = false;
    await userEvent.setup({ advanceTimers: jest.advanceTimersByTime }).click(screen.getByRole('button', { name: /retry/i }));
    expect(await screen.findByText('Back again')).toBeInTheDocument();
    expect(api.incidentsCalls).toHaveLength(2);
  });
});
