#!/usr/bin/env node
// Posts a realistic stream of deployment events through the real HTTP API:
// a few weeks of history for the example catalog services (dev → staging →
// prod promotions carrying parent_deployments and the commits they ship,
// some failures and their fixes and hotfixes, a release waiting in staging,
// a test deployment), then keeps posting live deploys until stopped.
//
//   yarn demo [--url http://localhost:7007] [--key KEY] [--days 21]
//             [--no-live] [--live-interval 20] [--skip-history-if FILE]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.DASHBOARD_URL ?? 'http://localhost:7007' },
    key: { type: 'string', default: process.env.DEPLOYMENTS_API_KEY },
    days: { type: 'string', default: '21' },
    'no-live': { type: 'boolean', default: false },
    'live-interval': { type: 'string', default: '20' },
    'skip-history-if': { type: 'string' },
    seed: { type: 'string', default: '42' },
  },
});

if (!args.key) {
  console.error('Set DEPLOYMENTS_API_KEY (or pass --key): the demo posts with an ingest key.');
  process.exit(2);
}

const SERVICES = ['checkout', 'payments', 'catalog-api', 'web-frontend', 'search-indexer', 'legacy-batch'];
const ENVIRONMENTS = ['dev', 'staging', 'prod'];
const ACTORS = ['alice', 'bob', 'carol', 'dependabot[bot]', 'erin'];

// A small seeded PRNG so two runs tell the same story.
let state = Number(args.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = list => list[Math.floor(random() * list.length)];
const hex = n => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');

let posted = 0;
async function post(event) {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${args.url}/api/deployments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': args.key },
        body: JSON.stringify(event),
      });
      if (res.status === 201) {
        posted += 1;
        return;
      }
      const text = await res.text();
      if (res.status < 500) throw new Error(`POST answered ${res.status}: ${text}`);
      if (attempt >= 5) throw new Error(`POST answered ${res.status} ${attempt} times: ${text}`);
    } catch (error) {
      if (attempt >= 5 || String(error.message).startsWith('POST answered 4')) throw error;
    }
    await new Promise(r => setTimeout(r, 500 * attempt));
  }
}

/** 1–4 commits authored in the hours or days before `shipMs`: their times give the lead time. */
function commitsBefore(shipMs) {
  const count = 1 + Math.floor(random() * 4);
  return Array.from({ length: count }, () => ({
    sha: hex(40),
    authored_at: new Date(shipMs - (0.5 + random() * 60) * 3_600_000).toISOString(),
  }));
}

/** One deploy of `version` to `env`: in-progress, then success or failure. */
function deployEvents({ service, env, version, sha, startMs, fail, parent, release = {} }) {
  const runNumber = Math.floor(random() * 9000) + 1000;
  const base = {
    deployment_id: `${service}-${env}-${version}-${runNumber}`,
    service,
    environment: env,
    version,
    sha,
    ref: 'main',
    actor: pick(ACTORS),
    run_number: runNumber,
    run_url: `https://ci.example.com/${service}/runs/${runNumber}`,
    parent_deployments: parent ? [parent] : [],
    // The same release fields in every environment it walks through.
    ...release,
  };
  const durationMs = (2 + random() * 8) * 60_000;
  return [
    { ...base, status: 'in-progress', happened_at: new Date(startMs).toISOString() },
    {
      ...base,
      status: fail ? 'failure' : 'success',
      happened_at: new Date(startMs + durationMs).toISOString(),
    },
  ];
}

/**
 * A release walks dev → staging → prod (or the given lane); a failure stops
 * the walk, and so does `stopAfter` (a release still waiting for promotion).
 */
function releaseEvents(service, version, startMs, options = {}) {
  const { failAt, stopAfter, lane = ENVIRONMENTS, changeType } = options;
  const sha = hex(40);
  const release = {
    commits: commitsBefore(startMs),
    title: changeType ? `${changeType === 'hotfix' ? 'Hotfix' : 'Fix'} for ${service} ${version}` : `Release ${version}`,
    tags: changeType === 'hotfix' ? ['hotfix'] : [],
    change_type: changeType ?? 'feature',
  };
  const events = [];
  let parent;
  let t = startMs;
  for (const env of lane) {
    const fail = env === failAt;
    const pair = deployEvents({ service, env, version, sha, startMs: t, fail, parent, release });
    events.push(...pair);
    if (fail || env === stopAfter) break;
    parent = pair[0].deployment_id;
    t += (1 + random() * 20) * 3_600_000;
  }
  return events.filter(e => Date.parse(e.happened_at) < Date.now());
}

