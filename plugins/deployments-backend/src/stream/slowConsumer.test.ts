import net from 'net';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { openStream } from '../__testUtils__/sseClient';

jest.setTimeout(120_000);

const databases = createTestDatabases();

describe('a stream client that stops reading', () => {
  it('is disconnected once its unread bytes pass the bound, while others keep streaming', async () => {
    const api = await startDeploymentsBackend({
      knex: await databases.init('SQLITE_3'),
      config: { deployments: { stream: { maxBufferedBytes: 64 * 1024 } } },
    });
    const { port } = new URL(api.baseUrl);
    // A raw connection that sends the request and then never reads.
    const stalled = net.connect(Number(port), '127.0.0.1');
    await new Promise(r => stalled.once('connect', r));
    stalled.write(
      `GET /api/deployments/stream HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${mockCredentials.user.header()}\r\nAccept-Encoding: identity\r\n\r\n`,
    );
    stalled.pause();
    let closed = false;
    stalled.on('close', () => {
      closed = true;
    });
    stalled.on('error', () => {});
    const reader = await openStream(`${api.baseUrl}/stream`, { Authorization: mockCredentials.user.header() });

    // ~7 KiB per frame: a couple of thousand frames overflow the kernel's
    // socket buffers, and then the 64 KiB bound.
    const big = 'x'.repeat(200);
    const parents = Array.from({ length: 32 }, (_, i) => `${i}${big}`.slice(0, 200));
    let posted = 0;
    for (let round = 0; round < 40 && !closed; round++) {
      await Promise.all(
        Array.from({ length: 50 }, () =>
          api.post(eventInput({ actor: big, ref: big, parent_deployments: parents })),
        ),
      );
      posted += 50;
      await new Promise(r => setTimeout(r, 20));
    }
    await new Promise(r => setTimeout(r, 500));
    stalled.resume();
    await new Promise(r => setTimeout(r, 500));
    expect(closed).toBe(true);
    // The reading client was not affected and got every frame.
    await reader.waitFor(m => m.event === 'deployment', posted, 20_000);
    const heapMiB = process.memoryUsage().heapUsed / 2 ** 20;
    expect(heapMiB).toBeLessThan(1024);
    await reader.close();
    stalled.destroy();
    await api.backend.stop();
  });
});
