import {
  DeploymentEvent,
  MatrixResponse,
} from '@deploydash/plugin-deployments-common';
import { makeEvent, slotOf } from '../__testUtils__/fixtures';
import { applyDeploymentEvent, isUnknownToMatrix } from './matrixReducer';

const empty: MatrixResponse = { environments: ['dev', 'prod'], services: [] };

function fold(events: DeploymentEvent[], start: MatrixResponse = empty) {
  return events.reduce(applyDeploymentEvent, start);
}

/** Every ordering of a small list. */
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(rest => [
      item,
      ...rest,
    ]),
  );
}

describe('applyDeploymentEvent', () => {
  const started = makeEvent({
    id: '1',
    status: 'in-progress',
    version: '2.0.0',
    happened_at: '2026-01-01T10:00:00.000Z',
  });
  const succeeded = makeEvent({
    id: '2',
    status: 'success',
    version: '2.0.0',
    happened_at: '2026-01-01T10:05:00.000Z',
  });
  const failed = makeEvent({
    id: '3',
    status: 'failure',
    version: '3.0.0',
    happened_at: '2026-01-01T11:00:00.000Z',
  });
  // Arrives last but happened first: must not become current.
  const late = makeEvent({
    id: '4',
    status: 'success',
    version: '1.0.0',
    happened_at: '2026-01-01T09:00:00.000Z',
  });

  it('yields the same slot whatever order the events arrive in', () => {
    for (const order of permutations([started, succeeded, failed, late])) {
      const slot = fold(order).services[0].slots.prod;
      expect(slot.current.id).toBe('3');
      expect(slot.last_successful?.id).toBe('2');
    }
  });

  it('keeps last_successful equal to current when current is a success', () => {
    const slot = fold([started, succeeded]).services[0].slots.prod;
    expect(slot.current).toBe(succeeded);
    expect(slot.last_successful).toBe(succeeded);
  });

  it('has no last_successful before any success', () => {
    const slot = fold([started]).services[0].slots.prod;
    expect(slot.last_successful).toBeNull();
  });

  it('breaks happened_at ties by the greater numeric id (received later)', () => {
    const at = '2026-01-01T12:00:00.000Z';
    const a = makeEvent({ id: '9', status: 'failure', happened_at: at });
    const b = makeEvent({ id: '10', status: 'success', happened_at: at });
    // '10' < '9' as strings: the comparison must be numeric.
    expect(fold([a, b]).services[0].slots.prod.current.id).toBe('10');
    expect(fold([b, a]).services[0].slots.prod.current.id).toBe('10');
  });

  it('ignores duplicates replayed after a reconnect, returning the same matrix', () => {
    const state = fold([started, succeeded, failed]);
    const replayed = fold(
      [{ ...succeeded }, { ...failed }, { ...started }],
      state,
    );
    expect(replayed).toBe(state);
  });

  it('replaces only the touched row and slot', () => {
    const other = makeEvent({ service: 'payments', environment: 'dev' });
    const state = fold([
      started,
      other,
      makeEvent({ service: 'checkout', environment: 'dev' }),
    ]);
    const next = applyDeploymentEvent(state, succeeded);
    const [checkout, payments] = next.services;
    expect(payments).toBe(state.services[1]);
    expect(checkout).not.toBe(state.services[0]);
    expect(checkout.slots.dev).toBe(state.services[0].slots.dev);
    expect(checkout.slots.prod).not.toBe(state.services[0].slots.prod);
    expect(next.environments).toBe(state.environments);
  });

  it('adds unknown services in code-point order and unknown environments last', () => {
    const start: MatrixResponse = {
      environments: ['dev'],
      services: [
        {
          service: 'alpha',
          entity_ref: 'component:default/alpha',
          slots: {
            dev: slotOf(makeEvent({ service: 'alpha', environment: 'dev' })),
          },
        },
        { service: 'zulu', entity_ref: null, slots: {} },
      ],
    };
    const event = makeEvent({ service: 'mike', environment: 'qa' });
    expect(isUnknownToMatrix(start, event)).toBe(true);
    const next = applyDeploymentEvent(start, event);
    expect(next.services.map(s => s.service)).toEqual([
      'alpha',
      'mike',
      'zulu',
    ]);
    expect(next.environments).toEqual(['dev', 'qa']);
    expect(next.services[1]).toEqual({
      service: 'mike',
      entity_ref: null,
      slots: { qa: { current: event, last_successful: event } },
    });
    expect(isUnknownToMatrix(next, event)).toBe(false);
  });

  it('does not let an older failure displace a newer success as last_successful', () => {
    const newSuccess = makeEvent({
      id: '20',
      status: 'success',
      version: '5',
      happened_at: '2026-02-01T00:00:00.000Z',
    });
    const oldSuccess = makeEvent({
      id: '21',
      status: 'success',
      version: '4',
      happened_at: '2026-01-15T00:00:00.000Z',
    });
    const slot = fold([newSuccess, oldSuccess]).services[0].slots.prod;
    expect(slot.last_successful?.version).toBe('5');
  });
});