async function seedHistory() {
  const days = Number(args.days);
  const events = [];
  for (const service of SERVICES) {
    let minor = 0;
    let t = Date.now() - days * 86_400_000 + random() * 86_400_000;
    // catalog-api's history (follow-up releases included) is over well before
    // its 9.0.0 below, which waits in staging.
    const historyEndMs = Date.now() - (service === 'catalog-api' ? 7 * 86_400_000 : 3_600_000);
    while (t < historyEndMs) {
      minor += 1;
      const failAt = random() < 0.24 ? pick(ENVIRONMENTS) : undefined;
      const releaseEventsOf = releaseEvents(service, `1.${minor}.0`, t, { failAt });
      events.push(...releaseEventsOf);
      const last = releaseEventsOf[releaseEventsOf.length - 1];
      const endMs = last ? Date.parse(last.happened_at) : t;
      let followUp = [];
      if (failAt === 'prod') {
        // A failed production deploy is hotfixed straight in production.
        const hotfixStartMs = endMs + (0.3 + random()) * 3_600_000;
        followUp = releaseEvents(service, `1.${minor}.1`, hotfixStartMs, { lane: ['prod'], changeType: 'hotfix' });
      } else if (failAt) {
        // Failed before production: the release is redone within hours.
        followUp = releaseEvents(service, `1.${minor}.1`, endMs + (2 + random() * 6) * 3_600_000);
      } else if (random() < 0.12) {
        // Deployed fine, but a bug shows in production: a fix release follows
        // (which makes this release a failed change, recovered by the fix).
        followUp = releaseEvents(service, `1.${minor}.1`, endMs + (1 + random() * 4) * 3_600_000, { changeType: 'fix' });
      }
      events.push(...followUp);
      // The next release starts once this one (and its follow-up) is out.
      const doneMs = Math.max(endMs, ...followUp.map(e => Date.parse(e.happened_at)));
      t = Math.max(t + (0.7 + random() * 2.5) * 86_400_000, doneMs + (1 + random() * 12) * 3_600_000);
    }
  }
  // The present: one release failing in staging, one deploy still running,
  // a release waiting in staging for two days (drift), and a test deployment
  // that checks CI wiring without counting anywhere.
  const now = Date.now();
  events.push(
    ...releaseEvents('catalog-api', '9.0.0', now - 2.5 * 86_400_000, { stopAfter: 'staging' }),
    ...deployEvents({
      service: 'checkout',
      env: 'prod',
      version: 'ci-wiring-check',
      sha: hex(40),
      startMs: now - 90 * 60_000,
      release: { is_test: true, title: 'Checking the CI wiring', tags: ['test'] },
    }),
    ...deployEvents({ service: 'payments', env: 'staging', version: '2.0.0-rc.1', sha: hex(40), startMs: now - 40 * 60_000, fail: true }),
    deployEvents({ service: 'web-frontend', env: 'dev', version: '2.0.0', sha: hex(40), startMs: now - 3 * 60_000 })[0],
  );
  // CI posts in roughly time order, but not exactly: shuffle neighbours a bit.
  events.sort((a, b) => Date.parse(a.happened_at) - Date.parse(b.happened_at) + (random() - 0.5) * 60_000);
  console.log(`Posting ${events.length} historical events to ${args.url} ...`);
  for (const event of events) {
    await post(event);
    if (posted % 100 === 0) console.log(`  ${posted}/${events.length}`);
  }
  console.log(`Posted ${posted} historical events.`);
}

async function liveLoop() {
  const intervalMs = Number(args['live-interval']) * 1000;
  console.log(`Posting a live deploy every ${args['live-interval']} s (Ctrl-C to stop).`);
  for (let n = 1; ; n++) {
    const service = pick(SERVICES);
    const env = pick(ENVIRONMENTS);
    const [start, end] = deployEvents({
      service,
      env,
      version: `2.${n}.0`,
      sha: hex(40),
      startMs: Date.now(),
      fail: random() < 0.2,
      release: { commits: commitsBefore(Date.now()), title: `Release 2.${n}.0` },
    });
    await post(start);
    console.log(`  ${service}/${env} 2.${n}.0 in-progress`);
    await new Promise(r => setTimeout(r, Math.min(5000, intervalMs / 2)));
    await post({ ...end, happened_at: new Date().toISOString() });
    console.log(`  ${service}/${env} 2.${n}.0 ${end.status}`);
    await new Promise(r => setTimeout(r, intervalMs));
  }
}

const marker = args['skip-history-if'];
if (marker && existsSync(marker)) {
  console.log(`History already seeded (${marker} exists).`);
} else {
  await seedHistory();
  if (marker) {
    mkdirSync(dirname(marker), { recursive: true });
    writeFileSync(marker, new Date().toISOString());
  }
}
if (!args['no-live']) await liveLoop();
