#!/usr/bin/env node
// A fake GitHub Enterprise API for trying the GitHub import locally; see
// docs/github.md. Plain Node, no dependencies:
//
//   node plugins/deployments-backend-module-github/scripts/fake-github.mjs \
//     [--port 7099] [--write data/app-config.fake-github.yaml] [--every 20]
//
// It serves three repositories (acme/storefront and acme/inventory with
// GitHub Deployments, acme/notifier with runs of deploy.yml), a week of
// history, and a new deployment every --every seconds that goes from
// in_progress to success (or failure) a few seconds later. It prints (and
// with --write, saves) the app-config that points Backstage at it.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const port = Number(arg('port', '7099'));
const writeTo = arg('write');
const everySeconds = Number(arg('every', '20'));
const HOST = 'ghe.example.test';

// Ids unique across restarts of this script, as GitHub ids are.
let lastId = Date.now();
const at = ms => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha = () => createHash('sha1').update(String(lastId++)).digest('hex');
const people = ['mona', 'hubot', 'octocat'];

/** repo -> { deployments: [...], statuses: Map<id, [...]>, runs: [...] } */
const repos = {
  'acme/storefront': { deployments: [], statuses: new Map(), runs: null },
  'acme/inventory': { deployments: [], statuses: new Map(), runs: null },
  'acme/notifier': { deployments: null, statuses: null, runs: [] },
};

function deploy(slug, environment, startMs, outcome, version) {
  const repo = repos[slug];
  const id = lastId++;
  const commit = sha();
  if (repo.runs) {
    repo.runs.push({
      id,
      run_number: repo.runs.length + 1,
      run_attempt: 1,
      status: outcome ? 'completed' : 'in_progress',
      conclusion: outcome ?? null,
      head_branch: 'main',
      head_sha: commit,
      display_title: `Deploy ${version}`,
      html_url: `https://${HOST}/${slug}/actions/runs/${id}`,
      actor: { login: people[id % 3] },
      created_at: at(startMs),
      run_started_at: at(startMs),
      updated_at: at(startMs + (outcome ? 90_000 : 0)),
    });
    return id;
  }
  const deployment = {
    id,
    sha: commit,
    ref: 'main',
    environment,
    description: `Deploy ${version}`,
    payload: { version },
    creator: { login: people[id % 3] },
    created_at: at(startMs),
    updated_at: at(startMs),
  };
  repo.deployments.push(deployment);
  repo.statuses.set(id, []);
  addStatus(slug, id, 'in_progress', startMs);
  if (outcome) addStatus(slug, id, outcome, startMs + 90_000);
  return id;
}

function addStatus(slug, deploymentId, state, ms) {
  const repo = repos[slug];
  repo.statuses.get(deploymentId).push({
    id: lastId++,
    state,
    created_at: at(ms),
    log_url: `https://${HOST}/${slug}/actions/runs/${deploymentId}`,
  });
  repo.deployments.find(d => d.id === deploymentId).updated_at = at(ms);
}

function finishRun(slug, runId, conclusion) {
  const run = repos[slug].runs.find(r => r.id === runId);
  Object.assign(run, {
    status: 'completed',
    conclusion,
    updated_at: at(Date.now()),
  });
}

// A week of history: every service reached prod a few times.
const DAY = 86_400_000;
const now = Date.now();
for (let day = 7; day >= 1; day--) {
  const base = now - day * DAY;
  for (const [slug, envs] of [
    ['acme/storefront', ['dev', 'staging', 'prod']],
    ['acme/inventory', ['dev', 'prod']],
    ['acme/notifier', ['prod']],
  ]) {
    envs.forEach((env, i) =>
      deploy(
        slug,
        env,
        base + i * 3_600_000,
        day === 3 && env === 'prod' ? 'failure' : 'success',
        `1.${7 - day}.0`,
      ),
    );
  }
}

