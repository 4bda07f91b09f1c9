import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { openStream } from '../__testUtils__/sseClient';

jest.setTimeout(120_000);

const databases = createTestDatabases();

// A seeded generator, so a failure can be reproduced.
let seed = 20261123;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (max: number) => Math.floor(random() * max);

const UNICODE = ['é', 'ß', '日本', '🚀', '\u200b', 'line\nbreak', 'tab\t', '\r\n', '\u2028', '"quote"', '\\'];
const text = (max: number) =>
  Array.from({ length: 1 + int(Math.max(1, max / 8)) }, () => pick(['a', 'Z', '-', '_', '9', ...UNICODE]))
    .join('')
    .slice(0, max);

function validBody(): Record<string, unknown> {
  const body: Record<string, unknown> = {
    deployment_id: text(200),
    service: text(128),
    environment: text(64),
    status: pick(['in-progress', 'success', 'failure']),
    // 2020-2025: never in the future (422) whenever the tests run.
    happened_at: new Date(Date.UTC(2020 + int(6), int(12), 1 + int(28), int(24), int(60))).toISOString(),
  };
  if (random() < 0.5) body.version = text(128);
  if (random() < 0.3) body.run_url = `https://ci.example.com/${encodeURIComponent(text(50))}`;
  if (random() < 0.3) body.run_number = int(1e9);
  if (random() < 0.3) body.parent_deployments = Array.from({ length: int(5) }, () => text(50) || 'p');
  if (random() < 0.2) body.actor = null;
  return body;
}

/** Values of the wrong type for each field (by the contract's types). */
const NOT_A_STRING = [42, -1.5, true, [], {}, [1, 2], { a: 1 }];
const WRONG_VALUES: Record<string, unknown[]> = {
  deployment_id: NOT_A_STRING,
  service: NOT_A_STRING,
  environment: NOT_A_STRING,
  status: [...NOT_A_STRING, 'done', 'SUCCESS', ''],
  happened_at: [...NOT_A_STRING, 1700000000000],
  run_number: ['42', -1, 1.5, true, [], {}, 2 ** 53],
  run_url: [...NOT_A_STRING, 'not a url', 'ftp://example.com/x'],
  parent_deployments: ['a', 42, {}, [1, 2], [''], [null]],
};
const deepNesting = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** One body known to break the contract, and how. */
function invalidBody(): { body: string; why: string } {
  const body = validBody();
  const field = pick(['deployment_id', 'service', 'environment', 'status', 'happened_at', 'run_number', 'run_url', 'parent_deployments']);
  switch (int(8)) {
    case 0:
      delete body[pick(['deployment_id', 'service', 'environment', 'status', 'happened_at'])];
      return { body: JSON.stringify(body), why: 'missing required field' };
    case 1:
      body[field] = pick(WRONG_VALUES[field]);
      return { body: JSON.stringify(body), why: `wrong type for ${field}` };
    case 2:
      body[pick(['deployment_id', 'service', 'environment', 'version', 'actor', 'sha'])] = 'y'.repeat(300 + int(20_000));
      return { body: JSON.stringify(body), why: 'string too long' };
    case 3:
      body[pick(['service', 'environment', 'deployment_id', 'actor'])] = `a\u0000b`;
      return { body: JSON.stringify(body), why: 'NUL character' };
    case 4:
      return {
        body: JSON.stringify(body).replace(/^\{/, `{"${pick(['__proto__', 'constructor', 'prototype', 'extra'])}":{"polluted":true},`),
        why: 'prototype or unknown key',
      };
    case 5:
      return {
        // Last, so it wins over any earlier "version" when parsed.
        body: JSON.stringify(body).replace(/\}$/, `,"version":${deepNesting(1 + int(5000))}}`),
        why: 'deep nesting',
      };
    case 6:
      body.happened_at = pick(['2024-02-30T00:00:00Z', '2024-01-01', 'now', '2024-01-01T25:00:00Z', '2024-01-01 10:00:00Z']);
      return { body: JSON.stringify(body), why: 'bad timestamp' };
    default:
      return { body: pick(['{', '{"a":', 'null', '[]', '"s"', '{"service": "a", }', '\u0000']), why: 'not an object' };
  }
}

describe.each(databases.eachSupportedId())('fuzzing the ingest on %s', id => {
  it('never answers 5xx, never 201 for an invalid body, always 201 for a valid one', async () => {
    const api = await startDeploymentsBackend({ knex: await databases.init(id) });
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const valid = random() < 0.3;
      const { body, why } = valid ? { body: JSON.stringify(validBody()), why: 'valid' } : invalidBody();
      const res = await api.post(body);
      if (res.status >= 500 || (valid ? res.status !== 201 : res.status === 201)) {
        failures.push(`${res.status} for ${why}: ${body.slice(0, 200)} → ${(await res.text()).slice(0, 200)}`);
      } else {
        await res.arrayBuffer();
      }
    }
    expect(failures).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await api.backend.stop();
  });

  it('round-trips strings with newlines and unicode through the stream as valid JSON', async () => {
    const api = await startDeploymentsBackend({ knex: await databases.init(id) });
    const stream = await openStream(`${api.baseUrl}/stream`, { Authorization: mockCredentials.user.header() });
    const body = {
      ...validBody(),
      actor: 'first line\nsecond line\r\nthird\u2028fourth 🚀',
      version: 'v1\n\ndata: forged frame',
    };
    const posted = await (await api.post(body)).json();
    const [frame] = await stream.waitFor(m => m.event === 'deployment');
    expect(JSON.parse(frame.data!)).toEqual(posted);
    expect(posted.actor).toBe(body.actor);
    expect(stream.deployments()).toHaveLength(1);
    await stream.close();
    await api.backend.stop();
  });
});
