import { Knex } from 'knex';
import { mockCredentials } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { countStoredEvents, eventInput } from '../__testUtils__/events';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const OTHER_KEY = 'other-key-0123456789';

describe.each(databases.eachSupportedId())(
  'Idempotency-Key on POST /api/deployments on %s',
  id => {
    let knex: Knex;
    let api: Awaited<ReturnType<typeof startDeploymentsBackend>>;

    beforeAll(async () => {
      knex = await databases.init(id);
      api = await startDeploymentsBackend({
        knex,
        moreApiKeys: [{ name: 'other', key: OTHER_KEY }],
      });
    });
    afterAll(() => api.backend.stop());

    /** POSTs a body (an object, or JSON text as is) with an Idempotency-Key. */
    const post = (
      body: unknown,
      key: string,
      headers: Record<string, string> = {},
    ) => api.post(body, { 'Idempotency-Key': key, ...headers });
    const keyRows = () =>
      knex('deployments_idempotency_keys')
        .count({ n: '*' })
        .then(r => Number(r[0].n));

    it('answers a retry with the same body again: same status, body and Location, marked replayed, one row', async () => {
      const before = await countStoredEvents(knex);
      const body = eventInput({ deployment_id: 'replay-1', tags: ['a', 'b'] });
      const first = await post(body, 'replay-1');
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const firstText = await first.text();

      // The same body with other whitespace and key order is the same body.
      const reordered = `{ "tags": ["a", "b"],\n${JSON.stringify(body).slice(
        1,
        -1,
      )} }`;
      for (const again of [body, reordered]) {
        const res = await post(again, 'replay-1');
        expect(res.status).toBe(201);
        expect(res.headers.get('idempotent-replayed')).toBe('true');
        expect(res.headers.get('location')).toBe(first.headers.get('location'));
        expect(res.headers.get('content-type')).toBe(
          first.headers.get('content-type'),
        );
        expect(await res.text()).toBe(firstText);
      }
      expect(await countStoredEvents(knex)).toBe(before + 1);
    });

    it('refuses the same key with a different body: 422 problem+json, nothing stored', async () => {
      await (
        await post(eventInput({ deployment_id: 'mismatch' }), 'mismatch')
      ).arrayBuffer();
      const before = await countStoredEvents(knex);
      const res = await post(
        eventInput({ deployment_id: 'mismatch', status: 'failure' }),
        'mismatch',
      );
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain(
        'application/problem+json',
      );
      expect(await res.json()).toMatchObject({
        type: 'about:blank',
        status: 422,
        errors: [
          {
            field: '(Idempotency-Key)',
            message: 'was used before with a different body',
          },
        ],
      });
      expect(await countStoredEvents(knex)).toBe(before);
      // The key still answers its first body.
      const replay = await post(
        eventInput({ deployment_id: 'mismatch' }),
        'mismatch',
      );
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    });

    it('scopes keys to the sender: the same key from two API keys and a service stores three rows', async () => {
      const before = await countStoredEvents(knex);
      const body = eventInput({ deployment_id: 'scoped' });
      const fromCi = await post(body, 'shared-key');
      const fromOther = await post(body, 'shared-key', {
        'X-Api-Key': OTHER_KEY,
      });
      const fromService = await fetch(api.baseUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: mockCredentials.service.header(),
          'Idempotency-Key': 'shared-key',
        },
        body: JSON.stringify(body),
      });
      const answers = [fromCi, fromOther, fromService];
      expect(
        answers.map(r => [r.status, r.headers.get('idempotent-replayed')]),
      ).toEqual([
        [201, null],
        [201, null],
        [201, null],
      ]);
      const ids = await Promise.all(
        answers.map(async r => (await r.json()).id),
      );
      expect(new Set(ids).size).toBe(3);
      expect(await countStoredEvents(knex)).toBe(before + 3);
      const senders = await knex('deployments_idempotency_keys')
        .where({ key: 'shared-key' })
        .pluck('sender');
      // Scoped by the key's name, never the key itself.
      expect(senders.sort()).toEqual([
        'key:ci',
        'key:other',
        expect.stringMatching(/^service:/),
      ]);
    });

    it.each([
      ['256 characters', 'k'.repeat(256)],
      ['an empty value', ''],
      ['a tab', 'a\tb'],
      // Other control characters (DEL included) never reach the plugin: Node's HTTP parser answers 400 itself.
      ['a Latin-1 letter', 'caf\u00e9'],
    ])(
      'refuses a key of %s with 400 problem+json naming the header, storing nothing',
      async (_name, key) => {
        const [events, keys] = [await countStoredEvents(knex), await keyRows()];
        const res = await post(eventInput({ deployment_id: 'bad-key' }), key);
        expect(res.status).toBe(400);
        expect(res.headers.get('content-type')).toContain(
          'application/problem+json',
        );
        expect((await res.json()).detail).toMatch(
          /^The Idempotency-Key header must be 1-255 printable ASCII/,
        );
        expect([await countStoredEvents(knex), await keyRows()]).toEqual([
          events,
          keys,
        ]);
      },
    );

    it('accepts 255 characters and inner spaces', async () => {
      expect((await post(eventInput(), 'k'.repeat(255))).status).toBe(201);
      expect((await post(eventInput(), 'deploy checkout #42')).status).toBe(
        201,
      );
    });

    it('checks credentials first: 401 whatever the key', async () => {
      const res = await post(eventInput(), 'k'.repeat(300), {
        'X-Api-Key': 'wrong',
      });
      expect(res.status).toBe(401);
    });

    it('changes nothing without the header: every POST appends', async () => {
      const before = await countStoredEvents(knex);
      for (let i = 0; i < 3; i++) {
        const res = await api.post(eventInput({ deployment_id: 'no-key' }));
        expect(res.status).toBe(201);
        expect(res.headers.get('idempotent-replayed')).toBeNull();
      }
      expect(await countStoredEvents(knex)).toBe(before + 3);
    });

    it('never claims a key for a refused request: after a 422, a valid retry with the key is stored once', async () => {
      const before = await countStoredEvents(knex);
      const invalid = await post(
        eventInput({ deployment_id: 'fixed', status: 'done' }),
        'fixed',
      );
      expect(invalid.status).toBe(422);
      const valid = eventInput({ deployment_id: 'fixed' });
      const stored = await post(valid, 'fixed');
      expect([
        stored.status,
        stored.headers.get('idempotent-replayed'),
      ]).toEqual([201, null]);
      const again = await post(valid, 'fixed');
      expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([
        201,
        'true',
      ]);
      expect(await countStoredEvents(knex)).toBe(before + 1);
    });

    it('releases the key when the append fails, so the retry is processed anew', async () => {
      const before = await countStoredEvents(knex);
      // The database refuses this one event: the append fails after the key was claimed.
      await knex.raw(
        id === 'SQLITE_3'
          ? `CREATE TRIGGER refuse_one BEFORE INSERT ON deployment_events
           WHEN NEW.deployment_id = 'refused' BEGIN SELECT RAISE(ABORT, 'refused'); END`
          : `CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN IF NEW.deployment_id = 'refused' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
           CREATE TRIGGER refuse_one BEFORE INSERT ON deployment_events
           FOR EACH ROW EXECUTE FUNCTION refuse_one()`,
      );
      const body = eventInput({ deployment_id: 'refused' });
      try {
        const failed = await post(body, 'refused');
        expect(failed.status).toBe(500);
        expect(
          await knex('deployments_idempotency_keys').where({ key: 'refused' }),
        ).toEqual([]);
      } finally {
        await knex.raw(
          id === 'SQLITE_3'
            ? 'DROP TRIGGER refuse_one'
            : 'DROP TRIGGER refuse_one ON deployment_events; DROP FUNCTION refuse_one()',
        );
      }
      const retry = await post(body, 'refused');
      expect([retry.status, retry.headers.get('idempotent-replayed')]).toEqual([
        201,
        null,
      ]);
      expect(await countStoredEvents(knex)).toBe(before + 1);
    });
  },
);
