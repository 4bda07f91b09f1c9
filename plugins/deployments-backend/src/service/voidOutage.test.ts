import { startDeploymentsBackend } from '../__testUtils__/testBackend';
import { eventInput } from '../__testUtils__/events';
import { useOwnPostgres } from '../__testUtils__/ownPostgres';
import { postVoid } from '../__testUtils__/voidRequests';

jest.setTimeout(120_000);

describe('voiding during a database outage', () => {
  const own = useOwnPostgres(55441);

  it('answers 503 with Retry-After while the database is down, nothing voided; 200 once it is back', async () => {
    const api = await startDeploymentsBackend({ knex: own.knex });
    const event = await api.seed(eventInput());

    own.server.stop();
    const down = await postVoid(api.baseUrl, event.id, {
      reason: 'while down',
    });
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain(
      'application/problem+json',
    );
    expect(down.headers.get('retry-after')).toBe('5');

    own.server.start();
    let back = await postVoid(api.baseUrl, event.id, { reason: 'once back' });
    // The pool may still hand out a connection the restart killed.
    for (let i = 0; back.status === 503 && i < 20; i++) {
      await new Promise(r => setTimeout(r, 500));
      back = await postVoid(api.baseUrl, event.id, { reason: 'once back' });
    }
    expect(back.status).toBe(200);
    expect((await back.json()).voided.reason).toBe('once back');
    await api.backend.stop();
  });
});
