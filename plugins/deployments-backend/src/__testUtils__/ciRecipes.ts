import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import { parse as parseYaml } from 'yaml';

/*
 * The recipes of docs/ci-recipes.md as its tests need them: its code blocks
 * by section, and for each CI system the scripts that post to the API, the
 * variables the recipe or its CI defines, and the outcomes it reports.
 */

const RECIPES_PATH = resolvePath(__dirname, '../../../../docs/ci-recipes.md');
const markdown = readFileSync(RECIPES_PATH, 'utf8');

export interface CodeBlock {
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

export const blocks = codeBlocks(markdown);
export const inSection = (section: string) => blocks.filter(b => b.section === section);

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
export function yamlScripts(doc: unknown): string[] {
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
export function variablesRead(script: string): string[] {
  const assigned = new Set([...script.matchAll(/(?:^|[\s;])([A-Za-z_]\w*)=/g)].map(m => m[1]));
  const read = [...script.matchAll(/\$\{?([A-Za-z_]\w*)/g)].map(m => m[1]);
  return [...new Set(read)].filter(name => !assigned.has(name));
}

export interface Recipe {
  section: string;
  scripts: string[];
  /** Variables the recipe defines or its CI provides. */
  defined: string[];
  /** CI-side outcome variables and the status they must be reported as. */
  outcomes: Array<{ env: Record<string, string>; status: string }>;
  /** The outcome variables of a cancelled run, in the CI system's own spelling. */
  cancelled: Record<string, string>;
}

/** The recipe's result variables as its CI sets them, and the status each must be posted as. */
const OUTCOMES: Record<string, Array<[Record<string, string>, string]>> = {
  'GitHub Actions': [
    [{ JOB_STATUS: 'success' }, 'success'],
    [{ JOB_STATUS: 'failure' }, 'failure'],
    [{ JOB_STATUS: 'cancelled' }, 'cancelled'],
  ],
  'GitLab CI': [
    [{ CI_JOB_STATUS: 'success' }, 'success'],
    [{ CI_JOB_STATUS: 'failed' }, 'failure'],
    [{ CI_JOB_STATUS: 'canceled' }, 'cancelled'],
  ],
  'Azure DevOps': [
    [{ JOB_STATUS: 'Succeeded' }, 'success'],
    [{ JOB_STATUS: 'SucceededWithIssues' }, 'success'],
    [{ JOB_STATUS: 'Failed' }, 'failure'],
    [{ JOB_STATUS: 'Canceled' }, 'cancelled'],
  ],
  // notifyDeploy's argument: IN_PROGRESS, WAITING or currentBuild.currentResult.
  Jenkins: [
    [{ DEPLOY_RESULT: 'IN_PROGRESS' }, 'in-progress'],
    [{ DEPLOY_RESULT: 'WAITING' }, 'waiting'],
    [{ DEPLOY_RESULT: 'SUCCESS' }, 'success'],
    [{ DEPLOY_RESULT: 'FAILURE' }, 'failure'],
    [{ DEPLOY_RESULT: 'UNSTABLE' }, 'failure'],
    [{ DEPLOY_RESULT: 'NOT_BUILT' }, 'failure'],
    [{ DEPLOY_RESULT: 'ABORTED' }, 'cancelled'],
  ],
};

function outcomesOf(section: string) {
  const outcomes = OUTCOMES[section].map(([env, status]) => ({ env, status }));
  const cancelled = outcomes.find(o => o.status === 'cancelled');
  if (!cancelled) throw new Error(`No cancelled outcome for ${section}`);
  return { outcomes, cancelled: cancelled.env };
}

export function recipe(section: string): Recipe {
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
      ...outcomesOf(section),
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
  return {
    section,
    scripts: yamlScripts(doc),
    defined: [...yamlVariables(doc), ...provided[section]],
    ...outcomesOf(section),
  };
}

export const CI_SECTIONS = ['GitHub Actions', 'GitLab CI', 'Azure DevOps', 'Jenkins'];

export const APPROVALS_SECTION = 'Approvals and queues (`queued` and `waiting`)';

/** The `DEPLOYMENT_ID` values a code block declares (YAML `KEY: value`, Groovy `KEY = "value"`). */
export const declaredDeploymentIds = (code: string) =>
  [...code.matchAll(/\bDEPLOYMENT_ID(?::|\s*=)[ \t]*([^\n]+)/g)].map(m => m[1].trim().replace(/^"(.*)"$/, '$1'));

/**
 * The JSON document at the end of curl's output after a retry: with
 * `--fail-with-body` curl prints every attempt's body, so a retried post's
 * stdout is the failed attempt's body (a proxy's text) and then the answer.
 */
export function jsonAfterNoise(text: string) {
  const start = text.indexOf('{');
  if (start < 0) throw new Error(`No JSON in ${text}`);
  return JSON.parse(text.slice(start));
}
