import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import {
  startDeploymentsBackend,
  TEST_API_KEY,
  useDeploymentsBackend,
} from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** A catalog entity whose name differs from its service: the annotation links them. */
const CHECKOUT_WEB: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-web',
    namespace: 'default',
    annotations: { 'deployments/service-name': 'checkout' },
  },
  spec: { type: 'service', owner: 'group:default/payments', lifecycle: 'production' },
};

/** The log the tests read: checkout on dev, staging, prod; payments on prod. */
const EVENTS = [
  { deployment_id: 'd-1', environment: 'dev', version: '1.0.0', happened_at: '2026-01-01T08:00:00Z' },
  { deployment_id: 'p-1', environment: 'prod', version: '1.0.0', happened_at: '2026-01-01T10:00:00Z' },
  { deployment_id: 'p-2', environment: 'prod', version: '1.1.0', happened_at: '2026-01-02T10:00:00Z' },
  // A redeploy of the same version: it does not restart "running since".
  { deployment_id: 'p-3', environment: 'prod', version: '1.1.0', happened_at: '2026-01-03T10:00:00Z' },
  { deployment_id: 's-1', environment: 'staging', version: '1.2.0', happened_at: '2026-01-03T12:00:00Z' },
  { deployment_id: 'd-2', environment: 'dev', version: '1.2.0', happened_at: '2026-01-03T13:00:00Z' },
  // A failed attempt: 1.1.0 keeps running in prod.
  { deployment_id: 'p-4', environment: 'prod', version: '1.2.0', status: 'failure', happened_at: '2026-01-04T10:00:00Z' },
  // 11.0.0 contains "1.0.0": the search narrows, the match must stay exact.
  { deployment_id: 'x-1', service: 'payments', environment: 'prod', version: '11.0.0', happened_at: '2026-01-02T09:00:00Z' },
];

const ACTIONS = '/.backstage/actions/v1/actions';
const USER = { Authorization: mockCredentials.user.header() };

type Api = Awaited<ReturnType<typeof startDeploymentsBackend>>;

function invoke(api: Api, action: string, input: unknown, headers: Record<string, string> = USER) {
  return fetch(`${api.baseUrl}${ACTIONS}/deployments:${action}/invoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

/** Invokes and expects 200; answers the action's output. */
async function output(api: Api, action: string, input: unknown) {
  const res = await invoke(api, action, input);
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(body)}`);
  return body.output;
}

/** Invokes and expects an error; answers the status and the error's message. */
async function failure(api: Api, action: string, input: unknown, headers?: Record<string, string>) {
  const res = await invoke(api, action, input, headers);
  const body = await res.json();
  return { status: res.status, name: body.error?.name, message: String(body.error?.message) };
}

