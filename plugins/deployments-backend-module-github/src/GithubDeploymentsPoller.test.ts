import { Knex } from 'knex';
import { FakeGitHub } from './__testUtils__/fakeGitHub';
import { bothDatabases } from './__testUtils__/testDatabases';
import {
  HOST,
  hoursAgo,
  NOW,
  repoEntity,
  startHarness,
  storedExternalIds,
  TOKEN,
} from './__testUtils__/pollerHarness';
import { pauseKey } from './feedCheckpoint';

jest.setTimeout(60_000);

const databases = bothDatabases();
const DAY = 24;

describe.each(databases.eachSupportedId())(
  'GithubDeploymentsPoller on %s',
  databaseId => {
    let fake: FakeGitHub;
    let knex: Knex;
    let harness: Awaited<ReturnType<typeof startHarness>>;

    beforeAll(async () => {
      fake = await FakeGitHub.start();
      knex = await databases.init(databaseId);
      harness = await startHarness(knex, fake);
    });
    afterAll(async () => {
      await harness.backend.stop();
      await fake.stop();
    });
    beforeEach(() => {
      fake.maxPerPage = 100;
      harness.clock.now = NOW;
      harness.logger.warn.mockClear();
    });

    it('backfills the window on the first poll: every status, fields mapped, older deployments left out', async () => {
      fake.maxPerPage = 2; // five deployments: three pages
      const ancient = fake.addDeployment('acme/checkout', {
        created_at: hoursAgo(50 * DAY),
      });
      fake.addStatus('acme/checkout', ancient, 'success', hoursAgo(50 * DAY));
      const tooOld = fake.addDeployment('acme/checkout', {
        created_at: hoursAgo(31 * DAY),
      });
      fake.addStatus('acme/checkout', tooOld, 'success', hoursAgo(31 * DAY));
      const prod = fake.addDeployment('acme/checkout', {
        created_at: hoursAgo(10 * DAY),
        ref: 'v1.2.3-rc',
        payload: { version: '1.2.3' },
        description: 'Release 1.2.3',
      });
      fake.addStatus('acme/checkout', prod, 'queued', hoursAgo(10 * DAY));
      fake.addStatus(
        'acme/checkout',
        prod,
        'in_progress',
        hoursAgo(10 * DAY - 0.1),
      );
      const prodDone = fake.addStatus(
        'acme/checkout',
        prod,
        'success',
        hoursAgo(10 * DAY - 0.2),
      );
      const staging = fake.addDeployment('acme/checkout', {
        created_at: hoursAgo(DAY),
        environment: 'staging',
      });
      fake.addStatus('acme/checkout', staging, 'pending', hoursAgo(DAY));
      fake.addStatus('acme/checkout', staging, 'error', hoursAgo(DAY - 1));
      fake.addStatus('acme/checkout', staging, 'inactive', hoursAgo(2));
      const dev = fake.addDeployment('acme/checkout', {
        created_at: hoursAgo(1),
        environment: 'dev',
        ref: 'main',
      });
      fake.addStatus('acme/checkout', dev, 'in_progress', hoursAgo(1), {
        log_url: null,
        target_url: 'ftp://nope',
      });

      const summary = await harness.poller([repoEntity('checkout')]).pollAll();

      expect(summary).toMatchObject({
        repositories: 1,
        imported: 6,
        duplicates: 0,
        rejected: 0,
        failed: 0,
      });
      const events = await harness.events('checkout');
      // queued/pending → queued; inactive (superseded) is not an event.
      expect(events.map(e => [e.environment, e.status])).toEqual([
        ['prod', 'queued'],
        ['prod', 'in-progress'],
        ['prod', 'success'],
        ['staging', 'queued'],
        ['staging', 'failure'],
        ['dev', 'in-progress'],
      ]);
      expect(events[2]).toMatchObject({
        deployment_id: `github:${HOST}/acme/checkout/deployments/${prod.id}`,
        service: 'checkout',
        happened_at: new Date(prodDone.created_at).toISOString(),
        version: '1.2.3',
        ref: 'v1.2.3-rc',
        sha: prod.sha,
        actor: 'octocat',
        run_url: prodDone.log_url,
        title: 'Release 1.2.3',
        source: 'github',
      });
      // In-progress and terminal events of one deployment correlate.
      expect(new Set(events.slice(0, 3).map(e => e.deployment_id)).size).toBe(
        1,
      );
      expect(events[5]).toMatchObject({ version: 'main', run_url: null });

      // Paging stopped at the first deployment older than the window.
      expect(fake.requestsFor('acme/checkout', 'page=3')).toEqual([]);
      expect(
        fake.requestsFor('acme/checkout', `/deployments/${tooOld.id}/statuses`),
      ).toEqual([]);
      expect(
        fake
          .requestsFor('acme/checkout')
          .every(r => r.headers.authorization?.includes(TOKEN)),
      ).toBe(true);
    });

    it('polls incrementally: 304 when nothing changed, a new status on an old deployment imported once', async () => {
      // Already finished, and older than the look-back (24 h) behind the newest change.
      const ancient = fake.addDeployment('acme/search', {
        created_at: hoursAgo(5 * DAY),
      });
      fake.addStatus('acme/search', ancient, 'success', hoursAgo(5 * DAY));
      const old = fake.addDeployment('acme/search', {
        created_at: hoursAgo(20),
      });
      fake.addStatus('acme/search', old, 'success', hoursAgo(20));
      const newest = fake.addDeployment('acme/search', {
        created_at: hoursAgo(10),
      });
      fake.addStatus('acme/search', newest, 'success', hoursAgo(10));
      const poller = harness.poller([repoEntity('search')]);
      expect(await poller.pollAll()).toMatchObject({
        imported: 3,
        unchanged: 0,
      });

      const before = fake.requests.length;
      expect(await poller.pollAll()).toMatchObject({
        imported: 0,
        duplicates: 0,
        unchanged: 1,
      });
      const quiet = fake.requests.slice(before);
      expect(quiet.map(r => r.status)).toEqual([304]);
      expect(quiet[0].headers['if-none-match']).toMatch(/^W\/"/);

      // The old deployment gets a new status: only its statuses are fetched again.
      harness.clock.now += 1000;
      fake.addStatus('acme/search', old, 'failure', hoursAgo(0));
      const mark = fake.requests.length;
      expect(await poller.pollAll()).toMatchObject({
        imported: 1,
        duplicates: 1,
        unchanged: 0,
      });
      const statusRequests = fake.requests
        .slice(mark)
        .filter(r => r.path.includes('/statuses'));
      expect(statusRequests.map(r => r.path)).toEqual([
        `/repos/acme/search/deployments/${old.id}/statuses?per_page=100`,
      ]);
      expect(await poller.pollAll()).toMatchObject({
        imported: 0,
        unchanged: 1,
      });

      const events = await harness.events('search');
      expect(events.map(e => e.status)).toEqual([
        'success',
        'success',
        'success',
        'failure',
      ]);
      expect([
        ...(await storedExternalIds(knex, `${HOST}/acme/search/`)).values(),
      ]).toEqual([1, 1, 1, 1]);
    });

    it('resumes after a failure half-way, in a new backend on the same database, without duplicates', async () => {
      fake.maxPerPage = 2;
      for (let i = 4; i >= 1; i--) {
        const d = fake.addDeployment('acme/payments', {
          created_at: hoursAgo(i * DAY),
        });
        fake.addStatus('acme/payments', d, 'in_progress', hoursAgo(i * DAY));
        fake.addStatus('acme/payments', d, 'success', hoursAgo(i * DAY - 1));
      }
      fake.failNext(
        '/repos/acme/payments/deployments?per_page=100&page=2',
        500,
      );
      const first = await harness.poller([repoEntity('payments')]).pollAll();
      expect(first).toMatchObject({ repositories: 0, failed: 1, imported: 4 });
      expect(harness.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('answered 500'),
      );
      await expect(
        harness.connection.getCheckpoint(`${HOST}/acme/payments`),
      ).resolves.toBeUndefined();

      // A restart: a new backend process, new poller, same database.
      const restarted = await startHarness(knex, fake);
      try {
        const second = await restarted
          .poller([repoEntity('payments')])
          .pollAll();
        expect(second).toMatchObject({
          repositories: 1,
          failed: 0,
          imported: 4,
          duplicates: 4,
        });
        await expect(
          restarted.connection.getCheckpoint(`${HOST}/acme/payments`),
        ).resolves.toContain('"mark"');
      } finally {
        await restarted.backend.stop();
      }
      const counts = await storedExternalIds(knex, `${HOST}/acme/payments/`);
      expect(counts.size).toBe(8);
      expect([...counts.values()].every(n => n === 1)).toBe(true);
    });

    it('backs off on a rate limit: no request to GitHub until the reset time, from any replica', async () => {
      for (const repo of ['limited-a', 'limited-b']) {
        const d = fake.addDeployment(`acme/${repo}`, {
          created_at: hoursAgo(2),
        });
        fake.addStatus(`acme/${repo}`, d, 'success', hoursAgo(2));
      }
      const entities = [repoEntity('limited-a'), repoEntity('limited-b')];
      const resetSeconds = NOW / 1000 + 600;
      fake.exhaustRateLimit(resetSeconds);
      try {
        const poller = harness.poller(entities);
        const before = fake.requests.length;
        const limited = await poller.pollAll();
        expect(limited).toMatchObject({
          imported: 0,
          paused: { [HOST]: new Date(resetSeconds * 1000).toISOString() },
        });
        expect(fake.requests.slice(before).map(r => r.status)).toEqual([403]); // limited-b was never asked
        expect(harness.logger.warn).toHaveBeenCalledWith(
          expect.stringMatching(/rate limit.*pausing until/),
        );

        harness.clock.now = NOW + 300_000; // before the reset
        await poller.pollAll();
        await harness.poller(entities).pollAll(); // another replica reads the saved pause
        expect(fake.requests.length).toBe(before + 1);

        fake.resetRateLimit();
        harness.clock.now = resetSeconds * 1000 + 1000;
        expect(await poller.pollAll()).toMatchObject({
          repositories: 2,
          imported: 2,
          paused: {},
        });
      } finally {
        fake.resetRateLimit();
        await harness.connection.setCheckpoint(pauseKey(HOST), '{}');
      }
    });

    it('logs a deleted repository and a failing one, and still imports the others', async () => {
      const alive = fake.addDeployment('acme/alive', {
        created_at: hoursAgo(3),
      });
      fake.addStatus('acme/alive', alive, 'success', hoursAgo(3));
      const broken = fake.addDeployment('acme/broken', {
        created_at: hoursAgo(3),
      });
      fake.addStatus('acme/broken', broken, 'success', hoursAgo(3));
      fake.failNext('/repos/acme/broken/deployments', 500, 1);
      // Sorted by entity ref, the deleted and the failing repository come first.
      const entities = [
        repoEntity('alive', {}),
        {
          ...repoEntity('gone'),
          metadata: { ...repoEntity('gone').metadata, name: 'a-gone' },
        },
        {
          ...repoEntity('broken'),
          metadata: { ...repoEntity('broken').metadata, name: 'b-broken' },
        },
      ];

      const summary = await harness.poller(entities).pollAll();

      expect(summary).toMatchObject({
        repositories: 1,
        failed: 2,
        imported: 1,
      });
      expect(harness.logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          new RegExp(`${HOST}/acme/gone .*not imported.*deleted`),
        ),
      );
      expect(harness.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(`${HOST}/acme/broken`),
      );
      expect((await harness.events('alive')).map(e => e.status)).toEqual([
        'success',
      ]);
    });

    it('imports deploy workflow runs, and skips repositories without the workflow quietly', async () => {
      const workflows = {
        workflows: [{ file: 'deploy.yml', environment: 'prod' }],
      };
      fake.addRun('acme/worker', 'deploy.yml', {
        created_at: hoursAgo(40 * DAY),
      });
      fake.addRun('acme/worker', 'deploy.yml', {
        created_at: hoursAgo(3 * DAY),
        updated_at: hoursAgo(3 * DAY - 0.5),
      });
      fake.addRun('acme/worker', 'deploy.yml', {
        created_at: hoursAgo(2 * DAY),
        conclusion: 'cancelled',
      });
      const running = fake.addRun('acme/worker', 'deploy.yml', {
        created_at: hoursAgo(1),
        status: 'in_progress',
        conclusion: null,
        run_started_at: hoursAgo(0.9),
      });
      const lonely = fake.addDeployment('acme/lonely', {
        created_at: hoursAgo(1),
      });
      fake.addStatus('acme/lonely', lonely, 'success', hoursAgo(1));
      const poller = harness.poller(
        [repoEntity('worker'), repoEntity('lonely')],
        workflows,
      );

      expect(await poller.pollAll()).toMatchObject({
        repositories: 2,
        failed: 0,
        imported: 4,
      });
      expect(harness.logger.warn).not.toHaveBeenCalled();
      expect((await harness.events('worker')).map(e => e.status)).toEqual([
        'success',
        'cancelled',
        'in-progress',
      ]);

      harness.clock.now += 1000;
      running.status = 'completed';
      running.conclusion = 'success';
      running.updated_at = hoursAgo(0);
      expect(await poller.pollAll()).toMatchObject({
        imported: 1,
        duplicates: 0,
      });
      const events = await harness.events('worker');
      expect(events.map(e => e.status)).toEqual([
        'success',
        'cancelled',
        'in-progress',
        'success',
      ]);
      expect(events[3]).toMatchObject({
        deployment_id: events[2].deployment_id,
        environment: 'prod',
        run_url: running.html_url,
        run_number: running.run_number,
        sha: running.head_sha,
      });
    });
  },
);
