import {
  bucketLabel,
  formatFrequency,
  formatPercent,
  formatPeriod,
  formatSeconds,
  plural,
} from './metricFormat';

describe('metric formats', () => {
  it('formats deployment frequency per day or per week', () => {
    expect(formatFrequency(1.4285, 'day')).toBe('1.4 per day');
    expect(formatFrequency(0.0333, 'day')).toBe('0.03 per day');
    expect(formatFrequency(1.4285, 'week')).toBe('10 per week');
    expect(formatFrequency(0, 'week')).toBe('0 per week');
  });

  it('formats rates as percent and durations in human units', () => {
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(null)).toBe('–');
    expect(formatSeconds(12_000)).toBe('3h 20m');
    expect(formatSeconds(90)).toBe('1m 30s');
    expect(formatSeconds(null)).toBe('–');
  });

  it('formats counts, bucket labels and periods', () => {
    expect(plural(1, 'failure')).toBe('1 failure');
    expect(plural(3, 'failure')).toBe('3 failures');
    expect(plural(2, 'change', 'changes')).toBe('2 changes');
    expect(bucketLabel('2026-01-05T00:00:00.000Z')).toBe('Jan 5');
    expect(
      formatPeriod('2025-12-02T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
    ).toBe('Dec 2, 2025 – Jan 1, 2026');
    expect(
      formatPeriod('2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
    ).toBe('Jan 1, 2026');
  });
});
