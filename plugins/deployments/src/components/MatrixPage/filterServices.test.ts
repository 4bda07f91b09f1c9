import { MatrixService } from '@deploydash/plugin-deployments-common';
import { makeEvent, slotOf } from '../../__testUtils__/fixtures';
import { filterServices, hasFailure } from './filterServices';

const rows: MatrixService[] = [
  {
    service: 'checkout',
    entity_ref: 'component:default/checkout',
    slots: { prod: slotOf(makeEvent({ status: 'failure' })) },
  },
  {
    service: 'payments',
    entity_ref: 'component:default/payments',
    slots: { prod: slotOf(makeEvent()) },
  },
  { service: 'search-indexer', entity_ref: null, slots: {} },
];
const owners = new Map([
  ['component:default/checkout', 'group:default/shop'],
  ['component:default/payments', 'group:default/money'],
]);
const none = { query: '', failuresOnly: false, owner: '' };

describe('filterServices', () => {
  it('returns the very same array without filters', () => {
    expect(filterServices(rows, none, owners)).toBe(rows);
  });

  it('matches the search text case-insensitively', () => {
    expect(filterServices(rows, { ...none, query: 'PAY' }, owners)).toEqual([
      rows[1],
    ]);
  });

  it('keeps only failing services with failures only', () => {
    expect(
      filterServices(rows, { ...none, failuresOnly: true }, owners),
    ).toEqual([rows[0]]);
  });

  it('counts only `failure` as a failure: cancelled, queued and waiting are not', () => {
    const notFailures: MatrixService[] = (
      ['cancelled', 'queued', 'waiting', 'in-progress'] as const
    ).map(status => ({
      service: `svc-${status}`,
      entity_ref: null,
      slots: {
        prod: slotOf(makeEvent({ status }), makeEvent({ version: '0.9.0' })),
      },
    }));
    expect(
      filterServices(
        [...notFailures, rows[0]],
        { ...none, failuresOnly: true },
        owners,
      ),
    ).toEqual([rows[0]]);
    expect(notFailures.some(hasFailure)).toBe(false);
  });

  it('filters by owner; services without a catalog entity never match', () => {
    expect(
      filterServices(rows, { ...none, owner: 'group:default/money' }, owners),
    ).toEqual([rows[1]]);
  });
});
