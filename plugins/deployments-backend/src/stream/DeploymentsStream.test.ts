import knexFactory from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';
import { eventInput } from '../__testUtils__/events';
import { fakeResponse } from '../__testUtils__/fakeResponse';
import { DeploymentsStream } from './DeploymentsStream';
import { InProcessNotifier } from './EventNotifier';

async function startStream() {
  const knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
  const store = await DatabaseDeploymentsStore.fromKnex(knex);
  const stream = new DeploymentsStream({
    store,
    notifier: new InProcessNotifier(),
    logger: mockServices.logger.mock(),
    pingIntervalMs: 60_000,
    pollIntervalMs: 60_000,
    maxBufferedBytes: 10_000,
  });
  await stream.start();
  return { knex, store, stream };
}

describe('DeploymentsStream', () => {
  it('drops a client that stopped reading once its unread bytes pass the bound', async () => {
    const { knex, store, stream } = await startStream();
    const reader = fakeResponse();
    const stalled = fakeResponse();
    await stream.connect(reader.res, {});
    await stream.connect(stalled.res, {});
    (stalled.emitter as unknown as { writableLength: number }).writableLength = 20_000;
    const event = await store.append(eventInput(), Date.now());
    await stream.notify();
    expect(stream.clientCount).toBe(1);
    expect(reader.chunks.some(c => c.startsWith(`id: ${event.id}\n`))).toBe(true);
    expect(stalled.chunks.some(c => c.startsWith('id: '))).toBe(false);
    await stream.stop();
    await knex.destroy();
  });

  it('forgets a client when its connection closes and writes to it no more', async () => {
    const { knex, store, stream } = await startStream();
    const first = fakeResponse();
    const second = fakeResponse();
    await stream.connect(first.res, {});
    await stream.connect(second.res, {});
    expect(stream.clientCount).toBe(2);

    first.emitter.emit('close');
    expect(stream.clientCount).toBe(1);

    const event = await store.append(eventInput(), Date.now());
    stream.announce(event.id);
    await stream.notify();
    expect(second.chunks.some(c => c.startsWith(`id: ${event.id}\n`))).toBe(true);
    expect(first.chunks.some(c => c.startsWith('id: '))).toBe(false);

    await stream.stop();
    expect(stream.clientCount).toBe(0);
    await knex.destroy();
  });
});
