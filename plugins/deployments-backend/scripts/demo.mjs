#!/usr/bin/env node
// Posts a realistic stream of deployment events through the real HTTP API:
// a few weeks of history for the example catalog services (dev → staging →
// prod promotions carrying parent_deployments and the commits they ship,
// some failures and their fixes and hotfixes, runs superseded by a newer push
// and cancelled, prod deploys that waited for approval, a release waiting in
// staging, a test deployment), the present (a prod deploy awaiting approval,
// a queued one, a cancelled one, a rollback), then keeps posting live deploys
// until stopped. Every run's events share one deployment_id, go queued →
// waiting → in-progress (or straight to in-progress) → success, failure or
// cancelled a few minutes later, and are posted with an Idempotency-Key.
//
//   yarn demo [--url http://localhost:7007] [--key KEY] [--days 21]
//             [--no-live] [--live-interval 20] [--skip-history-if FILE]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { demoIncidents, postIncidents } from './demoIncidents.mjs';

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
// About 20 s of retries: long enough for `yarn start` to restart the backend.
const MAX_ATTEMPTS = 9;
/**
 * Posts one event; a retry (network error, 409 while the first attempt is in
 * flight, 429, 5xx) resends the same body with the same Idempotency-Key, so
 * it is never stored twice. The key names this one post: a second `yarn demo`
 * posts at other times, hence with other keys.
 */
