import { spawn } from 'child_process';
import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import { parse as parseYaml } from 'yaml';
import { validateDeploymentEventInput } from '@deploydash/plugin-deployments-common';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend, TEST_API_KEY } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

/*
 * docs/ci-recipes.md is tested as users will use it: its first ```sh block
 * (the plain curl recipe) runs verbatim with bash against a real backend, and
 * every script of the other recipes runs with the variables its CI would set.
 */

const RECIPES_PATH = resolvePath(__dirname, '../../../../docs/ci-recipes.md');
const markdown = readFileSync(RECIPES_PATH, 'utf8');

interface CodeBlock {
  lang: string;
  code: string;
  /** The `## ` heading the block is under. */
  section: string;
}

function codeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let section = '';
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    if (open) {
      if (/^```\s*$/.test(line)) {
        blocks.push({ lang: open.lang, code: `${open.lines.join('\n')}\n`, section });
        open = undefined;
      } else {
        open.lines.push(line);
      }
    } else if (line.startsWith('```')) {
      open = { lang: line.slice(3).trim(), lines: [] };
    } else if (line.startsWith('## ')) {
      section = line.slice(3).trim();
    }
  }
  if (open) throw new Error('Unclosed code block in ci-recipes.md');
  return blocks;
}

const blocks = codeBlocks(markdown);
const inSection = (section: string) => blocks.filter(b => b.section === section);

