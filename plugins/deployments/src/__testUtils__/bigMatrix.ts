import { MatrixResponse } from '@deploydash/plugin-deployments-common';
import { FakeMatrixServer } from '../hooks/__testUtils__/FakeMatrixServer';
import { makeEvent, slotOf } from './fixtures';

export const TWELVE_ENVIRONMENTS = [
  'dev',
  'qa',
  'int',
  'staging',
  'perf',
  'canary',
  'prod',
  'prod-eu',
  'prod-us',
  'prod-ap',
  'dr',
  'sandbox',
];

/** `service-0042`: names that sort in the order they are made. */
export const serviceName = (i: number) =>
  `service-${String(i).padStart(4, '0')}`;

/**
 * A matrix of `count` services with a successful deployment in every one of
 * `environments` (ids 1, 2, 3... in row order).
 */
export function bigMatrix(
  count: number,
  environments: string[] = TWELVE_ENVIRONMENTS,
): MatrixResponse {
  let id = 1;
  const services = Array.from({ length: count }, (_, i) => {
    const service = serviceName(i);
    const slots = Object.fromEntries(
      environments.map(environment => [
        environment,
        slotOf(makeEvent({ id: String(id++), service, environment })),
      ]),
    );
    return { service, entity_ref: null, slots };
  });
  return { environments, services };
}

/**
 * Fills a fake matrix server's log with `count` services × `environments`,
 * one success per slot, without sending frames.
 */
export function seedServices(
  server: FakeMatrixServer,
  count: number,
  environments: string[] = TWELVE_ENVIRONMENTS,
): void {
  const events = [];
  for (let i = 0; i < count; i++) {
    for (const environment of environments) {
      events.push({ service: serviceName(i), environment });
    }
  }
  server.commit(events, false);
}
