import { addCalendar, isTimeZone, ZonedClock } from './zonedTime';

const at = (iso: string) => Date.parse(iso);
/** A wall-clock time, written like an instant without its zone. */
const local = (wall: string) => Date.parse(`${wall}Z`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('ZonedClock', () => {
  const berlin = new ZonedClock('Europe/Berlin');
  const newYork = new ZonedClock('America/New_York');

  it('knows the offset on either side of a daylight-saving change, to the minute', () => {
    // Berlin: 2026-03-29 01:00 UTC (02:00 CET → 03:00 CEST); back 2026-10-25 01:00 UTC.
    expect(berlin.offsetAt(at('2026-03-29T00:59:59.999Z'))).toBe(3_600_000);
    expect(berlin.offsetAt(at('2026-03-29T01:00:00Z'))).toBe(7_200_000);
    expect(berlin.offsetAt(at('2026-10-25T00:59:00Z'))).toBe(7_200_000);
    expect(berlin.offsetAt(at('2026-10-25T01:00:00Z'))).toBe(3_600_000);
    // New York: 2026-03-08 07:00 UTC (02:00 EST → 03:00 EDT).
    expect(newYork.offsetAt(at('2026-03-08T06:59:00Z'))).toBe(-5 * 3_600_000);
    expect(newYork.offsetAt(at('2026-03-08T07:00:00Z'))).toBe(-4 * 3_600_000);
  });

  it('reads ordinary wall-clock times both ways', () => {
    expect(iso(berlin.instantOf(local('2026-01-15T18:00:00')))).toBe('2026-01-15T17:00:00.000Z');
    expect(iso(berlin.instantOf(local('2026-07-15T18:00:00')))).toBe('2026-07-15T16:00:00.000Z');
    expect(iso(berlin.localOf(at('2026-07-15T16:00:00Z')))).toBe('2026-07-15T18:00:00.000Z');
    expect(iso(newYork.instantOf(local('2026-11-30T23:30:00')))).toBe('2026-12-01T04:30:00.000Z');
  });

  it('moves a time the clock skips forward by the gap', () => {
    // 02:30 does not exist in Berlin on 2026-03-29: it is 03:30 CEST.
    expect(iso(berlin.instantOf(local('2026-03-29T02:30:00')))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(berlin.localOf(berlin.instantOf(local('2026-03-29T02:30:00'))))).toBe('2026-03-29T03:30:00.000Z');
    expect(iso(newYork.instantOf(local('2026-03-08T02:00:00')))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('takes the first of a time the clock passes twice', () => {
    // 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET) on 2026-10-25.
    expect(iso(berlin.instantOf(local('2026-10-25T02:30:00')))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(newYork.instantOf(local('2026-11-01T01:30:00')))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('is UTC without asking Intl', () => {
    const utc = new ZonedClock('UTC');
    expect(utc.offsetAt(at('2026-03-29T01:00:00Z'))).toBe(0);
    expect(utc.instantOf(local('2026-03-29T02:30:00'))).toBe(at('2026-03-29T02:30:00Z'));
  });

  it('tells IANA timezones from other names', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('CEST+1')).toBe(false);
  });
});

describe('addCalendar', () => {
  it('keeps the time of day and clamps the day to a shorter month', () => {
    expect(iso(addCalendar(local('2026-01-31T18:00:00'), { months: 1 }))).toBe('2026-02-28T18:00:00.000Z');
    expect(iso(addCalendar(local('2028-01-31T18:00:00'), { months: 1 }))).toBe('2028-02-29T18:00:00.000Z');
    expect(iso(addCalendar(local('2028-02-29T00:00:00'), { years: 1 }))).toBe('2029-02-28T00:00:00.000Z');
    expect(iso(addCalendar(local('2026-12-30T08:00:00'), { days: 3 }))).toBe('2027-01-02T08:00:00.000Z');
    expect(iso(addCalendar(local('2026-11-15T08:00:00'), { months: 2, days: 1 }))).toBe('2027-01-16T08:00:00.000Z');
  });
});