// Live: a new deployment now and then, finished a few seconds later.
let tick = 0;
setInterval(() => {
  tick += 1;
  const slugs = Object.keys(repos);
  const slug = slugs[tick % slugs.length];
  const env = ['dev', 'staging', 'prod'][tick % 3];
  const version = `2.${tick}.0`;
  const id = deploy(
    slug,
    repos[slug].runs ? 'prod' : env,
    Date.now(),
    undefined,
    version,
  );
  const outcome = tick % 5 === 0 ? 'failure' : 'success';
  console.log(`[fake-github] ${slug}: deployment ${id} of ${version} started`);
  setTimeout(() => {
    if (repos[slug].runs) finishRun(slug, id, outcome);
    else addStatus(slug, id, outcome, Date.now());
    console.log(`[fake-github] ${slug}: deployment ${id} ${outcome}`);
  }, (everySeconds * 1000) / 2);
}, everySeconds * 1000);

// GitHub lists newest first, pages with Link headers, and answers 304 to a
// matching If-None-Match.
function reply(req, res, url, items, wrap) {
  const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
  const page = Number(url.searchParams.get('page') ?? 1);
  const sorted = [...items].sort((a, b) => b.id - a.id);
  const slice = sorted.slice((page - 1) * perPage, page * perPage);
  const json = JSON.stringify(
    wrap ? { total_count: sorted.length, workflow_runs: slice } : slice,
  );
  const etag = `"${createHash('md5').update(json).digest('hex')}"`;
  const headers = {
    etag,
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
  };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return 304;
  }
  if (page * perPage < sorted.length) {
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    headers.link = `<${next}>; rel="next"`;
  }
  res
    .writeHead(200, { ...headers, 'content-type': 'application/json' })
    .end(json);
  return 200;
}

createServer((req, res) => {
  const url = new URL(req.url, `http://127.0.0.1:${port}`);
  const m = url.pathname.match(
    /^\/repos\/([^/]+\/[^/]+)\/(?:deployments(?:\/(\d+)\/statuses)?|actions\/workflows\/([^/]+)\/runs)$/,
  );
  const repo = m && repos[m[1].toLowerCase()];
  let status = 404;
  if (repo && m[3] && repo.runs && m[3] === 'deploy.yml')
    status = reply(req, res, url, repo.runs, true);
  else if (repo && m[2] && repo.statuses?.has(Number(m[2])))
    status = reply(req, res, url, repo.statuses.get(Number(m[2])));
  // Like GitHub, a repository without deployments lists none (not a 404).
  else if (repo && !m[2] && !m[3])
    status = reply(req, res, url, repo.deployments ?? []);
  else
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"message":"Not Found"}');
  if (process.env.VERBOSE)
    console.log(
      `[fake-github] ${req.method} ${url.pathname}${url.search} -> ${status}`,
    );
}).listen(port, '127.0.0.1', () => {
  const snippet = `# Points the GitHub import at the fake GitHub of scripts/fake-github.mjs.
integrations:
  github:
    - host: ${HOST}
      apiBaseUrl: http://127.0.0.1:${port}
      token: fake-token
deployments:
  github:
    host: ${HOST}
    schedule:
      frequency: { seconds: 10 }
      timeout: { minutes: 1 }
      initialDelay: { seconds: 5 }
    workflows:
      - file: deploy.yml
        environment: prod
catalog:
  # Lists replace, not merge: the demo's locations, plus the fake's entities.
  locations:
    - type: file
      target: ../../examples/entities.yaml
    - type: file
      target: ../../examples/org.yaml
      rules:
        - allow: [User, Group]
    - type: file
      target: ../../catalog-info.yaml
    - type: file
      target: ../../plugins/deployments-backend-module-github/examples/github-entities.yaml
`;
  console.log(
    `[fake-github] GitHub API for ${HOST} on http://127.0.0.1:${port}; a new deployment every ${everySeconds} s\n`,
  );
  console.log(snippet);
  if (writeTo) {
    mkdirSync(dirname(writeTo), { recursive: true });
    writeFileSync(writeTo, snippet);
    console.log(`[fake-github] wrote ${writeTo}`);
  }
});
