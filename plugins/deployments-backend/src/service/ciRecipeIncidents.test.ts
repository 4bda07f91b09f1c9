import { execFileSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { inSection } from '../__testUtils__/ciRecipes';
import { runBash, useRecipeBackend } from '../__testUtils__/recipeBackend';

jest.setTimeout(60_000);

/*
 * The "Incidents" recipes of docs/ci-recipes.md run verbatim with bash
 * against a real backend: the CI step, and the PagerDuty and Opsgenie
 * relays fed with webhook bodies of those tools on standard input.
 */

const [ciStep, pagerDuty, opsgenie] = inSection('Incidents').filter(b => b.lang === 'sh');
const dir = mkdtempSync(join(tmpdir(), 'incident-webhooks-'));

/** The recipe with a webhook body on its standard input. */
function withInput(code: string, body: unknown): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(body));
  return `exec < '${file}'\n${code}`;
}

/** A PagerDuty v3 webhook body (the fields the relay reads, and some it does not). */
const pagerDutyWebhook = (eventType: string, occurredAt: string) => ({
  event: {
    id: `01E${eventType}`,
    event_type: eventType,
    resource_type: 'incident',
    occurred_at: occurredAt,
    agent: null,
    client: null,
    data: {
      id: 'PGR0VU2',
      type: 'incident',
      self: 'https://api.pagerduty.com/incidents/PGR0VU2',
      html_url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      number: 2,
      status: eventType === 'incident.resolved' ? 'resolved' : 'triggered',
      title: 'Checkout 500s after 1.3.0',
      service: { id: 'PF9KMXH', summary: 'checkout', type: 'service_reference' },
      priority: { id: 'PSO75BM', summary: 'P1', type: 'priority_reference' },
      urgency: 'high',
    },
  },
});

/** An Opsgenie webhook body: the action and the alert. */
const opsgenieWebhook = (action: string) => ({
  action,
  alert: {
    alertId: '44f717bf-44bd-11c9-44c7-2d0cf1d07b23',
    message: 'Search latency above 2 s',
    tags: [],
    tinyId: '42',
    entity: 'search',
    alias: 'search-latency',
    createdAt: Date.parse('2026-11-30T08:15:00Z'),
    username: 'System',
    details: { deployment_id: 'search-prod-88' },
    priority: 'P2',
  },
  source: { name: '', type: 'web' },
  integrationName: 'Deployments relay',
  integrationType: 'Webhook',
});

