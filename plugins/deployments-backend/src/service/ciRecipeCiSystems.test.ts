import { parse as parseYaml } from 'yaml';
import { validateDeploymentEventInput } from '@deploydash/plugin-deployments-common';
import {
  APPROVALS_SECTION,
  CI_SECTIONS,
  declaredDeploymentIds,
  inSection,
  jsonAfterNoise,
  recipe,
  variablesRead,
  yamlScripts,
} from '../__testUtils__/ciRecipes';
import { runBash, startLossyProxy, useRecipeBackend } from '../__testUtils__/recipeBackend';

jest.setTimeout(60_000);

/*
 * Every script of the CI systems' recipes in docs/ci-recipes.md runs with
 * bash against a real backend, with the variables its CI would set. The
 * plain shell recipes are run by ciRecipeShell.test.ts.
 */

/** Transient failures only: refused connections, timeouts, 408/429/5xx (docs/ci-recipes.md, Retries). */
const CURL = 'curl -sS --fail-with-body --retry 5 --retry-connrefused --retry-max-time 60';

describe('docs/ci-recipes.md', () => {
  const { baseEnv, eventsOf, dashboardUrl, get } = useRecipeBackend();
  let runs = 0;
  const nextId = () => `recipe-${(runs += 1)}`;

  /** Values the CI systems (or the recipes' own env blocks) would provide. */
  const ciEnv = (deploymentId: string) => ({
    ...baseEnv(),
    SERVICE: 'recipes',
    ENVIRONMENT: 'staging',
    VERSION: '1.4.0',
    DEPLOYMENT_ID: deploymentId,
    RUN_URL: 'https://ci.example.com/acme/checkout/runs/99',
    RUN_NUMBER: '99',
    ACTOR: 'octocat',
    REF: 'refs/heads/main',
    SHA: 'a'.repeat(40),
    BUILD_URL: 'https://jenkins.example.com/job/checkout/99/',
    BUILD_NUMBER: '99',
    GIT_COMMIT: 'b'.repeat(40),
    GIT_BRANCH: 'origin/main',
  });

  /** Posts a literal `in-progress` (the start); the others post the outcome. */
  const isStart = (script: string) => /\\"status\\":\\"in-progress\\"/.test(script);

  describe.each(CI_SECTIONS)('the %s recipe', section => {
    const { scripts, defined, outcomes, cancelled } = recipe(section);
    const [code] = inSection(section).map(b => b.code);
    const startScript = scripts.find(isStart);
    const endScript = scripts.find(s => !isStart(s))!;

    it('posts with --fail-with-body, retries, the time of the post and an Idempotency-Key', () => {
      expect(scripts.length).toBeGreaterThanOrEqual(1);
      expect(endScript).toBeDefined();
      for (const script of scripts) {
        expect(script).toContain(CURL);
        expect(script).toContain('-X POST "$DASHBOARD_URL/api/deployments"');
        expect(script).toContain('-H "X-Api-Key: $DEPLOYMENTS_API_KEY"');
        expect(script).toContain('-H "Content-Type: application/json"');
        expect(script).toContain('NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)');
        expect(script).toContain('\\"happened_at\\":\\"$NOW\\"');
        expect(script).toMatch(/-H "Idempotency-Key: \$DEPLOYMENT_ID-(in-progress|\$STATUS)-\$NOW"/);
        expect(script).not.toMatch(/curl -f|--retry-all-errors/);
      }
    });

    it('has one deployment_id per run, from the CI run, never a timestamp', () => {
      const ids = declaredDeploymentIds(code);
      expect(ids).toHaveLength(1);
      expect(ids[0]).toMatch(/run_id|CI_PIPELINE_ID|Build\.BuildId|BUILD_NUMBER/);
      expect(ids[0]).not.toMatch(/date|time|NOW/i);
    });

    it('defines every variable its scripts read', () => {
      for (const script of scripts) {
        expect(variablesRead(script).filter(name => !defined.includes(name))).toEqual([]);
      }
    });

    it('sends valid JSON that the backend stores, with the right status for every outcome', async () => {
      for (const script of scripts) {
        for (const outcome of isStart(script) ? outcomes.slice(0, 1) : outcomes) {
          const deploymentId = nextId();
          const env = { ...ciEnv(deploymentId), ...outcome.env };
          const result = await runBash(`set -euo pipefail\n${script}`, env);
          expect({ script, ...result }).toMatchObject({ code: 0, stderr: '' });
          const events = await eventsOf(deploymentId);
          expect(events).toHaveLength(1);
          expect(JSON.parse(result.stdout)).toEqual(events[0]);
          expect(events[0]).toMatchObject({
            deployment_id: deploymentId,
            service: 'recipes',
            environment: 'staging',
            status: isStart(script) ? 'in-progress' : outcome.status,
            run_number: 99,
          });
          expect(Date.now() - Date.parse(events[0].happened_at)).toBeLessThan(60_000);
        }
      }
    });

    it(`reports a cancelled run as cancelled (${JSON.stringify(cancelled)}), each post stored once although its answer was lost`, async () => {
      const proxy = await startLossyProxy(dashboardUrl);
      try {
        const deploymentId = nextId();
        const env = { ...ciEnv(deploymentId), DASHBOARD_URL: proxy.url };
        const posts = startScript
          ? [{ script: startScript, env }, { script: endScript, env: { ...env, ...cancelled } }]
          : [
              { script: endScript, env: { ...env, DEPLOY_RESULT: 'IN_PROGRESS' } },
              { script: endScript, env: { ...env, ...cancelled } },
            ];
        for (const { script, env: postEnv } of posts) {
          const result = await runBash(`set -euo pipefail\n${script}`, postEnv);
          expect({ script, ...result }).toMatchObject({ code: 0 });
          // curl got a 502 once (the answer was lost after the event was stored),
          // retried, and got the first answer again.
          expect(result.stderr).toContain('(22) The requested URL returned error: 502');
          expect(jsonAfterNoise(result.stdout)).toMatchObject({ deployment_id: deploymentId });
        }
        const events = await eventsOf(deploymentId);
        expect(events.map((e: { status: string }) => e.status)).toEqual(['cancelled', 'in-progress']);
        expect(proxy.attempts.map(a => [a.status, a.replayed, a.lost])).toEqual([
          [201, null, true],
          [201, 'true', false],
          [201, null, true],
          [201, 'true', false],
        ]);
        expect(new Set(proxy.attempts.map(a => a.key)).size).toBe(2);

        const run = (await (await get(`/runs?service=recipes&status=cancelled`)).json()).items.find(
          (r: { deployment_id: string }) => r.deployment_id === deploymentId,
        );
        expect(run).toMatchObject({ status: 'cancelled', events: [{ status: 'in-progress' }, { status: 'cancelled' }] });
        expect(run.finished_at).not.toBeNull();
      } finally {
        await proxy.close();
      }
    });
  });

  it(
    "a 422 fails the step at once and prints the problem with the field's message (--fail-with-body), in every CI system",
    async () => {
      const invalid = validateDeploymentEventInput({
        deployment_id: 'x',
        service: 'recipes',
        environment: 'e'.repeat(65),
        status: 'success',
        happened_at: new Date().toISOString(),
      });
      const message = !invalid.ok && invalid.errors.find(e => e.field === 'environment')?.message;
      expect(message).toEqual(expect.any(String));
      const started = Date.now();
      await Promise.all(
        CI_SECTIONS.map(async section => {
          const { scripts, outcomes } = recipe(section);
          const script = scripts.find(s => !isStart(s))!;
          const deploymentId = nextId();
          const env = { ...ciEnv(deploymentId), ...outcomes[0].env, ENVIRONMENT: 'e'.repeat(65) };
          const result = await runBash(`set -euo pipefail\n${script}`, env);
          expect({ section, code: result.code }).toEqual({ section, code: 22 });
          expect(result.stderr).toContain('error: 422');
          // Printed once (not retried), and naming what is wrong with the field.
          const problem = JSON.parse(result.stdout);
          expect(problem).toMatchObject({ status: 422, errors: [{ field: 'environment', message }] });
          expect(result.stdout).toContain(JSON.stringify(message));
          expect(await eventsOf(deploymentId)).toEqual([]);
        }),
      );
      expect(Date.now() - started).toBeLessThan(20_000);
    },
    120_000,
  );

  it('GitHub Actions reports the result with if: always() and job.status, cancelled as cancelled', () => {
    const workflow = parseYaml(inSection('GitHub Actions')[0].code);
    const steps: Array<Record<string, any>> = workflow.jobs.deploy.steps;
    const last = steps[steps.length - 1];
    expect(last.if).toBe('always()');
    expect(last.env.JOB_STATUS).toBe('${{ job.status }}');
    expect(last.run).toContain('cancelled) STATUS=cancelled ;;');
    expect(steps[0].run).toContain('in-progress');
    expect(workflow.jobs.deploy.env).toMatchObject({
      DASHBOARD_URL: '${{ secrets.DASHBOARD_URL }}',
      DEPLOYMENTS_API_KEY: '${{ secrets.DEPLOYMENTS_API_KEY }}',
      DEPLOYMENT_ID: 'checkout-staging-${{ github.run_id }}-${{ github.run_attempt }}',
      RUN_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}',
    });
  });

  it("GitLab CI reports from before_script and after_script, GitLab's canceled as cancelled", () => {
    const pipeline = parseYaml(inSection('GitLab CI')[0].code);
    const job = Object.values<Record<string, string[]>>(pipeline)[0];
    expect(job.before_script.join('\n')).toContain('in-progress');
    expect(job.after_script.join('\n')).toContain('case "$CI_JOB_STATUS" in');
    expect(job.after_script.join('\n')).toContain('canceled) STATUS=cancelled ;;');
  });

  it("Azure DevOps reports the result with condition: always() and Agent.JobStatus, Canceled as cancelled", () => {
    const pipeline = parseYaml(inSection('Azure DevOps')[0].code);
    const last = pipeline.steps[pipeline.steps.length - 1];
    expect(last.condition).toBe('always()');
    expect(last.env.JOB_STATUS).toBe('$(Agent.JobStatus)');
    expect(last.bash).toContain('Canceled) STATUS=cancelled ;;');
  });

  it('Jenkins reports in post { always } with currentBuild.currentResult', () => {
    const jenkinsfile = inSection('Jenkins')[0].code;
    expect(jenkinsfile).toMatch(/notifyDeploy\('IN_PROGRESS'\)\s*sh '\.\/deploy\.sh staging'/);
    expect(jenkinsfile).toMatch(/post\s*\{\s*always\s*\{\s*notifyDeploy\(currentBuild\.currentResult\)\s*\}\s*\}/);
  });

  describe('approvals', () => {
    const approvalBlocks = inSection(APPROVALS_SECTION);

    it('Jenkins posts waiting before the input step and in-progress after it', () => {
      const [jenkinsfile] = approvalBlocks.filter(b => b.lang === 'groovy').map(b => b.code);
      expect(jenkinsfile).toMatch(
        /notifyDeploy\('WAITING'\)\s*input message: [^\n]+\s*\}\s*\}\s*stage\('Deploy'\) \{\s*steps \{\s*notifyDeploy\('IN_PROGRESS'\)/,
      );
      expect(jenkinsfile).toMatch(/post\s*\{\s*always\s*\{\s*notifyDeploy\(currentBuild\.currentResult\)/);
      expect(declaredDeploymentIds(jenkinsfile)).toEqual(['checkout-prod-${env.BUILD_NUMBER}']);
    });

    it.each([
      ['GitLab CI', 0],
      ['Azure DevOps', 1],
    ])(
      '%s: the step before the gate posts waiting for the gated run, which the recipe then starts',
      async (section, index) => {
        const block = approvalBlocks.filter(b => b.lang === 'yaml')[index];
        const [script] = yamlScripts(parseYaml(block.code));
        const recipeId = declaredDeploymentIds(inSection(section)[0].code)[0];
        expect(declaredDeploymentIds(block.code)).toEqual([recipeId.replace('-staging-', '-prod-')]);
        expect(script).toContain(CURL);
        expect(script).toContain('-H "Idempotency-Key: $DEPLOYMENT_ID-waiting-$NOW"');

        const deploymentId = nextId();
        const env = { ...ciEnv(deploymentId), ENVIRONMENT: 'prod' };
        const waiting = await runBash(`set -euo pipefail\n${script}`, env);
        expect(waiting).toMatchObject({ code: 0, stderr: '' });
        const start = recipe(section).scripts.find(isStart)!;
        expect(await runBash(`set -euo pipefail\n${start}`, env)).toMatchObject({ code: 0, stderr: '' });
        const events = await eventsOf(deploymentId);
        expect(events.map((e: { status: string; environment: string }) => [e.status, e.environment])).toEqual([
          ['in-progress', 'prod'],
          ['waiting', 'prod'],
        ]);
      },
    );
  });
});
