import { Knex } from 'knex';
import { DeploymentEventInput } from '@deploydash/plugin-deployments-common';

/** A valid ingest body; override any field. */
export function eventInput(overrides: Record<string, unknown> = {}) {
  return {
    deployment_id: 'run-1',
    service: 'checkout',
    environment: 'prod',
    status: 'success',
    happened_at: '2026-01-01T10:00:00Z',
    ...overrides,
  } as DeploymentEventInput;
}

/** How many events the log holds, read straight from the table. */
export async function countStoredEvents(knex: Knex): Promise<number> {
  return Number((await knex('deployment_events').count({ n: '*' }))[0].n);
}
