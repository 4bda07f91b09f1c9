import { FreezeCalendar, FreezeDefinition } from './FreezeCalendar';

const at = (iso: string) => Date.parse(iso);
const event = (happened_at: string, service = 'checkout', environment = 'prod') => ({
  service,
  environment,
  happened_at: new Date(at(happened_at)).toISOString(),
});

function freeze(overrides: Partial<FreezeDefinition> & Pick<FreezeDefinition, 'when'>): FreezeDefinition {
  return { name: 'freeze', reason: 'because', timezone: 'UTC', ...overrides };
}

/** Which of these instants the calendar's only freeze covers. */
const covered = (calendar: FreezeCalendar, instants: string[]) =>
  instants.filter(i => calendar.freezeOf(event(i)) !== null);

const windowsOf = (calendar: FreezeCalendar, now: string, filter = {}) => {
  const { active, upcoming } = calendar.windows(at(now), filter);
  const span = (w: { name: string; start: string; end: string }) => `${w.name} ${w.start} → ${w.end}`;
  return { active: active.map(span), upcoming: upcoming.map(span) };
};

describe('FreezeCalendar', () => {
  it('holds a one-off window from its start (inclusive) to its end (exclusive)', () => {
    const calendar = new FreezeCalendar([
      freeze({ name: 'year-end', when: { start: at('2026-12-20T00:00:00Z'), end: at('2027-01-04T00:00:00Z') } }),
    ]);
    expect(
      covered(calendar, [
        '2026-12-19T23:59:59.999Z',
        '2026-12-20T00:00:00.000Z',
        '2027-01-03T23:59:59.999Z',
        '2027-01-04T00:00:00.000Z',
      ]),
    ).toEqual(['2026-12-20T00:00:00.000Z', '2027-01-03T23:59:59.999Z']);
    expect(calendar.freezeOf(event('2026-12-24T10:00:00Z'))).toEqual({ name: 'year-end', reason: 'because' });
    expect(windowsOf(calendar, '2026-12-01T00:00:00Z')).toEqual({
      active: [],
      upcoming: ['year-end 2026-12-20T00:00:00.000Z → 2027-01-04T00:00:00.000Z'],
    });
    expect(windowsOf(calendar, '2026-12-20T00:00:00Z').active).toHaveLength(1);
    expect(windowsOf(calendar, '2027-01-04T00:00:00Z')).toEqual({ active: [], upcoming: [] });
    // More than 30 days ahead is not upcoming yet.
    expect(windowsOf(calendar, '2026-11-19T23:59:59Z').upcoming).toEqual([]);
  });

  it('starts a recurring window at the same wall-clock time across a daylight-saving change (Europe/Berlin)', () => {
    // Fridays 18:00 to 20:00 Berlin time; summer time starts on Sunday 2026-03-29.
    const calendar = new FreezeCalendar([
      freeze({ name: 'friday', timezone: 'Europe/Berlin', when: { cron: '0 18 * * 5', duration: { hours: 2 } } }),
    ]);
    expect(windowsOf(calendar, '2026-03-25T00:00:00Z').upcoming.slice(0, 2)).toEqual([
      'friday 2026-03-27T17:00:00.000Z → 2026-03-27T19:00:00.000Z', // CET, UTC+1
      'friday 2026-04-03T16:00:00.000Z → 2026-04-03T18:00:00.000Z', // CEST, UTC+2
    ]);
    expect(
      covered(calendar, [
        '2026-03-27T16:59:59Z',
        '2026-03-27T17:00:00Z',
        '2026-03-27T18:59:59Z',
        '2026-03-27T19:00:00Z',
        '2026-04-03T15:59:59Z',
        '2026-04-03T16:00:00Z',
        '2026-04-03T18:00:00Z',
      ]),
    ).toEqual(['2026-03-27T17:00:00Z', '2026-03-27T18:59:59Z', '2026-04-03T16:00:00Z']);
    // And back to winter time on 2026-10-25.
    expect(windowsOf(calendar, '2026-10-22T00:00:00Z').upcoming.slice(0, 2)).toEqual([
      'friday 2026-10-23T16:00:00.000Z → 2026-10-23T18:00:00.000Z',
      'friday 2026-10-30T17:00:00.000Z → 2026-10-30T19:00:00.000Z',
    ]);
  });

  it('adds days on the calendar and hours as elapsed time across a change (America/New_York)', () => {
    // Friday 17:00 New York; summer time starts on Sunday 2026-03-08 at 02:00.
    const calendar = new FreezeCalendar([
      freeze({
        name: 'calendar',
        timezone: 'America/New_York',
        environments: ['prod'],
        when: { cron: '0 17 * * 5', duration: { days: 2, hours: 15 } },
      }),
      freeze({
        name: 'elapsed',
        timezone: 'America/New_York',
        environments: ['staging'],
        when: { cron: '0 17 * * 5', duration: { hours: 63 } },
      }),
    ]);
    expect(windowsOf(calendar, '2026-03-06T12:00:00Z').upcoming.slice(0, 2)).toEqual([
      // Sunday 17:00 EDT + 15 h = Monday 08:00 EDT = 12:00 UTC.
      'calendar 2026-03-06T22:00:00.000Z → 2026-03-09T12:00:00.000Z',
      // 63 real hours = Monday 09:00 EDT.
      'elapsed 2026-03-06T22:00:00.000Z → 2026-03-09T13:00:00.000Z',
    ]);
    expect(calendar.freezeOf(event('2026-03-09T12:30:00Z', 'checkout', 'prod'))).toBeNull();
    expect(calendar.freezeOf(event('2026-03-09T12:30:00Z', 'checkout', 'staging'))?.name).toBe('elapsed');
  });

  it('starts a recurring window the clock skips after the jump, and one it passes twice once', () => {
    const calendar = new FreezeCalendar([
      freeze({ name: 'nightly', timezone: 'Europe/Berlin', when: { cron: '30 2 * * *', duration: { minutes: 30 } } }),
    ]);
    expect(windowsOf(calendar, '2026-03-28T12:00:00Z').upcoming.slice(0, 2)).toEqual([
      // 02:30 does not exist on 2026-03-29: 03:30 CEST.
      'nightly 2026-03-29T01:30:00.000Z → 2026-03-29T02:00:00.000Z',
      'nightly 2026-03-30T00:30:00.000Z → 2026-03-30T01:00:00.000Z',
    ]);
    expect(windowsOf(calendar, '2026-10-24T12:00:00Z').upcoming.slice(0, 2)).toEqual([
      // 02:30 happens twice on 2026-10-25: the first (CEST) only.
      'nightly 2026-10-25T00:30:00.000Z → 2026-10-25T01:00:00.000Z',
      'nightly 2026-10-26T01:30:00.000Z → 2026-10-26T02:00:00.000Z',
    ]);
    expect(covered(calendar, ['2026-10-25T00:45:00Z', '2026-10-25T01:45:00Z'])).toEqual(['2026-10-25T00:45:00Z']);
  });

  it('starts on the 31st only in months that have one, and on 29 February only in leap years', () => {
    const calendar = new FreezeCalendar([
      freeze({ name: 'month-end', when: { cron: '0 22 31 * *', duration: { hours: 4 } } }),
      freeze({ name: 'leap-day', services: ['billing'], when: { cron: '0 0 29 2 *', duration: { days: 1 } } }),
    ]);
    const checkout = (now: string) => windowsOf(calendar, now, { service: 'checkout' });
    // The window of 31 March runs into April and is active there, until 02:00 (exclusive).
    expect(checkout('2026-04-01T01:00:00Z')).toEqual({
      active: ['month-end 2026-03-31T22:00:00.000Z → 2026-04-01T02:00:00.000Z'],
      upcoming: [],
    });
    // No 31 April: nothing within the next 30 days.
    expect(checkout('2026-04-01T02:00:00Z')).toEqual({ active: [], upcoming: [] });
    // No 31 June either: from mid-May, only 31 May.
    expect(checkout('2026-05-15T00:00:00Z')).toEqual({
      active: [],
      upcoming: ['month-end 2026-05-31T22:00:00.000Z → 2026-06-01T02:00:00.000Z'],
    });
    expect(checkout('2026-06-01T02:00:00Z')).toEqual({ active: [], upcoming: [] });
    const billing = (iso: string) => calendar.freezeOf(event(iso, 'billing', 'prod'))?.name ?? null;
    expect(billing('2028-02-29T12:00:00Z')).toBe('leap-day');
    expect(billing('2027-02-28T12:00:00Z')).toBeNull();
    expect(billing('2027-03-01T12:00:00Z')).toBeNull();
    expect(billing('2028-03-01T00:00:00Z')).toBeNull();
    expect(windowsOf(calendar, '2028-02-10T00:00:00Z', { service: 'billing' }).upcoming).toEqual([
      'leap-day 2028-02-29T00:00:00.000Z → 2028-03-01T00:00:00.000Z',
    ]);
  });

  it('joins overlapping windows of one freeze into one', () => {
    // Weekdays 08:00 for 30 hours: Monday 08:00 to Saturday 14:00, one window.
    const calendar = new FreezeCalendar([
      freeze({ name: 'week', when: { cron: '0 8 * * 1-5', duration: { hours: 30 } } }),
    ]);
    expect(windowsOf(calendar, '2026-01-07T12:00:00Z')).toEqual({
      active: ['week 2026-01-05T08:00:00.000Z → 2026-01-10T14:00:00.000Z'],
      upcoming: expect.arrayContaining(['week 2026-01-12T08:00:00.000Z → 2026-01-17T14:00:00.000Z']),
    });
    expect(windowsOf(calendar, '2026-01-07T12:00:00Z').upcoming[0]).toBe(
      'week 2026-01-12T08:00:00.000Z → 2026-01-17T14:00:00.000Z',
    );
    expect(covered(calendar, ['2026-01-10T13:59:59Z', '2026-01-10T14:00:00Z', '2026-01-12T07:59:59Z'])).toEqual([
      '2026-01-10T13:59:59Z',
    ]);
  });

  it('lists overlapping freezes each, and flags an event with the first in configuration order', () => {
    const calendar = new FreezeCalendar([
      freeze({ name: 'payments', reason: 'PCI audit', services: ['payments-*'], when: { start: at('2026-06-10T00:00:00Z'), end: at('2026-06-20T00:00:00Z') } }),
      freeze({ name: 'everything', reason: 'Data centre move', when: { start: at('2026-06-05T00:00:00Z'), end: at('2026-06-15T00:00:00Z') } }),
      freeze({ name: 'staging', environments: ['stag*'], when: { start: at('2026-06-01T00:00:00Z'), end: at('2026-06-30T00:00:00Z') } }),
    ]);
    expect(calendar.freezeOf(event('2026-06-12T00:00:00Z', 'payments-api'))).toEqual({ name: 'payments', reason: 'PCI audit' });
    expect(calendar.freezeOf(event('2026-06-12T00:00:00Z', 'checkout'))).toEqual({ name: 'everything', reason: 'Data centre move' });
    expect(calendar.freezeOf(event('2026-06-17T00:00:00Z', 'checkout'))).toBeNull();
    expect(calendar.freezeOf(event('2026-06-17T00:00:00Z', 'checkout', 'staging'))?.name).toBe('staging');
    // Ordered by start.
    expect(windowsOf(calendar, '2026-06-12T00:00:00Z').active.map(w => w.split(' ')[0])).toEqual([
      'staging', 'everything', 'payments',
    ]);
    expect(windowsOf(calendar, '2026-06-12T00:00:00Z', { service: 'payments-api', environment: 'prod' }).active.map(w => w.split(' ')[0])).toEqual([
      'everything', 'payments',
    ]);
    expect(windowsOf(calendar, '2026-06-12T00:00:00Z', { environment: 'staging' }).active).toHaveLength(3);
    // Patterns match whole names: `payments-*` is not `payments`.
    expect(calendar.freezeOf(event('2026-06-17T00:00:00Z', 'payments'))).toBeNull();
  });

  it('lists at most 100 upcoming windows, the earliest, ordered by start then configuration order', () => {
    const calendar = new FreezeCalendar([
      freeze({ name: 'b', when: { cron: '0 */6 * * *', duration: { minutes: 10 } } }),
      freeze({ name: 'a', when: { cron: '0 0 * * *', duration: { minutes: 5 } } }),
    ]);
    const { upcoming } = calendar.windows(at('2026-01-01T01:00:00Z'));
    expect(upcoming).toHaveLength(100);
    expect(upcoming.slice(0, 3).map(w => `${w.name} ${w.start}`)).toEqual([
      'b 2026-01-01T06:00:00.000Z',
      'b 2026-01-01T12:00:00.000Z',
      'b 2026-01-01T18:00:00.000Z',
    ]);
    expect(upcoming.slice(3, 5).map(w => `${w.name} ${w.start}`)).toEqual(['b 2026-01-02T00:00:00.000Z', 'a 2026-01-02T00:00:00.000Z']);
    expect(upcoming[3]).toEqual({
      name: 'b', reason: 'because', start: '2026-01-02T00:00:00.000Z', end: '2026-01-02T00:10:00.000Z',
      environments: null, services: null, timezone: 'UTC', cron: '0 */6 * * *',
    });
  });

  it('finds the end of a freeze that never pauses within bounded time', () => {
    const calendar = new FreezeCalendar([
      freeze({ name: 'always', when: { cron: '*/5 * * * *', duration: { minutes: 10 } } }),
    ]);
    const started = Date.now();
    const { active, upcoming } = calendar.windows(at('2026-01-01T00:02:00Z'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(active).toHaveLength(1);
    expect(at(active[0].end)).toBeGreaterThan(at('2026-01-31T00:00:00Z'));
    expect(upcoming).toEqual([]);
    expect(calendar.freezeOf(event('2026-01-01T00:02:00Z'))?.name).toBe('always');
  });

  it('flags events without changing them, and nothing without freezes', () => {
    const none = new FreezeCalendar([]);
    const original = event('2026-01-01T00:00:00Z');
    expect(none.flag(original)).toEqual({ ...original, in_freeze: null });
    expect(original).not.toHaveProperty('in_freeze');
    expect(none.windows(Date.now())).toEqual({ active: [], upcoming: [] });
  });
});
