import { validateDeploymentEventInput } from '@deploydash/plugin-deployments-common';
import { blocks, inSection, jsonAfterNoise } from '../__testUtils__/ciRecipes';
import { runBash, startLossyProxy, useRecipeBackend } from '../__testUtils__/recipeBackend';

jest.setTimeout(60_000);

/*
 * docs/ci-recipes.md is tested as users will use it: its first ```sh block
 * (the plain curl recipe) runs verbatim with bash against a real backend, as
 * do notify_deploy and the promotion example. The recipes of the CI systems
 * are run by ciRecipeCiSystems.test.ts.
 */

describe('docs/ci-recipes.md', () => {
  const api = useRecipeBackend();
  const { baseEnv, eventsOf, dashboardUrl } = api;

  describe('the plain curl recipe (the first ```sh block)', () => {
    const first = blocks.find(b => b.lang === 'sh');

    it('is a literal curl POST with the key, JSON content type, transient-only retries and an Idempotency-Key', () => {
      expect(first?.section).toBe('Plain curl');
      expect(first!.code).toContain(
        'curl -sS --fail-with-body --retry 5 --retry-connrefused --retry-max-time 60 \\\n  -X POST "$DASHBOARD_URL/api/deployments"',
      );
      expect(first!.code).not.toMatch(/curl -f|--retry-all-errors/);
      expect(first!.code).toContain('-H "X-Api-Key: $DEPLOYMENTS_API_KEY"');
      expect(first!.code).toContain('-H "Content-Type: application/json"');
      expect(first!.code).toContain('-H "Idempotency-Key: $DEPLOYMENT_ID-$STATUS-$NOW"');
      expect(first!.code).toContain('NOW="$(date -u +%Y-%m-%dT%H:%M:%SZ)"');
      // One id for the start and the end post of a run: never a timestamp.
      expect(first!.code).toContain('DEPLOYMENT_ID="${DEPLOYMENT_ID:-$SERVICE-$ENVIRONMENT-$VERSION}"');
    });

    it.each(['bash', 'sh'])(
      'runs verbatim with %s given only DASHBOARD_URL and DEPLOYMENTS_API_KEY; the event is in the matrix',
      async shell => {
        const result = await runBash(first!.code, baseEnv(), shell);
        expect(result).toMatchObject({ code: 0, stderr: '' });
        const posted = JSON.parse(result.stdout);
        expect(posted).toMatchObject({ service: 'checkout', environment: 'staging', status: 'success', version: '1.0.0' });

        const matrix = await (await api.get('/matrix')).json();
        const checkout = matrix.services.find((s: { service: string }) => s.service === 'checkout');
        expect(checkout.slots.staging.current).toEqual(posted);
        expect(checkout.slots.staging.last_successful).toEqual(posted);
      },
    );

    it('uses SERVICE, ENVIRONMENT, STATUS, VERSION and DEPLOYMENT_ID when set', async () => {
      const env = {
        ...baseEnv(),
        SERVICE: 'payments',
        ENVIRONMENT: 'prod',
        STATUS: 'failure',
        VERSION: '2.0.0',
        DEPLOYMENT_ID: 'payments-prod-7',
      };
      const result = await runBash(first!.code, env);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const matrix = await (await api.get('/matrix?service=payments')).json();
      expect(matrix.services[0].slots.prod.current).toMatchObject({
        deployment_id: 'payments-prod-7',
        status: 'failure',
        version: '2.0.0',
      });
    });

    it('posts the start and the end of one run, cancelled included, with the same deployment_id', async () => {
      const env = { ...baseEnv(), SERVICE: 'plain', ENVIRONMENT: 'prod', DEPLOYMENT_ID: 'plain-prod-31' };
      for (const status of ['in-progress', 'cancelled']) {
        expect(await runBash(first!.code, { ...env, STATUS: status }, 'sh')).toMatchObject({ code: 0, stderr: '' });
      }
      const run = (await (await api.get('/runs?service=plain')).json()).items[0];
      expect(run).toMatchObject({ deployment_id: 'plain-prod-31', status: 'cancelled' });
      expect(run.events.map((e: { status: string }) => e.status)).toEqual(['in-progress', 'cancelled']);
      expect(run.finished_at).not.toBeNull();
    });

    it('stores a post once when curl retries it after a 502 that lost the answer (Idempotency-Key)', async () => {
      const proxy = await startLossyProxy(dashboardUrl);
      try {
        const env = { ...baseEnv(), DASHBOARD_URL: proxy.url, SERVICE: 'retried', DEPLOYMENT_ID: 'retried-1' };
        const result = await runBash(first!.code, env);
        expect(result.code).toBe(0);
        expect(result.stderr).toContain('(22) The requested URL returned error: 502');
        const events = await eventsOf('retried-1');
        expect(events).toHaveLength(1);
        expect(jsonAfterNoise(result.stdout)).toEqual(events[0]);
        expect(proxy.attempts).toMatchObject([
          { status: 201, replayed: null, lost: true },
          { status: 201, replayed: 'true', lost: false },
        ]);
      } finally {
        await proxy.close();
      }
    });

    it('does not retry a connection cut after the request was sent (exit 52): one attempt, stored once', async () => {
      const proxy = await startLossyProxy(dashboardUrl, 'drop');
      try {
        const env = { ...baseEnv(), DASHBOARD_URL: proxy.url, SERVICE: 'dropped', DEPLOYMENT_ID: 'dropped-1' };
        const result = await runBash(first!.code, env);
        expect(result.code).toBe(52);
        expect(result.stderr).toContain('(52) Empty reply from server');
        expect(proxy.attempts).toMatchObject([{ status: 201, lost: true }]);
        expect(await eventsOf('dropped-1')).toHaveLength(1);
      } finally {
        await proxy.close();
      }
    });

    it('fails at once with a wrong key (401) or an invalid field (422), printing the problem and the field\'s message once', async () => {
      const started = Date.now();
      const [wrongKey, tooLong] = await Promise.all([
        runBash(first!.code, { ...baseEnv(), DEPLOYMENTS_API_KEY: 'wrong' }),
        runBash(first!.code, { ...baseEnv(), SERVICE: 's'.repeat(129), DEPLOYMENT_ID: 'too-long-1' }),
      ]);
      // Not retried: a mistake fails the step in well under curl's first 1 s back-off.
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(wrongKey.code).toBe(22);
      expect(wrongKey.stderr).toContain('401');
      expect(JSON.parse(wrongKey.stdout)).toMatchObject({ status: 401 });
      expect(tooLong.code).toBe(22);
      expect(tooLong.stderr).toContain('error: 422');
      const problem = JSON.parse(tooLong.stdout);
      expect(problem).toMatchObject({ status: 422, errors: [{ field: 'service' }] });
      // The message the validator gives for that field is what the CI log shows.
      const expected = validateDeploymentEventInput({
        deployment_id: 'too-long-1',
        service: 's'.repeat(129),
        environment: 'staging',
        status: 'success',
        version: '1.0.0',
        happened_at: new Date().toISOString(),
      });
      expect(expected.ok).toBe(false);
      const message = !expected.ok && expected.errors.find(e => e.field === 'service')!.message;
      expect(message).toEqual(expect.any(String));
      expect(tooLong.stdout).toContain(JSON.stringify(message));
      expect(await eventsOf('too-long-1')).toEqual([]);
    });

    it('a DEPLOYMENT_ID set once (the snippet after the recipe) makes the start and the end one run', async () => {
      const [setOnce] = inSection('Plain curl').filter(b => b.lang === 'sh').slice(1);
      expect(setOnce.code).toContain('export DEPLOYMENT_ID=');
      const script = `${setOnce.code}\nSERVICE=checkout ENVIRONMENT=staging STATUS=in-progress sh -c '${first!.code.replaceAll("'", "'\\''")}' >/dev/null\nsleep 1\nSERVICE=checkout ENVIRONMENT=staging STATUS=success sh -c '${first!.code.replaceAll("'", "'\\''")}' >/dev/null\necho "$DEPLOYMENT_ID"`;
      const result = await runBash(script, baseEnv());
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const deploymentId = result.stdout.trim();
      expect(deploymentId).toMatch(/^checkout-staging-\d{14}$/);
      const run = (await (await api.get('/runs?service=checkout')).json()).items.find(
        (r: { deployment_id: string }) => r.deployment_id === deploymentId,
      );
      expect(run.events.map((e: { status: string }) => e.status)).toEqual(['in-progress', 'success']);
      expect(run.finished_at).not.toBeNull();
    });
  });

  describe('notify_deploy', () => {
    const definition = blocks.find(b => /^notify_deploy\(\)/m.test(b.code));

    it('posts every field, JSON-escaped, with empty optional values as null', async () => {
      expect(definition).toBeDefined();
      const actor = 'Zoë "the deployer" O\'Brien \\ tab\there\nline two';
      const env = {
        ...baseEnv(),
        SERVICE: 'notify',
        ENVIRONMENT: 'dev',
        DEPLOYMENT_ID: 'notify-dev-1',
        VERSION: '',
        RUN_URL: 'https://ci.example.com/runs/5',
        RUN_NUMBER: '5',
        ACTOR: actor,
        REF: 'refs/tags/v1.0.0',
        SHA: 'c'.repeat(40),
        PARENT_DEPLOYMENTS: 'notify-ci-1,notify-ci-2',
      };
      for (const status of ['queued', 'in-progress', 'success']) {
        const result = await runBash(`${definition!.code}\nnotify_deploy ${status}`, env);
        expect(result).toMatchObject({ code: 0, stderr: '' });
      }
      const events = await eventsOf('notify-dev-1');
      expect(events.map((e: { status: string }) => e.status)).toEqual(['success', 'in-progress', 'queued']);
      expect(events[0]).toMatchObject({
        service: 'notify',
        environment: 'dev',
        version: null,
        run_url: 'https://ci.example.com/runs/5',
        run_number: 5,
        actor,
        ref: 'refs/tags/v1.0.0',
        sha: 'c'.repeat(40),
        parent_deployments: ['notify-ci-1', 'notify-ci-2'],
      });
    });

    it('sends null and [] when only the required values are set', async () => {
      const env = { ...baseEnv(), SERVICE: 'notify', ENVIRONMENT: 'qa', DEPLOYMENT_ID: 'notify-qa-1' };
      const result = await runBash(`${definition!.code}\nnotify_deploy cancelled`, env);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const [event] = await eventsOf('notify-qa-1');
      expect(event).toMatchObject({ status: 'cancelled', run_number: null, actor: null, parent_deployments: [] });
    });
  });

  it('the promotion example links prod to the staging deployment', async () => {
    const definition = blocks.find(b => /^notify_deploy\(\)/m.test(b.code))!;
    const [example] = inSection('Promotions').filter(b => b.lang === 'bash');
    const result = await runBash(`${definition.code}\n${example.code}`, baseEnv());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [prod] = await eventsOf('checkout-prod-4712');
    expect(prod).toMatchObject({ environment: 'prod', parent_deployments: ['checkout-staging-4711'] });
    expect(await eventsOf('checkout-staging-4711')).toHaveLength(1);
  });

  it('every JSON example is a valid ingest body', () => {
    const examples = blocks.filter(b => b.lang === 'json');
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      expect(validateDeploymentEventInput(JSON.parse(example.code))).toMatchObject({ ok: true });
    }
  });
});
