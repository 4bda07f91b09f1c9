import { makeEvent, slotOf } from '../__testUtils__/fixtures';
import { compareIds, latestCursor } from './eventOrder';

describe('compareIds', () => {
  it('orders numeric cursors numerically, beyond 2^53 too', () => {
    expect(compareIds('10', '9')).toBeGreaterThan(0);
    expect(compareIds('9007199254740993', '9007199254740992')).toBeGreaterThan(
      0,
    );
    expect(compareIds('7', '7')).toBe(0);
    expect(compareIds('007', '7')).toBe(0);
  });

  it('falls back to string order for non-numeric ids', () => {
    expect(compareIds('b', 'a')).toBeGreaterThan(0);
  });
});

describe('latestCursor', () => {
  it('is the greatest id of any current or last successful event', () => {
    const success = makeEvent({ id: '120', status: 'success' });
    const failed = makeEvent({
      id: '99',
      status: 'failure',
      happened_at: '2027-01-01T00:00:00.000Z',
    });
    expect(
      latestCursor({
        environments: ['prod'],
        services: [
          {
            service: 'checkout',
            entity_ref: null,
            slots: { prod: slotOf(failed, success) },
          },
        ],
      }),
    ).toBe('120');
    expect(latestCursor({ environments: [], services: [] })).toBeUndefined();
  });
});
