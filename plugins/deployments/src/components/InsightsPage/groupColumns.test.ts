import { DoraMetrics } from '@deploydash/plugin-deployments-common';
import { emptyDoraMetrics } from '../../__testUtils__/insightsFixtures';
import { makeGroupRow } from '../../__testUtils__/orgInsightsFixtures';
import { METRIC_COLUMNS, sortRows, trendOf } from './groupColumns';

const column = (key: string) => METRIC_COLUMNS.find(c => c.key === key)!;

function metrics(values: {
  perDay?: number;
  rate?: number | null;
  recovery?: number | null;
  lead?: number | null;
}): DoraMetrics {
  const m = emptyDoraMetrics();
  m.deployment_frequency.per_day = values.perDay ?? 0;
  m.change_failure_rate.rate = values.rate ?? null;
  m.recovery_time.median_seconds = values.recovery ?? null;
  m.lead_time.median_seconds = values.lead ?? null;
  return m;
}

describe('trendOf', () => {
  it('says up or down and whether that is better, per metric direction', () => {
    expect(
      trendOf(column('deployment_frequency'), metrics({ perDay: 1.5 }), metrics({ perDay: 1 })),
    ).toEqual({
      direction: 'up',
      verdict: 'better',
      delta: '+0.5/day',
      description: 'Deploys: +0.5/day from 1/day, better',
    });
    // A higher failure rate is worse; the change is in percentage points.
    expect(trendOf(column('change_failure_rate'), metrics({ rate: 0.25 }), metrics({ rate: 0.1 }))).toMatchObject({
      direction: 'up',
      verdict: 'worse',
      delta: '+15 pts',
    });
    // A shorter time to restore is better.
    expect(trendOf(column('recovery_time'), metrics({ recovery: 3600 }), metrics({ recovery: 7200 }))).toMatchObject({
      direction: 'down',
      verdict: 'better',
      delta: '\u22121h 0m',
    });
    expect(trendOf(column('lead_time'), metrics({ lead: 100 }), metrics({ lead: 100 }))).toMatchObject({
      direction: 'flat',
      verdict: 'same',
    });
  });

  it('makes no comparison when either period has no value', () => {
    expect(trendOf(column('lead_time'), metrics({ lead: 100 }), metrics({}))).toMatchObject({
      direction: 'none',
      verdict: 'none',
      description: 'Lead time: no comparison (no data in the previous period)',
    });
    expect(trendOf(column('change_failure_rate'), metrics({}), metrics({ rate: 0 })).verdict).toBe('none');
  });
});

describe('sortRows', () => {
  const rows = [
    makeGroupRow({ ref: null, services: 9, current: metrics({ perDay: 9, rate: 0.5 }) }),
    makeGroupRow({ ref: 'group:default/b', services: 1, current: metrics({ perDay: 2 }) }),
    makeGroupRow({ ref: 'group:default/a', services: 3, current: metrics({ perDay: 1, rate: 0.1 }) }),
    makeGroupRow({ ref: 'group:default/c', services: 3, current: metrics({ perDay: 2, rate: 0.2 }) }),
  ];
  const order = (key: Parameters<typeof sortRows>[1], direction: 'asc' | 'desc') =>
    sortRows(rows, key, direction).map(r => r.ref);

  it('sorts by name with the row without a ref last either way', () => {
    expect(order('name', 'asc')).toEqual(['group:default/a', 'group:default/b', 'group:default/c', null]);
    expect(order('name', 'desc')).toEqual(['group:default/c', 'group:default/b', 'group:default/a', null]);
  });

  it('sorts by a metric, ties by name, rows without a value last either way', () => {
    expect(order('deployment_frequency', 'desc')).toEqual([null, 'group:default/b', 'group:default/c', 'group:default/a']);
    expect(order('change_failure_rate', 'asc')).toEqual(['group:default/a', 'group:default/c', null, 'group:default/b']);
    expect(order('change_failure_rate', 'desc')).toEqual([null, 'group:default/c', 'group:default/a', 'group:default/b']);
  });
});
