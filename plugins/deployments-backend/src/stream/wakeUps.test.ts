import { Knex } from 'knex';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { DatabaseDeploymentsStore } from '../database/DatabaseDeploymentsStore';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { eventInput } from '../__testUtils__/events';
import { fakeResponse } from '../__testUtils__/fakeResponse';
import { DeploymentsStream } from './DeploymentsStream';
import { EventNotifier, InProcessNotifier } from './EventNotifier';
import { PostgresNotifier } from './PostgresNotifier';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const COMMITS = 20;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function waitUntil(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await sleep(5);
  }
}

/** The store, counting the stream's reads of the log. */
function countingStore(store: DeploymentsStore) {
  const reads = { committed: 0, listed: 0 };
  const counted: DeploymentsStore = Object.create(store);
  counted.committedSeq = () => {
    reads.committed += 1;
    return store.committedSeq();
  };
  counted.listAfterSeq = (...args) => {
    reads.listed += 1;
    return store.listAfterSeq(...args);
  };
  return { counted, reads };
}

/** One replica's stream with one client, counting its reads and its notifier's wake-ups. */
async function startReplica(id: TestDatabaseId, knex: Knex, store: DeploymentsStore) {
  const logger = mockServices.logger.mock();
  const { counted, reads } = countingStore(store);
  const inner: EventNotifier =
    id === 'POSTGRES_15' ? new PostgresNotifier(knex, logger) : new InProcessNotifier();
  const wakeUps = { count: 0 };
  const notifier: EventNotifier = {
    start: onNotify =>
      inner.start(seq => {
        wakeUps.count += 1;
        onNotify(seq);
      }),
    publish: seq => inner.publish(seq),
    publishVoid: () => inner.publishVoid(),
    stop: () => inner.stop(),
  };
  const stream = new DeploymentsStream({
    store: counted,
    notifier,
    logger,
    pingIntervalMs: 60_000,
    // No poll during the test: only commits wake the reader.
    pollIntervalMs: 60_000,
    maxBufferedBytes: 1024 * 1024,
  });
  await stream.start();
  const client = fakeResponse();
  await stream.connect(client.res, {});
  // The client's catch-up read after joining is not a commit's.
  await stream.notify();
  reads.committed = 0;
  reads.listed = 0;
  return { stream, reads, wakeUps, client };
}

describe.each(databases.eachSupportedId())('stream wake-ups on %s', id => {
  it('reads the log once per commit on each replica, not once per wake-up', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseDeploymentsStore.fromKnex(knex);
    const writer = await startReplica(id, knex, store);
    // On PostgreSQL a second replica hears of the commits only by NOTIFY.
    const other = id === 'POSTGRES_15' ? await startReplica(id, knex, store) : undefined;

    for (let i = 0; i < COMMITS; i++) {
      const heard = writer.wakeUps.count;
      const event = await store.append(eventInput({ deployment_id: `w${i}` }), Date.now());
      writer.stream.announce(event.id);
      // Delivered everywhere, and (PostgreSQL) the writer's own NOTIFY is back.
      await waitUntil(
        () =>
          writer.client.hasFrame(event.id) &&
          (!other || (other.client.hasFrame(event.id) && writer.wakeUps.count > heard)),
      );
    }
    // Time for any read the last echo would start.
    await sleep(200);

    const replicas = other ? [writer, other] : [writer];
    const oneReadPerCommit = { committed: COMMITS, listed: COMMITS };
    expect(replicas.map(r => r.reads)).toEqual(replicas.map(() => oneReadPerCommit));
    for (const replica of replicas) await replica.stream.stop();
  });
});