describe.each(databases.eachSupportedId())('actions for assistants on %s', id => {
  const state = useDeploymentsBackend(databases, id, { entities: [CHECKOUT_WEB] });
  const stored: Record<string, any> = {};

  beforeAll(async () => {
    for (const e of EVENTS) {
      stored[e.deployment_id] = await state.api.seed(eventInput({ service: 'checkout', status: 'success', ...e }));
    }
  });

  it('lists the three actions, read-only, with their input and output schemas', async () => {
    const res = await state.api.get(ACTIONS);
    expect(res.status).toBe(200);
    const { actions } = await res.json();
    const byId = Object.fromEntries(actions.map((a: any) => [a.id, a]));
    expect(Object.keys(byId).sort()).toEqual([
      'deployments:find-version',
      'deployments:get-deployment-status',
      'deployments:get-dora-metrics',
    ]);
    for (const action of actions) {
      expect(action.pluginId).toBe('deployments');
      expect(action.attributes).toEqual({ readOnly: true, idempotent: true, destructive: false });
      expect(action.description.length).toBeGreaterThan(200);
      expect(action.schema.input.type).toBe('object');
      expect(action.schema.output.type).toBe('object');
    }
    const status = byId['deployments:get-deployment-status'].schema;
    expect(status.input.required.sort()).toEqual(['environment', 'service']);
    expect(status.output.properties.running_version.type).toEqual(['string', 'null']);
    expect(status.output.properties.current.properties.status.enum).toContain('in-progress');
    expect(byId['deployments:find-version'].schema.input.required.sort()).toEqual(['service', 'version']);
    const dora = byId['deployments:get-dora-metrics'].schema;
    expect(dora.input.required ?? []).toEqual([]);
    expect(Object.keys(dora.input.properties).sort()).toEqual(['entityRef', 'environment', 'from', 'service', 'to']);
    expect(Object.keys(dora.output.properties.time_to_restore.properties)).toContain('median_seconds');
    expect(Object.keys(dora.output.properties.change_failure_rate.properties)).toContain('rate_percent');
  });

  describe('get-deployment-status', () => {
    it('answers what runs in a slot: the last success, and the latest event of any status', async () => {
      const out = await output(state.api, 'get-deployment-status', { service: 'checkout', environment: 'prod' });
      expect(out).toMatchObject({
        service: 'checkout',
        environment: 'prod',
        entity_ref: 'component:default/checkout-web',
        running_version: '1.1.0',
        current_status: 'failure',
        current: { id: stored['p-4'].id, deployment_id: 'p-4', status: 'failure', version: '1.2.0' },
        last_successful: {
          id: stored['p-3'].id,
          deployment_id: 'p-3',
          status: 'success',
          version: '1.1.0',
          happened_at: '2026-01-03T10:00:00.000Z',
        },
      });
      // Exactly the summary fields, nothing else of the stored event.
      expect(Object.keys(out.current).sort()).toEqual(
        ['actor', 'deployment_id', 'happened_at', 'id', 'ref', 'run_url', 'sha', 'status', 'title', 'version'],
      );
    });

    it('agrees with the matrix', async () => {
      const matrix = await (await state.api.get('/matrix')).json();
      const slot = matrix.services.find((s: any) => s.service === 'checkout').slots.staging;
      const out = await output(state.api, 'get-deployment-status', { service: 'checkout', environment: 'staging' });
      expect(out.current.id).toBe(slot.current.id);
      expect(out.last_successful.id).toBe(slot.last_successful.id);
      expect(out.running_version).toBe('1.2.0');
      expect(out.current_status).toBe('success');
    });

    it('answers 404 naming the known services, or the environments of a known one', async () => {
      const service = await failure(state.api, 'get-deployment-status', { service: 'checkuot', environment: 'prod' });
      expect(service).toMatchObject({ status: 404, name: 'NotFoundError' });
      expect(service.message).toBe(
        "No deployments of service 'checkuot' are recorded. Known services: checkout, payments. Service names are exact and case-sensitive.",
      );
      const alike = await failure(state.api, 'get-deployment-status', { service: 'Checkout', environment: 'prod' });
      expect(alike.message).toContain("Did you mean 'checkout'?");
      const environment = await failure(state.api, 'get-deployment-status', {
        service: 'checkout',
        environment: 'production',
      });
      expect(environment).toMatchObject({ status: 404, name: 'NotFoundError' });
      expect(environment.message).toBe(
        "Service 'checkout' has no deployments in environment 'production'. It has deployments in: dev, staging, prod.",
      );
    });

    it('answers 400 for a missing or empty field, before reading anything', async () => {
      const missing = await failure(state.api, 'get-deployment-status', { service: 'checkout' });
      expect(missing).toMatchObject({ status: 400, name: 'InputError' });
      expect(missing.message).toContain('Invalid input to action "deployments:get-deployment-status"');
      const empty = await failure(state.api, 'get-deployment-status', { service: '', environment: 'prod' });
      expect(empty.status).toBe(400);
    });

    it('is allowed to a service principal (the MCP actions backend calls as one)', async () => {
      const res = await invoke(
        state.api,
        'get-deployment-status',
        { service: 'checkout', environment: 'prod' },
        { Authorization: mockCredentials.service.header() },
      );
      expect(res.status).toBe(200);
      expect((await res.json()).output.running_version).toBe('1.1.0');
    });
  });

  describe('find-version', () => {
    it('answers where a version runs and since when; a redeploy does not restart the clock', async () => {
      const out = await output(state.api, 'find-version', { service: 'checkout', version: '1.1.0' });
      expect(out).toEqual({
        service: 'checkout',
        version: '1.1.0',
        running_in: [
          {
            environment: 'prod',
            since: '2026-01-02T10:00:00.000Z',
            last_successful: expect.objectContaining({ id: stored['p-3'].id, happened_at: '2026-01-03T10:00:00.000Z' }),
            pending: { status: 'failure', version: '1.2.0', happened_at: '2026-01-04T10:00:00.000Z' },
          },
        ],
        previously_in: [],
      });
    });

    it('lists environments in the configured order, and where the version ran before', async () => {
      const newest = await output(state.api, 'find-version', { service: 'checkout', version: '1.2.0' });
      expect(newest.running_in.map((r: any) => [r.environment, r.since, r.pending])).toEqual([
        ['dev', '2026-01-03T13:00:00.000Z', null],
        ['staging', '2026-01-03T12:00:00.000Z', null],
      ]);
      expect(newest.previously_in).toEqual([]);

      const oldest = await output(state.api, 'find-version', { service: 'checkout', version: '1.0.0' });
      expect(oldest.running_in).toEqual([]);
      expect(oldest.previously_in).toEqual([
        { environment: 'dev', last_deployed_at: '2026-01-01T08:00:00.000Z', now_running_version: '1.2.0' },
        { environment: 'prod', last_deployed_at: '2026-01-01T10:00:00.000Z', now_running_version: '1.1.0' },
      ]);
    });

    it('matches the version exactly', async () => {
      const prefix = await output(state.api, 'find-version', { service: 'checkout', version: '1.1' });
      expect([prefix.running_in, prefix.previously_in]).toEqual([[], []]);
      const other = await output(state.api, 'find-version', { service: 'payments', version: '1.0.0' });
      expect([other.running_in, other.previously_in]).toEqual([[], []]);
    });

    it('answers 404 for an unknown service, 400 without a version', async () => {
      const unknown = await failure(state.api, 'find-version', { service: 'nope', version: '1.0.0' });
      expect(unknown).toMatchObject({ status: 404, name: 'NotFoundError' });
      expect(unknown.message).toContain("No deployments of service 'nope'");
      expect((await failure(state.api, 'find-version', { service: 'checkout' })).status).toBe(400);
    });
  });

  describe('get-dora-metrics', () => {
    const period = { from: '2026-01-01T00:00:00Z', to: '2026-01-08T00:00:00Z' };

    it('answers the overall numbers of GET /metrics, units in the field names', async () => {
      const out = await output(state.api, 'get-dora-metrics', { service: 'checkout', ...period });
      const route = await (
        await state.api.get(`/metrics?service=checkout&from=${period.from}&to=${period.to}`)
      ).json();
      const o = route.overall;
      expect(out).toEqual({
        service: 'checkout',
        entity_ref: 'component:default/checkout-web',
        environments: route.environments,
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-08T00:00:00.000Z',
        period_days: 7,
        deployment_frequency: {
          successful_deployments: o.deployment_frequency.deployments,
          deployments_per_day: o.deployment_frequency.per_day,
          band: o.deployment_frequency.band,
          band_meaning: route.thresholds.deployment_frequency[o.deployment_frequency.band],
        },
        change_failure_rate: {
          failed_changes: o.change_failure_rate.failed,
          total_deployments: o.change_failure_rate.total,
          rate_percent: o.change_failure_rate.rate * 100,
          band: o.change_failure_rate.band,
          band_meaning: route.thresholds.change_failure_rate[o.change_failure_rate.band],
        },
        time_to_restore: {
          recoveries: o.recovery_time.samples,
          median_seconds: o.recovery_time.median_seconds,
          p90_seconds: o.recovery_time.p90_seconds,
          unrecovered_failures: o.recovery_time.unrecovered,
          band: o.recovery_time.band,
          band_meaning: o.recovery_time.band === null ? null : route.thresholds.recovery_time[o.recovery_time.band],
        },
        lead_time_for_changes: {
          samples: o.lead_time.samples,
          median_seconds: o.lead_time.median_seconds,
          p90_seconds: o.lead_time.p90_seconds,
          basis: o.lead_time.basis,
          band: o.lead_time.band,
          band_meaning: o.lead_time.band === null ? null : route.thresholds.lead_time[o.lead_time.band],
        },
        deployment_duration: o.deployment_duration,
        bands_source: route.thresholds.source,
      });
      // The log's numbers: three prod successes and one failure in the week.
      expect(out.deployment_frequency.successful_deployments).toBe(3);
      expect(out.change_failure_rate).toMatchObject({ failed_changes: 1, total_deployments: 4, rate_percent: 25 });
      expect(out.time_to_restore.unrecovered_failures).toBe(1);
      expect(out.environments).toEqual(['prod', 'production']);
    });

    it('resolves a catalog entity to its service, and takes one environment', async () => {
      const byService = await output(state.api, 'get-dora-metrics', { service: 'checkout', ...period });
      const byEntity = await output(state.api, 'get-dora-metrics', {
        entityRef: 'Component:default/Checkout-Web',
        ...period,
      });
      expect(byEntity).toEqual(byService);
      const staging = await output(state.api, 'get-dora-metrics', {
        entityRef: 'checkout-web',
        environment: 'staging',
        ...period,
      });
      expect(staging.environments).toEqual(['staging']);
      expect(staging.deployment_frequency.successful_deployments).toBe(1);
    });

    it('defaults to the last 30 days', async () => {
      const before = Date.now();
      const out = await output(state.api, 'get-dora-metrics', { service: 'checkout' });
      const to = Date.parse(out.to);
      expect(to).toBeGreaterThanOrEqual(before - 1000);
      expect(to).toBeLessThanOrEqual(Date.now());
      expect(to - Date.parse(out.from)).toBe(30 * 86_400_000);
      expect(out.period_days).toBe(30);
    });

    it('takes a period longer than 400 days', async () => {
      const out = await output(state.api, 'get-dora-metrics', {
        service: 'checkout',
        from: '2024-01-01T00:00:00Z',
        to: '2026-02-01T00:00:00Z',
      });
      expect(out.deployment_frequency.successful_deployments).toBe(3);
    });

    it('answers 400 for bad input with the rules of GET /metrics', async () => {
      const cases: Array<[unknown, string]> = [
        [{}, "Give exactly one of 'service' and 'entityRef'"],
        [{ service: 'checkout', entityRef: 'component:default/checkout-web' }, "Give exactly one of 'service' and 'entityRef'"],
        [{ service: 'checkout', from: 'yesterday' }, "'from' must be an RFC 3339 timestamp"],
        [{ service: 'checkout', from: period.to, to: period.from }, "'from' must be before 'to'"],
        [{ entityRef: 'component:' }, 'is not an entity ref'],
        [{ service: 42 }, 'Invalid input to action'],
      ];
      for (const [input, message] of cases) {
        const res = await failure(state.api, 'get-dora-metrics', input);
        expect([JSON.stringify(input), res.status, res.name]).toEqual([JSON.stringify(input), 400, 'InputError']);
        expect(res.message).toContain(message);
      }
    });

    it('answers 404 for an unknown service or an entity linked to no deployed service', async () => {
      const service = await failure(state.api, 'get-dora-metrics', { service: 'nope' });
      expect(service).toMatchObject({ status: 404, name: 'NotFoundError' });
      const entity = await failure(state.api, 'get-dora-metrics', { entityRef: 'component:default/nope' });
      expect(entity).toMatchObject({ status: 404, name: 'NotFoundError' });
      expect(entity.message).toContain("No deployed service is linked to the catalog entity 'component:default/nope'");
    });
  });

  it('answers 401 to the list and every action without Backstage credentials', async () => {
    const input = { service: 'checkout', environment: 'prod' };
    const list = (headers: Record<string, string>) => fetch(`${state.api.baseUrl}${ACTIONS}`, { headers });
    const answers = [
      (await list({})).status,
      (await list({ 'X-Api-Key': TEST_API_KEY })).status,
      (await list({ Authorization: 'Bearer forged' })).status,
      ...(await Promise.all(
        ['get-deployment-status', 'find-version', 'get-dora-metrics'].map(async action => {
          const res = await failure(state.api, action, input, {});
          expect(res.name).toBe('AuthenticationError');
          return res.status;
        }),
      )),
      (await failure(state.api, 'get-deployment-status', input, { 'X-Api-Key': TEST_API_KEY })).status,
      (await failure(state.api, 'get-deployment-status', input, { Authorization: 'Bearer forged' })).status,
    ];
    expect(answers).toEqual([401, 401, 401, 401, 401, 401, 401, 401]);
  });
});

describe.each(databases.eachSupportedId())('actions under a deny policy on %s', id => {
  const state = useDeploymentsBackend(databases, id, {
    services: [mockServices.permissions.factory({ result: AuthorizeResult.DENY })],
  });

  it('answers 403 from every action before reading anything', async () => {
    await state.api.seed(eventInput());
    const inputs: Array<[string, unknown]> = [
      ['get-deployment-status', { service: 'checkout', environment: 'prod' }],
      ['find-version', { service: 'checkout', version: '1.0.0' }],
      // An unknown service is 403 too: a denied caller learns nothing, not even what exists.
      ['find-version', { service: 'nope', version: '1.0.0' }],
      ['get-dora-metrics', { service: 'checkout' }],
    ];
    for (const [action, input] of inputs) {
      const res = await failure(state.api, action, input);
      expect([action, res.status, res.name, res.message]).toEqual([
        action,
        403,
        'NotAllowedError',
        'Not allowed: deployments.event.read',
      ]);
    }
  });
});
