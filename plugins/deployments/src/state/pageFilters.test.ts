import { makeEvent, slotOf } from '../__testUtils__/fixtures';
import { matchesQuery, pageFilters, visibleRows } from './pageFilters';

describe('pageFilters', () => {
  it('matches names case-insensitively and hides rows without a failure', () => {
    const filters = pageFilters({ q: ' Pay ', failuresOnly: true });
    expect(filters).toEqual({
      q: 'Pay',
      owner: '',
      team: '',
      failuresOnly: true,
    });
    expect(matchesQuery('old-PAYMENTS', filters)).toBe(true);
    expect(matchesQuery('checkout', filters)).toBe(false);
    expect(matchesQuery('checkout', pageFilters())).toBe(true);

    const ok = {
      service: 'a',
      entity_ref: null,
      slots: { prod: slotOf(makeEvent()) },
    };
    const failing = {
      service: 'b',
      entity_ref: null,
      slots: { prod: slotOf(makeEvent({ status: 'failure' })) },
    };
    expect(visibleRows([ok, failing], filters)).toEqual([failing]);
    const all = [ok, failing];
    expect(visibleRows(all, pageFilters())).toBe(all);
  });
});
