import { CronSchedule } from './cronSchedule';

const day = (date: string) => Date.parse(`${date}T00:00:00Z`);
const error = (expression: string) => {
  try {
    return `accepted: ${new CronSchedule(expression).expression}`;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('CronSchedule', () => {
  it('lists the start times of a day from the minute and hour fields', () => {
    const hhmm = (ms: number) => `${Math.floor(ms / 3_600_000)}:${String((ms / 60_000) % 60).padStart(2, '0')}`;
    expect(new CronSchedule('0 18 * * 5').timesOfDay().map(hhmm)).toEqual(['18:00']);
    expect(new CronSchedule('*/20 9-10 * * *').timesOfDay().map(hhmm)).toEqual([
      '9:00', '9:20', '9:40', '10:00', '10:20', '10:40',
    ]);
    expect(new CronSchedule('45,15 23,1 * * *').timesOfDay().map(hhmm)).toEqual(['1:15', '1:45', '23:15', '23:45']);
    expect(new CronSchedule('50/5 0 * * *').timesOfDay().map(hhmm)).toEqual(['0:50', '0:55']);
  });

  it('matches days by month, day of month and day of week (names, 0 and 7 for Sunday)', () => {
    const friday = new CronSchedule('0 18 * * fri');
    expect(friday.matchesDay(day('2026-01-02'))).toBe(true); // a Friday
    expect(friday.matchesDay(day('2026-01-03'))).toBe(false);
    const sunday = new CronSchedule('0 0 * * 7');
    expect(sunday.matchesDay(day('2026-01-04'))).toBe(true);
    expect(new CronSchedule('0 0 * * 0').matchesDay(day('2026-01-04'))).toBe(true);
    const december = new CronSchedule('0 0 * DEC-dec *');
    expect(december.matchesDay(day('2026-12-31'))).toBe(true);
    expect(december.matchesDay(day('2027-01-01'))).toBe(false);
  });

  it('starts only in months that have the 31st, and on 29 February only in leap years', () => {
    const last = new CronSchedule('0 0 31 * *');
    expect(last.matchesDay(day('2026-01-31'))).toBe(true);
    expect(last.matchesDay(day('2026-04-30'))).toBe(false);
    expect(last.matchesDay(day('2026-05-01'))).toBe(false);
    const leap = new CronSchedule('0 0 29 2 *');
    expect(leap.matchesDay(day('2028-02-29'))).toBe(true);
    expect(leap.matchesDay(day('2027-03-01'))).toBe(false);
  });

  it('counts a day matching either day field when both are restricted, as Vixie cron does', () => {
    const either = new CronSchedule('0 9 13 * 5');
    expect(either.matchesDay(day('2026-02-13'))).toBe(true); // Friday the 13th
    expect(either.matchesDay(day('2026-03-13'))).toBe(true); // a Friday
    expect(either.matchesDay(day('2026-03-20'))).toBe(true); // a Friday, not the 13th
    expect(either.matchesDay(day('2026-04-13'))).toBe(true); // the 13th, a Monday
    expect(either.matchesDay(day('2026-04-14'))).toBe(false);
    // `*/1` starts with `*`: not a restriction, so both must match.
    const both = new CronSchedule('0 9 13 * */1');
    expect(both.matchesDay(day('2026-04-14'))).toBe(false);
    expect(both.matchesDay(day('2026-04-13'))).toBe(true);
  });

  it('refuses what it cannot read, naming the field', () => {
    expect(error('0 18 * *')).toBe('must have 5 fields (minute hour day-of-month month day-of-week), got 4');
    expect(error('')).toBe('must have 5 fields (minute hour day-of-month month day-of-week), got 0');
    expect(error('0 0 18 * * 5')).toMatch(/got 6$/);
    expect(error('60 * * * *')).toBe('minute value 60 is out of range 0-59');
    expect(error('0 24 * * *')).toBe('hour value 24 is out of range 0-23');
    expect(error('0 0 0 * *')).toBe('day-of-month value 0 is out of range 1-31');
    expect(error('0 0 * 13 *')).toBe('month value 13 is out of range 1-12');
    expect(error('0 18 * * 8')).toBe('day-of-week value 8 is out of range 0-7');
    expect(error('0 18 * * 5-1')).toBe("day-of-week: range '5-1' runs backwards");
    expect(error('*/0 * * * *')).toBe("minute: step '/0' must be at least 1");
    expect(error('0 0 L * *')).toBe("day-of-month: cannot read 'L'");
    expect(error('0 0 ? * 1')).toBe("day-of-month: cannot read '?'");
    expect(error('0 0 * * 1#2')).toBe("day-of-week: cannot read '1#2'");
    expect(error('@daily')).toMatch(/must have 5 fields/);
  });

  it('refuses an expression that can never start', () => {
    expect(error('0 0 30 2 *')).toBe("never starts: no month of '2' has a day '30'");
    expect(error('0 0 31 4,6,9,11 *')).toBe("never starts: no month of '4,6,9,11' has a day '31'");
    // With a day of week as well, it starts on those weekdays.
    expect(() => new CronSchedule('0 0 30 2 1')).not.toThrow();
  });
});