/** Runs a script with bash (never blocking the event loop: the backend runs in this process). */
function runBash(script: string, env: Record<string, string>, shell = 'bash') {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(shell, ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}

/** Groovy processes backslash escapes even in '''-strings; the shell sees the result. */
function groovyString(text: string): string {
  const simple: Record<string, string> = {
    '\\': '\\', "'": "'", '"': '"', $: '$', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f',
  };
  return text.replace(/\\(\r?\n|.)/g, (_match, c: string) => {
    if (c === '\n' || c === '\r\n') return '';
    if (c in simple) return simple[c];
    throw new Error(`Invalid Groovy escape \\${c}`);
  });
}

/** Every string in a parsed YAML document that is a script posting to the API. */
function yamlScripts(doc: unknown): string[] {
  if (typeof doc === 'string') return doc.includes('/api/deployments') ? [doc] : [];
  if (Array.isArray(doc)) return doc.flatMap(yamlScripts);
  if (doc && typeof doc === 'object') return Object.values(doc).flatMap(yamlScripts);
  return [];
}

/** Keys of every `env:` and `variables:` map in a parsed YAML document. */
function yamlVariables(doc: unknown): string[] {
  if (Array.isArray(doc)) return doc.flatMap(yamlVariables);
  if (!doc || typeof doc !== 'object') return [];
  return Object.entries(doc).flatMap(([key, value]) => [
    ...((key === 'env' || key === 'variables') && value && typeof value === 'object' && !Array.isArray(value)
      ? Object.keys(value)
      : []),
    ...yamlVariables(value),
  ]);
}

/** Shell variables a script reads but does not assign itself. */
function variablesRead(script: string): string[] {
  const assigned = new Set([...script.matchAll(/(?:^|[\s;])([A-Za-z_]\w*)=/g)].map(m => m[1]));
  const read = [...script.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map(m => m[1]);
  return [...new Set(read)].filter(name => !assigned.has(name));
}

interface Recipe {
  section: string;
  scripts: string[];
  /** Variables the recipe defines or its CI provides. */
  defined: string[];
  /** CI-side outcome variables and the status they must be reported as. */
  outcomes: Array<{ env: Record<string, string>; status: string }>;
}

function recipe(section: string): Recipe {
  const sectionBlocks = inSection(section);
  if (sectionBlocks.length !== 1) throw new Error(`Expected one code block under '## ${section}'`);
  const { lang, code } = sectionBlocks[0];
  if (lang === 'groovy') {
    const scripts = [...code.matchAll(/\bsh\s+'''([\s\S]*?)'''/g)]
      .map(m => groovyString(m[1]))
      .filter(s => s.includes('/api/deployments'));
    const environment = /environment\s*\{\n([\s\S]*?)\n\s*\}/.exec(code)?.[1] ?? '';
    return {
      section,
      scripts,
      defined: [
        ...[...environment.matchAll(/^\s*([A-Z_]+)\s*=/gm)].map(m => m[1]),
        ...[...code.matchAll(/withEnv\(\["([A-Z_]+)=/g)].map(m => m[1]),
        // Set by Jenkins (GIT_* by the git plugin on checkout).
        'BUILD_URL', 'BUILD_NUMBER', 'GIT_COMMIT', 'GIT_BRANCH',
      ],
      outcomes: ['in-progress', 'success', 'failure'].map(status => ({ env: { STATUS: status }, status })),
    };
  }
  expect(lang).toBe('yaml');
  const doc = parseYaml(code);
  const provided: Record<string, string[]> = {
    'GitHub Actions': [],
    // CI/CD settings and GitLab's predefined variables.
    'GitLab CI': ['DASHBOARD_URL', 'DEPLOYMENTS_API_KEY', 'CI_JOB_STATUS'],
    // A non-secret pipeline variable from the pipeline settings.
    'Azure DevOps': ['DASHBOARD_URL'],
  };
  const outcomes: Record<string, Array<[Record<string, string>, string]>> = {
    'GitHub Actions': [
      [{ JOB_STATUS: 'success' }, 'success'],
      [{ JOB_STATUS: 'failure' }, 'failure'],
      [{ JOB_STATUS: 'cancelled' }, 'failure'],
    ],
    'GitLab CI': [
      [{ CI_JOB_STATUS: 'success' }, 'success'],
      [{ CI_JOB_STATUS: 'failed' }, 'failure'],
      [{ CI_JOB_STATUS: 'canceled' }, 'failure'],
    ],
    'Azure DevOps': [
      [{ JOB_STATUS: 'Succeeded' }, 'success'],
      [{ JOB_STATUS: 'SucceededWithIssues' }, 'success'],
      [{ JOB_STATUS: 'Failed' }, 'failure'],
      [{ JOB_STATUS: 'Canceled' }, 'failure'],
    ],
  };
  return {
    section,
    scripts: yamlScripts(doc),
    defined: [...yamlVariables(doc), ...provided[section]],
    outcomes: outcomes[section].map(([env, status]) => ({ env, status })),
  };
}

const CI_SECTIONS = ['GitHub Actions', 'GitLab CI', 'Azure DevOps', 'Jenkins'];

const databases = createTestDatabases();

describe('docs/ci-recipes.md', () => {
  let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;
  let dashboardUrl: string;
  let runs = 0;

  const baseEnv = () => ({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    DASHBOARD_URL: dashboardUrl,
    DEPLOYMENTS_API_KEY: TEST_API_KEY,
  });

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

  const eventsOf = async (deploymentId: string) => {
    const res = await api.get(`?deployment_id=${encodeURIComponent(deploymentId)}`);
    expect(res.status).toBe(200);
    return (await res.json()).items;
  };

  beforeAll(async () => {
    api = await startDeploymentsBackend({ knex: await databases.init('SQLITE_3') });
    dashboardUrl = api.baseUrl.replace(/\/api\/deployments$/, '');
  });
  afterAll(() => api.backend.stop());

  describe('the plain curl recipe (the first ```sh block)', () => {
    const first = blocks.find(b => b.lang === 'sh');

    it('is a literal curl POST with the key and JSON content type', () => {
      expect(first?.section).toBe('Plain curl');
      expect(first!.code).toContain('curl -fsS -X POST "$DASHBOARD_URL/api/deployments"');
      expect(first!.code).toContain('-H "X-Api-Key: $DEPLOYMENTS_API_KEY"');
      expect(first!.code).toContain('-H "Content-Type: application/json"');
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

    it('fails loudly (curl -f) with a wrong key', async () => {
      const result = await runBash(first!.code, { ...baseEnv(), DEPLOYMENTS_API_KEY: 'wrong' });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('401');
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
      for (const status of ['in-progress', 'success']) {
        const result = await runBash(`${definition!.code}\nnotify_deploy ${status}`, env);
        expect(result).toMatchObject({ code: 0, stderr: '' });
      }
      const events = await eventsOf('notify-dev-1');
      expect(events.map((e: { status: string }) => e.status)).toEqual(['success', 'in-progress']);
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
      const result = await runBash(`${definition!.code}\nnotify_deploy failure`, env);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const [event] = await eventsOf('notify-qa-1');
      expect(event).toMatchObject({ status: 'failure', run_number: null, actor: null, parent_deployments: [] });
    });
  });

  describe.each(CI_SECTIONS)('the %s recipe', section => {
    const { scripts, defined, outcomes } = recipe(section);

    it('posts from a script at the start and at the end', () => {
      expect(scripts.length).toBeGreaterThanOrEqual(1);
      for (const script of scripts) {
        expect(script).toContain('curl -fsS -X POST "$DASHBOARD_URL/api/deployments"');
        expect(script).toContain('-H "X-Api-Key: $DEPLOYMENTS_API_KEY"');
        expect(script).toContain('-H "Content-Type: application/json"');
      }
    });

    it('defines every variable its scripts read', () => {
      for (const script of scripts) {
        expect(variablesRead(script).filter(name => !defined.includes(name))).toEqual([]);
      }
    });

    it('sends valid JSON that the backend stores, with the right status for every outcome', async () => {
      for (const script of scripts) {
        const fixed = /\\"status\\":\\"in-progress\\"/.test(script);
        for (const outcome of fixed ? outcomes.slice(0, 1) : outcomes) {
          const deploymentId = `recipe-${(runs += 1)}`;
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
            status: fixed ? 'in-progress' : outcome.status,
            run_number: 99,
          });
        }
      }
    });
  });

  it('GitHub Actions reports the result with if: always() and job.status', () => {
    const workflow = parseYaml(inSection('GitHub Actions')[0].code);
    const steps: Array<Record<string, any>> = workflow.jobs.deploy.steps;
    const last = steps[steps.length - 1];
    expect(last.if).toBe('always()');
    expect(last.env.JOB_STATUS).toBe('${{ job.status }}');
    expect(steps[0].run).toContain('in-progress');
    expect(workflow.jobs.deploy.env).toMatchObject({
      DASHBOARD_URL: '${{ secrets.DASHBOARD_URL }}',
      DEPLOYMENTS_API_KEY: '${{ secrets.DEPLOYMENTS_API_KEY }}',
      RUN_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}',
    });
  });

  it('GitLab CI reports from before_script and after_script', () => {
    const pipeline = parseYaml(inSection('GitLab CI')[0].code);
    const job = Object.values<Record<string, string[]>>(pipeline)[0];
    expect(job.before_script.join('\n')).toContain('in-progress');
    expect(job.after_script.join('\n')).toContain('CI_JOB_STATUS');
  });

  it('Azure DevOps reports the result with condition: always() and Agent.JobStatus', () => {
    const pipeline = parseYaml(inSection('Azure DevOps')[0].code);
    const last = pipeline.steps[pipeline.steps.length - 1];
    expect(last.condition).toBe('always()');
    expect(last.env.JOB_STATUS).toBe('$(Agent.JobStatus)');
  });

  it('Jenkins reports in post { success / failure }', () => {
    const jenkinsfile = inSection('Jenkins')[0].code;
    expect(jenkinsfile).toMatch(/notifyDeploy\('in-progress'\)/);
    expect(jenkinsfile).toMatch(/post\s*\{\s*success\s*\{\s*notifyDeploy\('success'\)/);
    expect(jenkinsfile).toMatch(/failure\s*\{\s*notifyDeploy\('failure'\)/);
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
