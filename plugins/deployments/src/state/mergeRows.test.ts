import {
  DeploymentEvent,
  MatrixResponse,
} from '@deploydash/plugin-deployments-common';
import { makeEvent, slotOf } from '../__testUtils__/fixtures';
import { indexRows } from './matrixRows';
import { joinRows, replaceRows } from './mergeRows';

/** An event of service `a` on the given day of January 2026. */
const onDay = (id: string, day: number) =>
  makeEvent({ id, service: 'a', happened_at: `2026-01-0${day}T00:00:00Z` });
const a1 = onDay('1', 1);
const a2 = onDay('2', 2);
const c1 = makeEvent({ id: '3', service: 'c' });

/** A row with one prod slot. */
function row(event: DeploymentEvent, entityRef: string | null = null) {
  return {
    service: event.service,
    entity_ref: entityRef,
    slots: { prod: slotOf(event) },
  };
}

function held() {
  return indexRows(['dev', 'prod'], [row(a2), row(c1)]);
}

function response(services: MatrixResponse['services']): MatrixResponse {
  return { environments: ['dev', 'prod'], services };
}

describe('joinRows', () => {
  it('merges new rows in order and joins held ones without rolling back', () => {
    const rows = held();
    const next = joinRows(
      rows,
      response([
        // Older than what frames showed: the frame's event stays.
        row(a1, 'component:default/a'),
        row(makeEvent({ service: 'b' })),
      ]),
      [],
    );
    expect(next.services.map(r => r.service)).toEqual(['a', 'b', 'c']);
    expect(next.services[0].entity_ref).toBe('component:default/a');
    expect(next.services[0].slots.prod).toBe(rows.services[0].slots.prod);
    expect(next.services[2]).toBe(rows.services[1]);
    expect(next.index.get('c')).toBe(2);
  });

  it('returns the same rows when the fetch adds nothing', () => {
    const rows = held();
    expect(joinRows(rows, response([row({ ...c1 })]), [])).toBe(rows);
  });

  it('orders new environments by the configured order', () => {
    const next = joinRows(
      held(),
      { environments: ['staging', 'prod', 'qa'], services: [] },
      ['dev', 'staging', 'prod'],
    );
    expect(next.environments).toEqual(['dev', 'staging', 'prod', 'qa']);
  });
});

describe('replaceRows', () => {
  it('replaces everything held, keeping unchanged rows', () => {
    const rows = held();
    const next = replaceRows(rows, response([row({ ...c1 })]));
    expect(next.services).toEqual([rows.services[1]]);
    expect(next.services[0]).toBe(rows.services[1]);
    expect(next.environments).toBe(rows.environments);
    expect(next.index.get('c')).toBe(0);
  });
});
