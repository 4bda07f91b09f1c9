import { readFileSync } from 'fs';
import { resolve as resolvePath } from 'path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases, DATABASE_IDS } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { runBash } from '../__testUtils__/recipeBackend';
import { openStream } from '../__testUtils__/sseClient';

jest.setTimeout(60_000);

/*
 * The README's "post your own" curl, run verbatim (only the port differs)
 * against a backend holding demo-like data: its event must become the slot's
 * current one and reach an open page's stream — the first thing a newcomer
 * tries after `scripts/dev.sh`. The banner of scripts/dev.sh prints the same
 * command, which is checked here too.
 */

const ROOT = resolvePath(__dirname, '../../../..');
const README = readFileSync(resolvePath(ROOT, 'README.md'), 'utf8');
const DEV_SH = readFileSync(resolvePath(ROOT, 'scripts/dev.sh'), 'utf8');
const DEV_KEY = 'local-dev-key';

/** The README's ```sh block that posts to the local backend. */
function readmeCurl(): string {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map(m => m[1]);
  const posts = blocks.filter(b => b.includes('curl') && b.includes('http://localhost:7007/api/deployments'));
  expect(posts).toHaveLength(1);
  return posts[0];
}

describe("README's post-your-own curl", () => {
  const curl = readmeCurl();

  it('stamps the post with the current time, fails with the body, retries transient failures, sends an Idempotency-Key', () => {
    expect(curl).toContain('NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)');
    expect(curl).toContain('\\"happened_at\\":\\"$NOW\\"');
    expect(curl).toContain('curl -sS --fail-with-body --retry 5 --retry-connrefused --retry-max-time 60');
    expect(curl).toMatch(/-H "Idempotency-Key: [^"]*\$NOW"/);
    expect(curl).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  it('is the curl the banner of scripts/dev.sh prints', () => {
    const banner = /<<'CURL'\n([\s\S]*?)\nCURL\n/.exec(DEV_SH)?.[1];
    expect(`${banner}\n`).toBe(curl);
  });

  describe.each(DATABASE_IDS)('on %s', databaseId => {
    const databases = createTestDatabases([databaseId]);
    let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;

    beforeAll(async () => {
      api = await startDeploymentsBackend({
        knex: await databases.init(databaseId),
        moreApiKeys: [{ name: 'dev', key: DEV_KEY }],
      });
    });
    afterAll(() => api.backend.stop());

    it('becomes the current deployment of checkout/prod, newer than the demo data, and reaches an open stream', async () => {
      // The newest the demo posts: its live loop stamps events with the time of the post.
      const demo = await api.seed({
        deployment_id: 'demo-live-1',
        service: 'checkout',
        environment: 'prod',
        status: 'success',
        version: '2.7.0',
        happened_at: new Date(Date.now() - 1500).toISOString(),
      });
      const before = await (await api.get('/matrix?service=checkout')).json();
      expect(before.services[0].slots.prod.current.id).toBe(demo.id);

      const stream = await openStream(`${api.baseUrl}/stream`, { Authorization: mockCredentials.user.header() });
      try {
        const script = curl.replaceAll('http://localhost:7007/api/deployments', api.baseUrl);
        const result = await runBash(script, { PATH: process.env.PATH ?? '/usr/bin:/bin' });
        expect(result).toMatchObject({ code: 0, stderr: '' });
        const posted = JSON.parse(result.stdout);
        expect(posted).toMatchObject({ service: 'checkout', environment: 'prod', status: 'success', version: '1.2.3' });

        const after = await (await api.get('/matrix?service=checkout')).json();
        expect(after.services[0].slots.prod.current).toEqual(posted);

        const [frame] = await stream.waitFor(m => m.event === 'deployment' && JSON.parse(m.data!).id === posted.id);
        expect(JSON.parse(frame.data!)).toMatchObject({ id: posted.id, version: '1.2.3' });
      } finally {
        await stream.close();
      }
    });

    it('a retried paste within the same second is answered, not stored twice', async () => {
      const script = curl.replaceAll('http://localhost:7007/api/deployments', api.baseUrl);
      // The same NOW for both posts: the same key and body, as curl's own retry sends.
      const now = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
      const twice = `date() { echo ${now}; }\n${script}\n${script}`;
      const result = await runBash(twice, { PATH: process.env.PATH ?? '/usr/bin:/bin' });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      const events = (await (await api.get(`?deployment_id=readme-${now}`)).json()).items;
      expect(events).toHaveLength(1);
    });
  });
});