async function post(event) {
  const body = JSON.stringify(event);
  const key = `${event.deployment_id}-${event.status}-${event.happened_at}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${args.url}/api/deployments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': args.key, 'Idempotency-Key': key },
        body,
      });
      if (res.status === 201) {
        posted += 1;
        return;
      }
      const text = await res.text();
      const retryable = res.status >= 500 || res.status === 409 || res.status === 429;
      if (!retryable) throw new Error(`POST answered ${res.status}: ${text}`);
      if (attempt >= MAX_ATTEMPTS) throw new Error(`POST answered ${res.status} ${attempt} times: ${text}`);
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || /^POST answered 4(?!09|29)/.test(String(error.message))) throw error;
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

/**
 * `count` more commits of a release, authored every few hours before
 * `shipMs`; their SHAs come from the release's name, not from the seeded
 * PRNG, so adding them leaves the rest of the story as it was.
 */
function moreCommits(service, version, shipMs, count) {
  return Array.from({ length: count }, (_, i) => ({
    sha: createHash('sha1').update(`${service} ${version} ${i}`).digest('hex'),
    authored_at: new Date(shipMs - (i + 1) * 3.5 * 3_600_000).toISOString(),
  }));
}

/**
 * One deployment run of `version` to `env`; its events share one deployment_id.
 * A gated run is queued, then waits `approvalMs` for approval; every run is
 * in-progress for a few minutes, then ends with `outcome` (success, failure or
 * cancelled; by default failure when `fail`). `until` cuts the run short at
 * that status: a run still queued, waiting or in progress.
 */
function deployEvents({ service, env, version, sha, startMs, fail, outcome, approvalMs, until, parent, release = {} }) {
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
  const end = outcome ?? (fail ? 'failure' : 'success');
  const durationMs = (2 + random() * 8) * 60_000;
  const steps = [];
  let t = startMs;
  if (approvalMs !== undefined || until === 'queued') {
    steps.push(['queued', t]);
    t += (10 + random() * 50) * 1000; // until a runner picks it up
  }
  if (approvalMs !== undefined) {
    steps.push(['waiting', t]);
    t += approvalMs;
  }
  steps.push(['in-progress', t]);
  // A cancelled run is stopped part of the way through.
  steps.push([end, t + (end === 'cancelled' ? durationMs / 3 : durationMs)]);
  const last = until ? steps.findIndex(([status]) => status === until) : steps.length - 1;
  return steps
    .slice(0, last + 1)
    .map(([status, ms]) => ({ ...base, status, happened_at: new Date(ms).toISOString() }));
}

/**
 * A release walks dev → staging → prod (or the given lane); a failure stops
 * the walk, and so does `stopAfter` (a release still waiting for promotion).
 */
function releaseEvents(service, version, startMs, options = {}) {
  const { failAt, stopAfter, lane = ENVIRONMENTS, changeType, extraCommits = 0 } = options;
  const sha = hex(40);
  const release = {
    commits: [...commitsBefore(startMs), ...moreCommits(service, version, startMs, extraCommits)],
    title: changeType ? `${changeType === 'hotfix' ? 'Hotfix' : 'Fix'} for ${service} ${version}` : `Release ${version}`,
    tags: changeType === 'hotfix' ? ['hotfix'] : [],
    change_type: changeType ?? 'feature',
  };
  const events = [];
  let parent;
  let t = startMs;
  for (const env of lane) {
    const fail = env === failAt;
    if (env === lane[0] && !changeType && random() < 0.1) {
      // An older push's run, superseded by this one: cancelled as this one starts.
      const older = deployEvents({ service, env, version, sha: hex(40), startMs: t - (3 + random() * 5) * 60_000, outcome: 'cancelled', release });
      older[older.length - 1].happened_at = new Date(t - 5_000).toISOString();
      events.push(...older);
    }
    // Some production deploys wait for an approval first.
    const approvalMs = env === 'prod' && random() < 0.35 ? (2 + random() * 13) * 60_000 : undefined;
    const run = deployEvents({ service, env, version, sha, startMs: t, fail, approvalMs, parent, release });
    events.push(...run);
    if (fail || env === stopAfter) break;
    parent = run[0].deployment_id;
    t += (1 + random() * 20) * 3_600_000;
  }
  return events.filter(e => Date.parse(e.happened_at) < Date.now());
}

/**
 * The present, after each service's history (`minor`: its last 1.x release):
 * the release-day stories the matrix should show right now.
 */
function presentEvents(minor) {
  const now = Date.now();
  const next = (service, n = 1) => `1.${minor[service] + n}.0`;
  const min = 60_000;
  const hour = 3_600_000;
  const events = [];
  const release = version => ({ commits: commitsBefore(now - 6 * hour), title: `Release ${version}`, tags: [], change_type: 'feature' });

  // search-indexer: promoted dev → staging, and now awaiting approval for prod.
  {
    const service = 'search-indexer';
    const version = next(service);
    const sha = hex(40);
    const r = release(version);
    const dev = deployEvents({ service, env: 'dev', version, sha, startMs: now - 5 * hour, release: r });
    const staging = deployEvents({ service, env: 'staging', version, sha, startMs: now - 3 * hour, parent: dev[0].deployment_id, release: r });
    const prod = deployEvents({ service, env: 'prod', version, sha, startMs: now - 35 * min, approvalMs: hour, until: 'waiting', parent: staging[0].deployment_id, release: r });
    events.push(...dev, ...staging, ...prod);
  }
  // checkout: a dev deploy superseded by a newer push — cancelled; the newer
  // push's run is queued for a runner.
  {
    const service = 'checkout';
    const older = deployEvents({ service, env: 'dev', version: next(service), sha: hex(40), startMs: now - 14 * min, outcome: 'cancelled', release: release(next(service)) });
    older[older.length - 1].happened_at = new Date(now - 9 * min + 5_000).toISOString();
    const newer = deployEvents({ service, env: 'dev', version: next(service, 2), sha: hex(40), startMs: now - 9 * min, until: 'queued', release: release(next(service, 2)) });
    events.push(...older, ...newer);
  }
  // legacy-batch: a prod deploy queued, waiting for a runner.
  {
    const service = 'legacy-batch';
    const version = next(service);
    const sha = hex(40);
    const r = release(version);
    const staging = deployEvents({ service, env: 'staging', version, sha, startMs: now - 3 * hour, release: r });
    const prod = deployEvents({ service, env: 'prod', version, sha, startMs: now - 4 * min, until: 'queued', parent: staging[0].deployment_id, release: r });
    events.push(...staging, ...prod);
  }
  // payments: v1 → v2 → v1 in prod. v2 deployed fine but broke in production;
  // v1 went back out as a hotfix: a rollback, which recovers v2's failed change.
  {
    const service = 'payments';
    const [v1, v2] = [next(service), next(service, 2)];
    events.push(
      ...deployEvents({ service, env: 'prod', version: v1, sha: hex(40), startMs: now - 28 * hour, release: release(v1) }),
      ...deployEvents({ service, env: 'prod', version: v2, sha: hex(40), startMs: now - 5 * hour, approvalMs: 6 * min, release: release(v2) }),
      ...deployEvents({
        service,
        env: 'prod',
        version: v1,
        sha: hex(40),
        startMs: now - 4.2 * hour,
        release: { commits: [], title: `Rollback to ${v1}`, tags: ['rollback'], change_type: 'hotfix' },
      }),
    );
  }
  return events;
}

/**
 * Leaves out every history run of a slot the present deploys to that is not
 * over before the present's first event there, so the present is what the
 * matrix shows.
 */
function beforePresent(history, present) {
  const slot = e => `${e.service}\u0000${e.environment}`;
  const startOf = new Map();
  for (const e of present) {
    if (e.is_test) continue;
    const ms = Date.parse(e.happened_at);
    startOf.set(slot(e), Math.min(ms, startOf.get(slot(e)) ?? ms));
  }
  const late = new Set(
    history.filter(e => startOf.has(slot(e)) && Date.parse(e.happened_at) >= startOf.get(slot(e))).map(e => `${slot(e)}\u0000${e.deployment_id}`),
  );
  return history.filter(e => !late.has(`${slot(e)}\u0000${e.deployment_id}`));
}

/**
 * web-frontend's last two production releases rolled out to the CDN edge
 * regions, the environment group `edge` of app-config.yaml (docs/api.md
 * "Environment groups"): edge-eu failed the latest, edge-us has not had it
 * yet — one collapsed column with a failure and "2 versions".
 */
function edgeEvents(events, now) {
  const prod = events
    .filter(e => e.service === 'web-frontend' && e.environment === 'prod' && e.status === 'success' && !e.is_test)
    .sort((a, b) => Date.parse(a.happened_at) - Date.parse(b.happened_at));
  const [previous, latest] = prod.slice(-2);
  if (!latest) return [];
  const run = (env, from, minutes, status) => ({
    ...from,
    deployment_id: `${from.deployment_id}-${env}`,
    environment: env,
    status,
    happened_at: new Date(Math.min(Date.parse(from.happened_at) + minutes * 60_000, now - 60_000)).toISOString(),
    parent_deployments: [from.deployment_id],
  });
  return [
    run('edge-eu', previous, 10, 'success'),
    run('edge-us', previous, 12, 'success'),
    run('edge-eu', latest, 10, 'failure'),
  ];
}

async function seedHistory() {
  const days = Number(args.days);
  let events = [];
  const latestMinor = {};
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
    latestMinor[service] = minor;
  }
  // The present: one release failing in staging, one deploy still running,
  // a release waiting in staging for two days (drift), and a test deployment
  // that checks CI wiring without counting anywhere; then presentEvents.
  const now = Date.now();
  const present = [
    // Its commits (the catalog links catalog-api to GitHub) are the changes waiting for prod.
    ...releaseEvents('catalog-api', '9.0.0', now - 2.5 * 86_400_000, { stopAfter: 'staging', extraCommits: 3 }),
    ...deployEvents({
      service: 'checkout',
      env: 'prod',
      version: 'ci-wiring-check',
      sha: hex(40),
      startMs: now - 90 * 60_000,
      release: { is_test: true, title: 'Checking the CI wiring', tags: ['test'] },
    }),
    ...deployEvents({ service: 'payments', env: 'staging', version: '2.0.0-rc.1', sha: hex(40), startMs: now - 40 * 60_000, fail: true }),
    ...deployEvents({ service: 'web-frontend', env: 'dev', version: '2.0.0', sha: hex(40), startMs: now - 3 * 60_000, until: 'in-progress' }),
    ...presentEvents(latestMinor),
  ].filter(e => Date.parse(e.happened_at) < now);
  events = [...beforePresent(events, present), ...present];
  // CI posts in roughly time order, but not exactly: shuffle neighbours a bit.
  events.sort((a, b) => Date.parse(a.happened_at) - Date.parse(b.happened_at) + (random() - 0.5) * 60_000);
  // Appended after the shuffle (and without the PRNG): the rest of the story stays as it was.
  events.push(...edgeEvents(events, now));
  console.log(`Posting ${events.length} historical events to ${args.url} ...`);
  for (const event of events) {
    await post(event);
    if (posted % 100 === 0) console.log(`  ${posted}/${events.length}`);
  }
  console.log(`Posted ${posted} historical events.`);
  await postIncidents(demoIncidents(events, now), { url: args.url, key: args.key });
}

async function liveLoop() {
  const intervalMs = Number(args['live-interval']) * 1000;
  const pause = ms => new Promise(r => setTimeout(r, ms));
  console.log(`Posting a live deploy every ${args['live-interval']} s (Ctrl-C to stop).`);
  for (let n = 1; ; n++) {
    const service = pick(SERVICES);
    const env = pick(ENVIRONMENTS);
    const roll = random();
    let outcome = 'success';
    if (roll < 0.2) outcome = 'failure';
    else if (roll < 0.27) outcome = 'cancelled';
    // Some prod deploys wait for an approval (a few seconds here).
    const approvalMs = env === 'prod' && random() < 0.3 ? 3000 : undefined;
    const run = deployEvents({
      service,
      env,
      version: `2.${n}.0`,
      sha: hex(40),
      startMs: Date.now(),
      outcome,
      approvalMs,
      release: { commits: commitsBefore(Date.now()), title: `Release 2.${n}.0` },
    });
    // How long each status lasts before the next one is posted.
    const lasts = { queued: 1500, waiting: approvalMs, 'in-progress': Math.min(5000, intervalMs / 2) };
    for (const [i, event] of run.entries()) {
      if (i > 0) await pause(lasts[run[i - 1].status]);
      await post({ ...event, happened_at: new Date().toISOString() });
      console.log(`  ${service}/${env} 2.${n}.0 ${event.status}`);
    }
    await pause(intervalMs);
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
