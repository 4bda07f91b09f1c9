import { MatrixResponse } from '@deploydash/plugin-deployments-common';
import { makeEvent, slotOf } from '../__testUtils__/fixtures';
import { reconcileMatrix } from './reconcileMatrix';

function snapshot(prodVersionId: string): MatrixResponse {
  return {
    environments: ['dev', 'prod'],
    services: [
      {
        service: 'a',
        entity_ref: null,
        slots: {
          dev: slotOf(makeEvent({ id: '1', service: 'a', environment: 'dev' })),
        },
      },
      {
        service: 'b',
        entity_ref: null,
        slots: { prod: slotOf(makeEvent({ id: prodVersionId, service: 'b' })) },
      },
    ],
  };
}

describe('reconcileMatrix', () => {
  it('returns the previous matrix when nothing changed', () => {
    const previous = snapshot('2');
    expect(reconcileMatrix(previous, snapshot('2'))).toBe(previous);
  });

  it('keeps unchanged rows and swaps only changed ones', () => {
    const previous = snapshot('2');
    const next = reconcileMatrix(previous, snapshot('3'));
    expect(next).not.toBe(previous);
    expect(next.services[0]).toBe(previous.services[0]);
    expect(next.services[1]).not.toBe(previous.services[1]);
    expect(next.services[1].slots.prod.current.id).toBe('3');
    expect(next.environments).toBe(previous.environments);
  });

  it('takes a changed entity_ref from the snapshot', () => {
    const previous = snapshot('2');
    const fresh = snapshot('2');
    fresh.services[1].entity_ref = 'component:default/b';
    const next = reconcileMatrix(previous, fresh);
    expect(next.services[1].entity_ref).toBe('component:default/b');
    expect(next.services[1].slots.prod).toBe(previous.services[1].slots.prod);
  });
});
