import { startDeploymentsBackend, TEST_API_KEY } from '../__testUtils__/testBackend';
import { useOwnPostgres } from '../__testUtils__/ownPostgres';
import { countStoredIncidents, incidentInput, postIncident } from '../__testUtils__/incidents';

jest.setTimeout(120_000);

describe('incidents during a database outage', () => {
  const own = useOwnPostgres(55446);

  it('answers 503 with Retry-After to POST and GET /incidents while the database is down; stores once it is back', async () => {
    const api = await startDeploymentsBackend({ knex: own.knex });
    const post = () => postIncident(api.baseUrl, incidentInput(), { 'X-Api-Key': TEST_API_KEY });

    own.server.stop();
    for (const down of [await post(), await api.get('/incidents?service=checkout')]) {
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toContain('application/problem+json');
      expect(down.headers.get('retry-after')).toBe('5');
    }

    own.server.start();
    let back = await post();
    // The pool may still hand out a connection the restart killed.
    for (let i = 0; back.status === 503 && i < 20; i++) {
      await new Promise(r => setTimeout(r, 500));
      back = await post();
    }
    expect(back.status).toBe(201);
    expect(await countStoredIncidents(own.knex)).toBe(1);
    await api.backend.stop();
  });
});
