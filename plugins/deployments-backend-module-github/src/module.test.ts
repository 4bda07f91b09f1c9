import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { MatrixResponse } from '@deploydash/plugin-deployments-common';
import { FakeGitHub } from './__testUtils__/fakeGitHub';
import { githubConfig, HOST, repoEntity } from './__testUtils__/pollerHarness';
import { bothDatabases } from './__testUtils__/testDatabases';
import { startDeployments } from './__testUtils__/testBackend';
import githubModule from './index';
import { GITHUB_IMPORT_TASK_ID } from './GithubDeploymentsProvider';

jest.setTimeout(60_000);

const databases = bothDatabases();

/** Reads a response body until `text` appears in it, or fails after a few seconds. */
async function readUntil(res: Response, text: string): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  const deadline = Date.now() + 5000;
  while (!seen.includes(text) && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return seen;
}

describe.each(databases.eachSupportedId())(
  'the GitHub module in a backend on %s',
  databaseId => {
    let fake: FakeGitHub;

    beforeAll(async () => {
      fake = await FakeGitHub.start();
    });
    afterAll(() => fake.stop());

    it('schedules one global poll that fills the matrix and the live stream', async () => {
      const deployment = fake.addDeployment('acme/checkout', {
        created_at: new Date(Date.now() - 3_600_000).toISOString(),
        environment: 'prod',
        payload: { version: '2.0.0' },
      });
      fake.addStatus(
        'acme/checkout',
        deployment,
        'success',
        new Date(Date.now() - 3_000_000).toISOString(),
      );

      let task: SchedulerServiceTaskInvocationDefinition | undefined;
      const scheduler = mockServices.scheduler.mock({
        // The plugin schedules tasks of its own (key cleanup); keep the module's.
        scheduleTask: jest.fn(async t => {
          if (t.id === GITHUB_IMPORT_TASK_ID) task = t;
        }),
      });
      const api = await startDeployments({
        knex: await databases.init(databaseId),
        features: [githubModule, scheduler.factory],
        entities: [
          repoEntity('checkout-repo', {
            'github.com/project-slug': 'acme/checkout',
            'deployments/service-name': 'checkout',
          }),
        ],
        config: githubConfig(fake, {
          schedule: { frequency: { minutes: 2 }, timeout: { minutes: 1 } },
        }),
      });
      try {
        expect(
          scheduler.scheduleTask.mock.calls.filter(([t]) => t.id === GITHUB_IMPORT_TASK_ID),
        ).toHaveLength(1);
        expect(task).toMatchObject({
          id: GITHUB_IMPORT_TASK_ID,
          scope: 'global',
          frequency: { minutes: 2 },
          timeout: { minutes: 1 },
        });

        const streaming = new AbortController();
        const stream = await api.get('/stream', { signal: streaming.signal });
        expect(stream.status).toBe(200);
        await task!.fn(new AbortController().signal);

        const frames = await readUntil(stream, '"source":"github"');
        // An open stream holds the backend's shutdown for seconds: close it,
        // and give the server a moment to see the socket go.
        streaming.abort();
        await new Promise(r => setTimeout(r, 50));
        expect(frames).toContain(
          `github:${HOST}/acme/checkout/deployments/${deployment.id}`,
        );
        const matrix: MatrixResponse = await (await api.get('/matrix')).json();
        const slot = matrix.services.find(s => s.service === 'checkout')?.slots
          .prod;
        expect(slot?.current).toMatchObject({
          status: 'success',
          version: '2.0.0',
          source: 'github',
        });
        expect(
          matrix.services.find(s => s.service === 'checkout')?.entity_ref,
        ).toBe('component:default/checkout-repo');
      } finally {
        await api.backend.stop();
      }
    });

    it('stays off, logging once, without integrations.github for the host', async () => {
      const scheduler = mockServices.scheduler.mock();
      const logger = mockServices.logger.mock();
      const api = await startDeployments({
        knex: await databases.init(databaseId),
        features: [githubModule, scheduler.factory, logger.factory],
        entities: [repoEntity('checkout')],
      });
      try {
        expect(
          scheduler.scheduleTask.mock.calls.filter(([t]) => t.id === GITHUB_IMPORT_TASK_ID),
        ).toHaveLength(0);
        const offMessages = logger.info.mock.calls.filter(([message]) =>
          String(message).includes('GitHub deployments import is off'),
        );
        expect(offMessages).toHaveLength(1);
        expect((await api.get('/matrix')).status).toBe(200);
      } finally {
        await api.backend.stop();
      }
    });
  },
);
