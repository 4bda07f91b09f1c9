import {
  MAX_PERIOD_DAYS,
  paramsWithPeriod,
  periodDays,
  periodFromParams,
  presetPeriod,
} from './period';

// Wednesday 2026-03-18, 15:30 UTC.
const NOW = Date.parse('2026-03-18T15:30:00Z');
const params = (s: string) => new URLSearchParams(s);

describe('period', () => {
  it('defaults to the last 30 UTC days, today included', () => {
    expect(periodFromParams(params(''), NOW)).toEqual({
      from: '2026-02-17T00:00:00.000Z',
      to: '2026-03-19T00:00:00.000Z',
      fromDay: '2026-02-17',
      toDay: '2026-03-18',
      preset: '30d',
    });
  });

  it('evaluates presets against now, so a shared link stays relative', () => {
    const later = NOW + 10 * 86_400_000;
    expect(periodFromParams(params('preset=7d'), NOW).fromDay).toBe('2026-03-12');
    expect(periodFromParams(params('preset=7d'), later).fromDay).toBe('2026-03-22');
    expect(periodDays(presetPeriod('90d', NOW))).toBe(90);
    // This quarter so far: Q1 starts on 1 January.
    expect(presetPeriod('quarter', NOW)).toMatchObject({
      fromDay: '2026-01-01',
      toDay: '2026-03-18',
    });
    expect(presetPeriod('quarter', Date.parse('2026-12-31T23:59:59Z')).fromDay).toBe(
      '2026-10-01',
    );
    // A preset wins over stale days.
    expect(
      periodFromParams(params('preset=7d&from=2020-01-01&to=2020-01-02'), NOW).preset,
    ).toBe('7d');
  });

  it('keeps a custom range fixed, last day included', () => {
    expect(periodFromParams(params('from=2026-01-01&to=2026-01-31'), NOW)).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
      fromDay: '2026-01-01',
      toDay: '2026-01-31',
      preset: undefined,
    });
  });

  it.each([
    'preset=1y',
    'from=2026-01-31&to=2026-01-01',
    'from=2026-02-30&to=2026-03-01',
    'from=yesterday&to=2026-03-01',
    'from=2026-01-01',
    'from=2026-01-01T00:00:00Z&to=2026-01-02',
    `from=2020-01-01&to=2026-01-01`,
  ])('falls back to the default for %s', query => {
    expect(periodFromParams(params(query), NOW).preset).toBe('30d');
  });

  it('accepts the longest allowed range', () => {
    const from = Date.parse('2024-01-01T00:00:00Z');
    const to = new Date(from + (MAX_PERIOD_DAYS - 1) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(periodFromParams(params(`from=2024-01-01&to=${to}`), NOW).preset).toBe(
      undefined,
    );
  });

  it('writes a preset alone or a range as days, keeping other params', () => {
    const prev = params('q=pay&preset=30d&owner=group:default/a');
    expect(
      paramsWithPeriod(prev, { from: 'x', to: 'y', preset: '7d' }).toString(),
    ).toBe('q=pay&owner=group%3Adefault%2Fa&preset=7d');
    expect(
      paramsWithPeriod(prev, { from: '2026-01-01', to: '2026-01-31' }).toString(),
    ).toBe('q=pay&owner=group%3Adefault%2Fa&from=2026-01-01&to=2026-01-31');
    // Instants as the hook returns them round-trip to the same days.
    const resolved = periodFromParams(params('from=2026-01-01&to=2026-01-31'), NOW);
    expect(
      paramsWithPeriod(params(''), { from: resolved.from, to: resolved.to }).toString(),
    ).toBe('from=2026-01-01&to=2026-01-31');
  });
});
