import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readDeploymentsSettings } from './config';

const read = (
  deployments: JsonObject,
  logger = mockServices.logger.mock(),
) => ({
  settings: readDeploymentsSettings(new ConfigReader({ deployments }), logger),
  warnings: logger.warn.mock.calls.map(([message]) => message),
});

const readError = (deployments: JsonObject) => {
  try {
    readDeploymentsSettings(new ConfigReader({ deployments }));
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('readDeploymentsSettings', () => {
  it('applies every default, with retention and the rate limit off', () => {
    const logger = mockServices.logger.mock();
    expect(readDeploymentsSettings(new ConfigReader({}), logger)).toEqual({
      stream: {
        pingIntervalMs: 15_000,
        pollIntervalMs: 5_000,
        maxBufferedBytes: 1024 * 1024,
        maxConnections: 10_000,
      },
      catalog: { cacheTtlMs: 60_000 },
      environments: { order: [], production: ['prod', 'production'], groups: [] },
      retention: undefined,
      ingest: { rateLimit: undefined, idempotencyKeyTtlMs: 86_400_000, maxClockSkewMs: 5 * 60_000 },
      notifications: {
        enabled: true,
        environments: ['prod', 'production'],
        events: ['failure', 'recovered', 'waiting'],
        waitingAfterMs: 30 * 60_000,
      },
      freezes: [],
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('reads the new duration keys as objects, ms strings and ISO durations', () => {
    const { settings, warnings } = read({
      stream: {
        pingInterval: { seconds: 20 },
        pollInterval: '1.5s',
        maxConnections: 5,
        maxBufferedBytes: 100,
      },
      catalog: { cacheTtl: 'PT2M' },
      retention: { maxAge: '90d' },
      environments: { order: ['dev', 'prod'], production: ['live'] },
      ingest: { rateLimit: { eventsPerSecond: 3 } },
    });
    expect(settings).toEqual({
      stream: {
        pingIntervalMs: 20_000,
        pollIntervalMs: 1_500,
        maxBufferedBytes: 100,
        maxConnections: 5,
      },
      catalog: { cacheTtlMs: 120_000 },
      environments: { order: ['dev', 'prod'], production: ['live'], groups: [] },
      retention: {
        maxAge: { weeks: 12, days: 6 },
        maxAgeMs: 90 * 86_400_000,
        schedule: { frequency: { hours: 1 }, timeout: { minutes: 30 } },
      },
      ingest: {
        rateLimit: { eventsPerSecond: 3, burst: 6 },
        idempotencyKeyTtlMs: 86_400_000,
        maxClockSkewMs: 5 * 60_000,
      },
      // Notified environments follow the production ones.
      notifications: {
        enabled: true,
        environments: ['live'],
        events: ['failure', 'recovered', 'waiting'],
        waitingAfterMs: 30 * 60_000,
      },
      freezes: [],
    });
    expect(warnings).toEqual([]);
  });

  it('reads a retention schedule, keeping the default of a part left out', () => {
    const full = read({
      retention: {
        maxAge: { days: 7 },
        schedule: {
          frequency: { cron: '0 3 * * *' },
          timeout: '10m',
          initialDelay: { seconds: 30 },
        },
      },
    }).settings.retention?.schedule;
    expect(full).toMatchObject({
      frequency: { cron: '0 3 * * *' },
      timeout: { minutes: 10 },
      initialDelay: { seconds: 30 },
    });
    const partial = read({
      retention: {
        maxAge: { days: 7 },
        schedule: { frequency: { minutes: 5 } },
      },
    }).settings.retention?.schedule;
    expect(partial).toMatchObject({
      frequency: { minutes: 5 },
      timeout: { minutes: 30 },
    });
  });

  it('still reads the deprecated keys, warning once per key with the new key named', () => {
    const { settings, warnings } = read({
      stream: { pingIntervalSeconds: 0.3, pollIntervalSeconds: 2 },
      catalog: { cacheSeconds: 30 },
      retention: { days: 14 },
    });
    expect(settings.stream).toMatchObject({
      pingIntervalMs: 300,
      pollIntervalMs: 2_000,
    });
    expect(settings.catalog.cacheTtlMs).toBe(30_000);
    expect(settings.retention).toMatchObject({
      maxAge: { days: 14 },
      maxAgeMs: 14 * 86_400_000,
    });
    expect(warnings).toEqual([
      expect.stringMatching(
        /deployments\.stream\.pingIntervalSeconds is deprecated; use deployments\.stream\.pingInterval /,
      ),
      expect.stringMatching(
        /deployments\.stream\.pollIntervalSeconds is deprecated; use deployments\.stream\.pollInterval /,
      ),
      expect.stringMatching(
        /deployments\.catalog\.cacheSeconds is deprecated; use deployments\.catalog\.cacheTtl /,
      ),
      expect.stringMatching(
        /deployments\.retention\.days is deprecated; use deployments\.retention\.maxAge /,
      ),
    ]);
  });

  it('reads the deprecated keys without a logger', () => {
    const settings = readDeploymentsSettings(
      new ConfigReader({ deployments: { stream: { pingIntervalSeconds: 1 } } }),
    );
    expect(settings.stream.pingIntervalMs).toBe(1_000);
  });

  it('prefers the new key when both are set, and says the old one is ignored', () => {
    const { settings, warnings } = read({
      stream: { pingInterval: '10s', pingIntervalSeconds: 99 },
      retention: { maxAge: { days: 1 }, days: 99 },
    });
    expect(settings.stream.pingIntervalMs).toBe(10_000);
    expect(settings.retention?.maxAgeMs).toBe(86_400_000);
    expect(warnings).toEqual([
      expect.stringContaining(
        'deployments.stream.pingIntervalSeconds is deprecated and ignored because deployments.stream.pingInterval is set',
      ),
      expect.stringContaining(
        'deployments.retention.days is deprecated and ignored because deployments.retention.maxAge is set',
      ),
    ]);
  });

  it('reads the allowed clock skew of happened_at in every duration form', () => {
    expect(read({ ingest: { maxClockSkew: { seconds: 30 } } }).settings.ingest.maxClockSkewMs).toBe(30_000);
    expect(read({ ingest: { maxClockSkew: '2m' } }).settings.ingest.maxClockSkewMs).toBe(120_000);
    expect(read({ ingest: { maxClockSkew: 'PT1H' } }).settings.ingest.maxClockSkewMs).toBe(3_600_000);
  });

  it("reads the Idempotency-Key window, warning below the contract's 24 hours", () => {
    const week = read({ ingest: { idempotencyKeyTtl: 'P7D' } });
    expect(week.settings.ingest.idempotencyKeyTtlMs).toBe(7 * 86_400_000);
    expect(week.warnings).toEqual([]);
    const short = read({ ingest: { idempotencyKeyTtl: { hours: 1 } } });
    expect(short.settings.ingest.idempotencyKeyTtlMs).toBe(3_600_000);
    expect(short.warnings).toEqual([
      expect.stringContaining(
        'deployments.ingest.idempotencyKeyTtl is below 24 hours',
      ),
    ]);
  });

  it('keeps `retention.days: 0` meaning off, as it always did', () => {
    expect(read({ retention: { days: 0 } }).settings.retention).toBeUndefined();
  });

  it.each([
    [
      { stream: { pingInterval: 'soon' } },
      /deployments\.stream\.pingInterval must be a duration.*'soon'/,
    ],
    [
      { stream: { pollInterval: 15 } },
      /deployments\.stream\.pollInterval must be a duration.*(wanted object|plain number)/,
    ],
    [
      { catalog: { cacheTtl: { minutes: 1, fortnights: 1 } } },
      /deployments\.catalog\.cacheTtl must be a duration.*'fortnights'/,
    ],
    [
      { retention: { maxAge: { days: 0 } } },
      /deployments\.retention\.maxAge must be a positive duration/,
    ],
    [
      { retention: { maxAge: { days: -1 } } },
      /deployments\.retention\.maxAge must be a positive duration/,
    ],
    [
      { stream: { pingIntervalSeconds: 0 } },
      /deployments\.stream\.pingIntervalSeconds must be a positive duration/,
    ],
    [
      { retention: { days: -3 } },
      /deployments\.retention\.days must be a positive duration/,
    ],
    [
      { stream: { maxConnections: 0 } },
      /deployments\.stream\.maxConnections must be a positive number/,
    ],
    [
      { stream: { maxBufferedBytes: 'lots' } },
      /deployments\.stream\.maxBufferedBytes/,
    ],
    [
      { retention: { schedule: { frequency: { hours: 2 } } } },
      /deployments\.retention\.schedule is set but deployments\.retention\.maxAge is not/,
    ],
    [
      { retention: { maxAge: '1d', schedule: { timeout: 'whenever' } } },
      /Invalid deployments\.retention\.schedule:.*'whenever'/,
    ],
    [
      { retention: { maxAge: '1d', schedule: { scope: 'everywhere' } } },
      /Invalid deployments\.retention\.schedule:.*everywhere/,
    ],
    [
      { ingest: { idempotencyKeyTtl: { hours: 0 } } },
      /deployments\.ingest\.idempotencyKeyTtl must be a positive duration/,
    ],
    [
      { ingest: { idempotencyKeyTtl: 'a day' } },
      /deployments\.ingest\.idempotencyKeyTtl must be a duration/,
    ],
    [
      { ingest: { maxClockSkew: { minutes: 0 } } },
      /deployments\.ingest\.maxClockSkew must be a positive duration/,
    ],
    [
      { ingest: { maxClockSkew: 'soon' } },
      /deployments\.ingest\.maxClockSkew must be a duration such as/,
    ],
    [
      { ingest: { rateLimit: { burst: 5 } } },
      /deployments\.ingest\.rateLimit\.eventsPerSecond/,
    ],
    [
      { ingest: { rateLimit: { eventsPerSecond: -1 } } },
      /deployments\.ingest\.rateLimit\.eventsPerSecond must be a positive number/,
    ],
    [
      { ingest: { rateLimit: { eventsPerSecond: 0.2 } } },
      /deployments\.ingest\.rateLimit\.burst must be at least 1/,
    ],
  ])('rejects %j at startup, naming the key', (deployments, message) => {
    expect(readError(deployments as JsonObject)).toMatch(message);
  });
});
