import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { makeEvent, slotOf } from '../__testUtils__/fixtures';
import { applyFrames, ApplyFramesOptions, joinSlots } from './matrixReducer';
import { indexRows, MatrixRows } from './matrixRows';

const empty = indexRows(['dev', 'prod'], []);
const insertAll: ApplyFramesOptions = {
  environmentOrder: [],
  canInsert: () => true,
};

function fold(events: DeploymentEvent[], start: MatrixRows = empty) {
  return applyFrames(start, events, insertAll).rows;
}

/** One frame at a time, as separate bursts. */
function foldEach(events: DeploymentEvent[], start: MatrixRows = empty) {
  return events.reduce((rows, e) => fold([e], rows), start);
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

describe('applyFrames', () => {
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

  it('yields the same slot whatever order and grouping the events arrive in', () => {
    for (const order of permutations([started, succeeded, failed, late])) {
      for (const rows of [fold(order), foldEach(order)]) {
        const slot = rows.services[0].slots.prod;
        expect(slot.current.id).toBe('3');
        expect(slot.last_successful?.id).toBe('2');
      }
    }
  });

  it('keeps last_successful equal to current when current is a success', () => {
    const slot = fold([started, succeeded]).services[0].slots.prod;
    expect(slot.current).toBe(succeeded);
    expect(slot.last_successful).toBe(succeeded);
    expect(fold([started]).services[0].slots.prod.last_successful).toBeNull();
  });

  it('breaks happened_at ties by the greater numeric id (received later)', () => {
    const at = '2026-01-01T12:00:00.000Z';
    const a = makeEvent({ id: '9', status: 'failure', happened_at: at });
    const b = makeEvent({ id: '10', status: 'success', happened_at: at });
    // '10' < '9' as strings: the comparison must be numeric.
    expect(fold([a, b]).services[0].slots.prod.current.id).toBe('10');
    expect(fold([b, a]).services[0].slots.prod.current.id).toBe('10');
  });

  it('returns the same rows for replayed duplicates', () => {
    const state = fold([started, succeeded, failed]);
    expect(fold([{ ...succeeded }, { ...failed }, { ...started }], state)).toBe(
      state,
    );
  });

  it('replaces only the touched rows and slots, copying a row once per burst', () => {
    const state = fold([
      started,
      makeEvent({ service: 'payments', environment: 'dev' }),
      makeEvent({ service: 'checkout', environment: 'dev' }),
    ]);
    const next = fold([succeeded, failed], state);
    const [checkout, payments] = next.services;
    expect(payments).toBe(state.services[1]);
    expect(checkout).not.toBe(state.services[0]);
    expect(checkout.slots.dev).toBe(state.services[0].slots.dev);
    expect(checkout.slots.prod.current).toBe(failed);
    expect(next.environments).toBe(state.environments);
    // No new rows: positions and the index are shared.
    expect(next.index).toBe(state.index);
  });

  it('inserts new rows in code-point order and new columns by the shared rule', () => {
    const start = indexRows(
      ['dev', 'prod'],
      [
        { service: 'alpha', entity_ref: null, slots: {} },
        { service: 'zulu', entity_ref: null, slots: {} },
      ],
    );
    const mike = makeEvent({ service: 'mike', environment: 'qa' });
    const emoji = makeEvent({ service: '\u{1F600}', environment: 'staging' });
    const fullwidth = makeEvent({ service: '\uFF5E', environment: 'dev' });
    const { rows, inserted } = applyFrames(start, [emoji, mike, fullwidth], {
      environmentOrder: ['dev', 'staging', 'prod'],
      canInsert: () => true,
      entityRefOf: s => (s === 'mike' ? 'component:default/mike' : undefined),
    });
    // U+1F600 sorts after U+FF5E by code point (not by UTF-16 unit).
    expect(rows.services.map(s => s.service)).toEqual([
      'alpha',
      'mike',
      'zulu',
      '\uFF5E',
      '\u{1F600}',
    ]);
    expect(inserted).toEqual(['mike', '\uFF5E', '\u{1F600}']);
    expect(rows.environments).toEqual(['dev', 'staging', 'prod', 'qa']);
    expect(rows.services[1]).toEqual({
      service: 'mike',
      entity_ref: 'component:default/mike',
      slots: { qa: { current: mike, last_successful: mike } },
    });
    expect(rows.index.get('\u{1F600}')).toBe(4);
  });

  it('adds the column but no row when the page refuses the service', () => {
    const event = makeEvent({ service: 'later', environment: 'qa' });
    const { rows, inserted } = applyFrames(empty, [event], {
      environmentOrder: [],
      canInsert: () => false,
    });
    expect(rows.services).toEqual([]);
    expect(inserted).toEqual([]);
    expect(rows.environments).toEqual(['dev', 'prod', 'qa']);
  });

  it('keeps what the slot event option keeps of each event', () => {
    const rows = applyFrames(empty, [failed], {
      ...insertAll,
      slotEvent: e => ({ ...e, title: 'cut' }),
    }).rows;
    expect(rows.services[0].slots.prod.current.title).toBe('cut');
  });

  it('does not let an older success displace a newer one as last_successful', () => {
    const newSuccess = makeEvent({
      id: '20',
      version: '5',
      happened_at: '2026-02-01T00:00:00.000Z',
    });
    const oldSuccess = makeEvent({
      id: '21',
      version: '4',
      happened_at: '2026-01-15T00:00:00.000Z',
    });
    const slot = fold([newSuccess, oldSuccess]).services[0].slots.prod;
    expect(slot.last_successful?.version).toBe('5');
  });
});

describe('joinSlots', () => {
  const [older, newer] = (['success', 'failure'] as const).map((status, i) =>
    makeEvent({ id: String(i + 1), status, happened_at: `2026-01-0${i + 1}` }),
  );

  it('keeps the newest of both readings, and the held slot when nothing is newer', () => {
    const held = slotOf(newer, older);
    expect(joinSlots(held, slotOf(older))).toBe(held);
    expect(joinSlots(held, slotOf({ ...newer }, { ...older }))).toBe(held);
    const fetched = slotOf(newer, older);
    expect(joinSlots(slotOf(older), fetched)).toEqual(fetched);
    expect(joinSlots(undefined, fetched)).toBe(fetched);
  });
});
