import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { makeEvent } from '../__testUtils__/fixtures';
import { BASE, setupClient } from '../__testUtils__/clientSetup';
import { DeploymentsApiError } from './DeploymentsApiError';

const voided = makeEvent({
  id: '42',
  voided: {
    at: '2026-01-02T10:00:00.000Z',
    by: 'user:default/jane',
    reason: 'wrong env',
  },
});

describe('DeploymentsClient and voids', () => {
  it('posts the reason as JSON to /{id}/void and answers the voided event', async () => {
    const { client, calls } = setupClient(
      () => new Response(JSON.stringify(voided)),
    );
    await expect(client.voidEvent('42', 'wrong env')).resolves.toEqual(voided);
    expect(calls[0].url).toBe(`${BASE}/42/void`);
    expect(calls[0].init?.method).toBe('POST');
    expect(
      (calls[0].init?.headers as Record<string, string>)['Content-Type'],
    ).toBe('application/json');
    expect(JSON.parse(String(calls[0].init?.body))).toEqual({
      reason: 'wrong env',
    });
  });

  it('rejects with the problem a refusal carries', async () => {
    const { client } = setupClient(
      () =>
        new Response(
          JSON.stringify({
            type: 'about:blank',
            title: 'Bad Request',
            status: 400,
            detail: 'reason: must not be empty',
            errors: [{ field: 'reason', message: 'must not be empty' }],
          }),
          {
            status: 400,
            headers: { 'Content-Type': 'application/problem+json' },
          },
        ),
    );
    const error = await client.voidEvent('42', '').catch(e => e);
    expect(error).toBeInstanceOf(DeploymentsApiError);
    expect(error).toMatchObject({
      status: 400,
      title: 'Bad Request',
      detail: 'reason: must not be empty',
      fieldErrors: [{ field: 'reason', message: 'must not be empty' }],
    });
  });

  it('hands event: void frames to onVoid, without moving the cursor of deployment frames', async () => {
    const first = makeEvent({ id: '41' });
    const body = [
      `id: 41\nevent: deployment\ndata: ${JSON.stringify(first)}\n\n`,
      `event: void\ndata: ${JSON.stringify(voided)}\n\n`,
      'event: void\ndata: {not json\n\n',
    ].join('');
    const { client } = setupClient(() => new Response(body));
    const events: Array<[string, string]> = [];
    const voids: DeploymentEvent[] = [];
    await client.streamEvents({
      signal: new AbortController().signal,
      onEvent: (event, cursor) => events.push([event.id, cursor]),
      onVoid: event => voids.push(event),
    });
    expect(events).toEqual([['41', '41']]);
    expect(voids).toEqual([voided]);
  });
});
