import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readDeploymentsSettings } from '../config';
import { readFreezes } from './readFreezes';

const read = (freezes: unknown) => readFreezes(new ConfigReader({ deployments: { freezes } } as JsonObject));
const error = (freezes: unknown) => {
  try {
    read(freezes);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const base = { name: 'year-end', reason: 'Year-end freeze' };
const oneOff = { ...base, start: '2026-12-20', end: '2027-01-04' };

describe('readFreezes', () => {
  it('reads one-off and recurring freezes, with defaults', () => {
    expect(
      read([
        { ...oneOff, environments: ['prod', 'prod-*'] },
        {
          name: 'friday',
          reason: 'No weekend deploys',
          services: ['payments-*'],
          timezone: 'America/New_York',
          cron: '0 17 * * 5',
          duration: { days: 2, hours: 15 },
        },
        { name: 'nightly', reason: 'Backups', cron: '0 2 * * *', duration: '90m' },
        { name: 'iso', reason: 'ISO', cron: '0 2 * * *', duration: 'PT1H30M' },
      ]),
    ).toEqual([
      {
        name: 'year-end',
        reason: 'Year-end freeze',
        environments: ['prod', 'prod-*'],
        services: undefined,
        timezone: 'UTC',
        when: { start: Date.parse('2026-12-20T00:00:00Z'), end: Date.parse('2027-01-04T00:00:00Z') },
      },
      {
        name: 'friday',
        reason: 'No weekend deploys',
        environments: undefined,
        services: ['payments-*'],
        timezone: 'America/New_York',
        when: { cron: '0 17 * * 5', duration: { days: 2, hours: 15 } },
      },
      expect.objectContaining({ name: 'nightly', when: { cron: '0 2 * * *', duration: { hours: 1, minutes: 30 } } }),
      expect.objectContaining({ name: 'iso', when: { cron: '0 2 * * *', duration: { hours: 1, minutes: 30 } } }),
    ]);
    expect(readFreezes(new ConfigReader({}))).toEqual([]);
  });

  it('reads start and end without an offset in the freeze\'s timezone, and with one as that instant', () => {
    const [berlin, offset] = read([
      { ...oneOff, timezone: 'Europe/Berlin', start: '2026-12-20T18:00', end: '2026-12-21' },
      { ...oneOff, name: 'offset', timezone: 'Europe/Berlin', start: '2026-07-01T12:00:00.5+05:30', end: '2026-07-02T00:00:00Z' },
    ]);
    expect(berlin.when).toEqual({ start: Date.parse('2026-12-20T17:00:00Z'), end: Date.parse('2026-12-20T23:00:00Z') });
    expect(offset.when).toEqual({ start: Date.parse('2026-07-01T06:30:00.500Z'), end: Date.parse('2026-07-02T00:00:00Z') });
  });

  it('is part of the plugin settings', () => {
    const settings = readDeploymentsSettings(new ConfigReader({ deployments: { freezes: [oneOff] } }));
    expect(settings.freezes.map(f => f.name)).toEqual(['year-end']);
  });

  it.each([
    ['not a list', { name: 'x' }, /^deployments\.freezes must be a list of freezes/],
    ['no name', [{ reason: 'r', start: '2026-01-01', end: '2026-01-02' }], 'deployments.freezes[0].name is required'],
    ['an empty reason', [{ ...oneOff, reason: ' ' }], 'deployments.freezes[0].reason is required'],
    ['a long name', [{ ...oneOff, name: 'n'.repeat(101) }], 'deployments.freezes[0].name must be at most 100 characters'],
    ['a name twice', [oneOff, oneOff], "deployments.freezes[1].name: 'year-end' is the name of an earlier freeze; names must be unique"],
    ['an unknown key', [{ ...oneOff, tz: 'UTC' }], /^deployments\.freezes\[0\]: unknown key 'tz'; a freeze has name, reason, /],
    ['a number for a string', [{ ...oneOff, reason: 42 }], 'deployments.freezes[0].reason must be a string, got 42'],
    ['an unknown timezone', [{ ...oneOff, timezone: 'Mars/Olympus' }], "deployments.freezes[0].timezone: 'Mars/Olympus' is not an IANA timezone (e.g. Europe/Berlin, UTC)"],
    ['neither form', [base], 'deployments.freezes[0]: give either start and end, or cron and duration'],
    ['both forms', [{ ...oneOff, cron: '0 0 * * *', duration: '1h' }], 'deployments.freezes[0]: give either start and end, or cron and duration'],
    ['start without end', [{ ...base, start: '2026-01-01' }], 'deployments.freezes[0].end is required with start'],
    ['cron without duration', [{ ...base, cron: '0 0 * * *' }], 'deployments.freezes[0].duration is required with cron'],
    ['duration without cron', [{ ...base, duration: '1h' }], 'deployments.freezes[0].cron is required with duration'],
    ['end before start', [{ ...oneOff, end: '2026-12-19' }], 'deployments.freezes[0].end must be after deployments.freezes[0].start'],
    ['end equal to start', [{ ...oneOff, end: '2026-12-20T00:00:00Z' }], 'deployments.freezes[0].end must be after deployments.freezes[0].start'],
    ['a malformed date', [{ ...oneOff, start: '20/12/2026' }], "deployments.freezes[0].start: '20/12/2026' is not an ISO 8601 date or date-time (use e.g. 2026-12-20, 2026-12-20T18:00 or 2026-12-20T18:00:00+01:00)"],
    ['a date that does not exist', [{ ...oneOff, start: '2026-02-29' }], /^deployments\.freezes\[0\]\.start: '2026-02-29' is not a real date/],
    ['a time that does not exist', [{ ...oneOff, end: '2027-01-04T24:00' }], /^deployments\.freezes\[0\]\.end: '2027-01-04T24:00' is not a real time of day/],
    ['a bad cron field', [{ ...base, cron: '0 18 * * 8', duration: '1h' }], 'deployments.freezes[0].cron: day-of-week value 8 is out of range 0-7'],
    ['a cron that never starts', [{ ...base, cron: '0 0 30 2 *', duration: '1h' }], "deployments.freezes[0].cron: never starts: no month of '2' has a day '30'"],
    ['a six-field cron', [{ ...base, cron: '0 0 18 * * 5', duration: '1h' }], 'deployments.freezes[0].cron: must have 5 fields (minute hour day-of-month month day-of-week), got 6'],
    ['a bad duration', [{ ...base, cron: '0 0 * * *', duration: 'soon' }], /^deployments\.freezes\[0\]\.duration must be a duration such as \{ hours: 2 \}, '2h' or 'PT2H'/],
    ['a zero duration', [{ ...base, cron: '0 0 * * *', duration: { hours: 0 } }], 'deployments.freezes[0].duration must be positive, got {"hours":0}'],
    ['a duration over 366 days', [{ ...base, cron: '0 0 1 1 *', duration: { days: 367 } }], 'deployments.freezes[0].duration must be at most 366 days, got {"days":367}'],
    ['an empty pattern list', [{ ...oneOff, services: [] }], 'deployments.freezes[0].services is empty, so the freeze would cover nothing; leave it out to cover every service'],
    ['a pattern that is not a string', [{ ...oneOff, environments: ['prod', 1] }], "deployments.freezes[0].environments must be a list of name patterns (non-empty strings, '*' wildcards)"],
  ])('stops with an error naming the key for %s', (_name, freezes, message) => {
    expect(error(freezes)).toMatch(typeof message === 'string' ? new RegExp(`^${escape(message)}$`) : message);
  });

  it('names the freeze at fault by its place in the list', () => {
    expect(error([oneOff, { ...oneOff, name: 'second', timezone: 'Nowhere' }])).toMatch(/^deployments\.freezes\[1\]\.timezone/);
  });
});
