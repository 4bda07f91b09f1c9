import { Knex } from 'knex';
import { IncidentEventInput } from '@deploydash/plugin-deployments-common';

/** A valid incident event body (checkout in prod opened at 10:00 on 1 March 2026); override any field. */
export function incidentInput(overrides: Record<string, unknown> = {}) {
  return {
    incident_id: 'PD-1',
    service: 'checkout',
    environment: 'prod',
    status: 'open',
    happened_at: '2026-03-01T10:00:00Z',
    ...overrides,
  } as IncidentEventInput;
}

/** How many incident events are stored, read straight from the table. */
export async function countStoredIncidents(knex: Knex): Promise<number> {
  return Number((await knex('deployment_incidents').count({ n: '*' }))[0].n);
}

/** POSTs an incident event body with an API key. */
export function postIncident(
  baseUrl: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/incidents`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
