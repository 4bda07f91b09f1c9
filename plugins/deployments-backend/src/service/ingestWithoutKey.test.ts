import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve as resolvePath } from 'path';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { JsonObject } from '@backstage/types';
import { deploymentsPlugin } from '../plugin';
import { createTestDatabases, DATABASE_IDS } from '../__testUtils__/testDatabases';

jest.setTimeout(60_000);

/*
 * docs/install.md, "Without DEPLOYMENTS_API_KEY": the configuration block of
 * the page, read by Backstage's own config loader (with its ${VAR}
 * substitution) while the variable is unset. The backend starts, warns, and
 * answers every X-Api-Key post 401 — while service tokens and reads work.
 */

const INSTALL_DOC = readFileSync(resolvePath(__dirname, '../../../../docs/install.md'), 'utf8');

/** The YAML block marked `<!-- proof: config -->` in docs/install.md. */
function installConfigBlock(): string {
  const match = /<!-- proof: config -->\n```yaml\n([\s\S]*?)```/.exec(INSTALL_DOC);
  if (!match) throw new Error('docs/install.md has no block marked proof: config');
  return match[1];
}

/** A root logger that keeps every warning, as the backend would print them. */
function recordingLogger(warnings: string[]) {
  const logger = (meta: JsonObject = {}): LoggerService => ({
    error: () => {},
    warn: message => {
      warnings.push(`${meta.plugin ?? ''}: ${message}`);
    },
    info: () => {},
    debug: () => {},
    child: more => logger({ ...meta, ...more }),
  });
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => ({ ...logger(), child: (meta: JsonObject) => logger(meta) }),
  });
}

const event = {
  deployment_id: 'no-key-1',
  service: 'example-website',
  environment: 'prod',
  status: 'success',
  happened_at: new Date().toISOString(),
};

describe.each(DATABASE_IDS)('docs/install.md configuration without DEPLOYMENTS_API_KEY, on %s', databaseId => {
  const databases = createTestDatabases([databaseId]);
  const warnings: string[] = [];
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let baseUrl: string;
  const saved = process.env.DEPLOYMENTS_API_KEY;

  beforeAll(async () => {
    delete process.env.DEPLOYMENTS_API_KEY;
    const file = join(mkdtempSync(join(tmpdir(), 'install-config-')), 'app-config.yaml');
    writeFileSync(file, installConfigBlock());
    backend = await startTestBackend({
      features: [
        deploymentsPlugin,
        rootConfigServiceFactory({ argv: ['node', 'backend', '--config', file] }),
        recordingLogger(warnings),
        mockServices.database.factory({ knex: await databases.init(databaseId) }),
        mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    baseUrl = `http://localhost:${backend.server.port()}/api/deployments`;
  });
  afterAll(async () => {
    await backend?.stop();
    if (saved !== undefined) process.env.DEPLOYMENTS_API_KEY = saved;
  });

  const post = (headers: Record<string, string>) =>
    fetch(baseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(event),
    });

  it('starts, and warns that the ci key is ignored', () => {
    expect(warnings).toContainEqual(
      expect.stringContaining("Ingest key 'ci' has no key or valid sha256; it is ignored"),
    );
  });

  it('answers every X-Api-Key post 401 with the problem the page quotes, and stores nothing', async () => {
    for (const key of ['', 'local-dev-key', 'undefined']) {
      const res = await post({ 'X-Api-Key': key });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({
        status: 401,
        detail: 'A valid X-Api-Key header or Backstage service token is required',
      });
    }
    const read = await fetch(`${baseUrl}?deployment_id=no-key-1`, {
      headers: { Authorization: mockCredentials.user.header() },
    });
    expect((await read.json()).items).toEqual([]);
  });

  it('still takes a post with a Backstage service token, and serves reads', async () => {
    const res = await post({ Authorization: mockCredentials.service.header() });
    expect(res.status).toBe(201);
    const matrix = await fetch(`${baseUrl}/matrix`, { headers: { Authorization: mockCredentials.user.header() } });
    expect(matrix.status).toBe(200);
    const row = (await matrix.json()).services.find((s: { service: string }) => s.service === 'example-website');
    expect(row.slots.prod.current).toMatchObject({ deployment_id: 'no-key-1' });
  });
});