describe('docs/ci-recipes.md "Incidents"', () => {
  const api = useRecipeBackend();

  it('runs where jq 1.6 or later is installed (the relays need it; this fails rather than skips)', () => {
    expect(execFileSync('jq', ['--version']).toString()).toMatch(/^jq-1\.([6-9]|\d\d)/);
  });

  it('has the CI step and the two relays, posting to /incidents', () => {
    for (const block of [ciStep, pagerDuty, opsgenie]) {
      expect(block.code).toContain('-X POST "$DASHBOARD_URL/api/deployments/incidents"');
      expect(block.code).toContain('-H "X-Api-Key: $DEPLOYMENTS_API_KEY"');
    }
  });

  it('the CI step posts an incident, leaving out what is not set', async () => {
    const env = { ...api.baseEnv(), SERVICE: 'checkout', ENVIRONMENT: 'prod', INCIDENT_ID: 'CI-1' };
    const opened = await runBash(ciStep.code, {
      ...env,
      INCIDENT_STATUS: 'open',
      TITLE: 'Smoke test failed after "1.4.0"',
      SEVERITY: 'sev2',
      CAUSED_BY_DEPLOYMENT_ID: 'checkout-prod-4712',
    });
    expect(opened).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(opened.stdout)).toMatchObject({
      incident_id: 'CI-1',
      status: 'open',
      title: 'Smoke test failed after "1.4.0"',
      url: null,
      severity: 'sev2',
      caused_by_deployment_id: 'checkout-prod-4712',
    });
    const resolved = await runBash(ciStep.code, { ...env, INCIDENT_STATUS: 'resolved' });
    expect(resolved).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(resolved.stdout)).toMatchObject({ status: 'resolved', title: null, severity: null });
    const [incident] = (await (await api.get('/incidents?service=checkout')).json()).items;
    expect(incident).toMatchObject({ incident_id: 'CI-1', title: 'Smoke test failed after "1.4.0"', resolved_at: expect.any(String) });
  });

  it('the PagerDuty relay posts incident.triggered as open and incident.resolved as resolved; a retry is a repeat; other events post nothing', async () => {
    const env = api.baseEnv();
    const triggered = pagerDutyWebhook('incident.triggered', '2026-11-30T10:04:00.169Z');
    const first = await runBash(withInput(pagerDuty.code, triggered), env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const record = JSON.parse(first.stdout);
    expect(record).toMatchObject({
      incident_id: 'PGR0VU2',
      service: 'checkout',
      environment: 'prod',
      status: 'open',
      happened_at: '2026-11-30T10:04:00.169Z',
      title: 'Checkout 500s after 1.3.0',
      url: 'https://acme.pagerduty.com/incidents/PGR0VU2',
      severity: 'P1',
      caused_by_deployment_id: null,
    });
    // PagerDuty retries a webhook it got no answer to: the same record again, stored once.
    const retried = await runBash(withInput(pagerDuty.code, triggered), env);
    expect(JSON.parse(retried.stdout)).toEqual(record);

    const acknowledged = await runBash(
      withInput(pagerDuty.code, pagerDutyWebhook('incident.acknowledged', '2026-11-30T10:10:00Z')),
      env,
    );
    expect(acknowledged).toEqual({ code: 0, stdout: '', stderr: '' });

    const resolved = await runBash(
      withInput(pagerDuty.code, pagerDutyWebhook('incident.resolved', '2026-11-30T11:04:00Z')),
      { ...env, ENVIRONMENT: 'prod', CAUSED_BY_DEPLOYMENT_ID: 'checkout-prod-4712' },
    );
    expect(JSON.parse(resolved.stdout)).toMatchObject({ status: 'resolved', caused_by_deployment_id: 'checkout-prod-4712' });

    const page = await (await api.get('/incidents?service=checkout&from=2026-11-30T00:00:00Z&to=2026-12-01T00:00:00Z')).json();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      opened_at: '2026-11-30T10:04:00.169Z',
      resolved_at: '2026-11-30T11:04:00.000Z',
      caused_by_deployment_id: 'checkout-prod-4712',
    });
    expect(page.items[0].records).toHaveLength(2);
  });

  it('the Opsgenie relay posts Create as open (at its creation) and Close as resolved (now), with the deployment_id the alert carries', async () => {
    const env = { ...api.baseEnv(), ENVIRONMENT: 'prod' };
    const created = await runBash(withInput(opsgenie.code, opsgenieWebhook('Create')), env);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(created.stdout)).toMatchObject({
      incident_id: '44f717bf-44bd-11c9-44c7-2d0cf1d07b23',
      service: 'search',
      status: 'open',
      happened_at: '2026-11-30T08:15:00.000Z',
      title: 'Search latency above 2 s',
      severity: 'P2',
      caused_by_deployment_id: 'search-prod-88',
    });
    expect(await runBash(withInput(opsgenie.code, opsgenieWebhook('Acknowledge')), env)).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const before = Date.now();
    const closed = await runBash(withInput(opsgenie.code, opsgenieWebhook('Close')), env);
    const record = JSON.parse(closed.stdout);
    expect(record.status).toBe('resolved');
    // Stamped when the relay ran (whole seconds).
    expect(Date.parse(record.happened_at)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(Date.parse(record.happened_at)).toBeLessThanOrEqual(Date.now());
  });
});
