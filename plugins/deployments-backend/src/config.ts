import {
  LoggerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  Config,
  ConfigReader,
  readDurationFromConfig,
} from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration, JsonObject } from '@backstage/types';
import {
  NOTIFICATION_KINDS,
  NotificationKind,
  NotificationSettings,
} from './notifications/notificationKinds';
import { FreezeDefinition } from './freezes/FreezeCalendar';
import { readFreezes } from './freezes/readFreezes';
import {
  EnvironmentGroup,
  EnvironmentLayout,
  readEnvironmentGroups,
} from './environments/environmentGroups';

/** `deployments.retention`, when retention is on. */
export interface RetentionSettings {
  /** Events older than this are deleted (never a slot's current or last successful one). */
  maxAge: HumanDuration;
  maxAgeMs: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/** Every `deployments.*` setting of the backend plugin, with defaults applied. */
export interface DeploymentsSettings {
  stream: {
    pingIntervalMs: number;
    pollIntervalMs: number;
    maxBufferedBytes: number;
    maxConnections: number;
  };
  catalog: { cacheTtlMs: number };
  /** `production` with each group's name expanded to its members (src/environments). */
  environments: { order: string[]; production: string[]; groups: EnvironmentGroup[] };
  /** Undefined when retention is off. */
  retention?: RetentionSettings;
  ingest: {
    rateLimit?: { eventsPerSecond: number; burst: number };
    /** How long an `Idempotency-Key` is remembered. */
    idempotencyKeyTtlMs: number;
    /** How far after its receive time an event's `happened_at` may lie (else 422 "is in the future"). */
    maxClockSkewMs: number;
  };
  /** `deployments.notifications` (src/notifications). */
  notifications: NotificationSettings;
  /** `deployments.freezes`, in configuration order (src/freezes). */
  freezes: FreezeDefinition[];
}

const DEFAULT_RETENTION_SCHEDULE = {
  frequency: { hours: 1 },
  timeout: { minutes: 30 },
};

const toMs = durationToMilliseconds;

/** `deployments.ingest.maxClockSkew` when not configured (contract v1.2). */
const DEFAULT_MAX_CLOCK_SKEW: HumanDuration = { minutes: 5 };

/** The contract promises to remember an `Idempotency-Key` at least this long. */
const CONTRACT_IDEMPOTENCY_KEY_TTL: HumanDuration = { hours: 24 };

function positiveMs(duration: HumanDuration, key: string): number {
  const ms = toMs(duration);
  if (!(ms > 0 && Number.isFinite(ms))) {
    throw new InputError(
      `${key} must be a positive duration, got ${JSON.stringify(duration)}`,
    );
  }
  return ms;
}

function positive(key: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) {
    throw new InputError(`${key} must be a positive number, got ${value}`);
  }
  return value;
}

/**
 * A duration under its key in Backstage's duration form, else under its
 * deprecated number-of-`unit` key (if any); the new key wins when both are set.
 */
function readDuration(
  config: Config,
  key: string,
  deprecated?: { key: string; unit: 'seconds' | 'days' },
  logger?: LoggerService,
): HumanDuration | undefined {
  const old = deprecated && config.getOptionalNumber(deprecated.key);
  if (deprecated && old !== undefined) {
    logger?.warn(
      config.has(key)
        ? `${deprecated.key} is deprecated and ignored because ${key} is set; remove it`
        : `${deprecated.key} is deprecated; use ${key} instead, e.g. ${key}: { ${deprecated.unit}: ${old} }`,
    );
  }
  if (config.has(key)) {
    let duration: HumanDuration;
    try {
      duration = readDurationFromConfig(config, { key });
    } catch (error) {
      throw new InputError(
        `${key} must be a duration such as { minutes: 5 }, '5m' or 'PT5M': ${
          (error as Error).message
        }`,
      );
    }
    positiveMs(duration, key);
    return duration;
  }
  if (!deprecated || old === undefined) return undefined;
  const duration = { [deprecated.unit]: old };
  positiveMs(duration, deprecated.key);
  return duration;
}

function readRetention(
  config: Config,
  logger?: LoggerService,
): RetentionSettings | undefined {
  // `days: 0` used to turn retention off (e.g. from an unset environment variable); it still does.
  const oldOff = config.getOptionalNumber('deployments.retention.days') === 0;
  const maxAge =
    oldOff && !config.has('deployments.retention.maxAge')
      ? undefined
      : readDuration(
          config,
          'deployments.retention.maxAge',
          { key: 'deployments.retention.days', unit: 'days' },
          logger,
        );
  const scheduleConfig = config.getOptionalConfig(
    'deployments.retention.schedule',
  );
  if (!maxAge) {
    if (scheduleConfig) {
      throw new InputError(
        'deployments.retention.schedule is set but deployments.retention.maxAge is not',
      );
    }
    return undefined;
  }
  return {
    maxAge,
    maxAgeMs: toMs(maxAge),
    schedule: readRetentionSchedule(scheduleConfig),
  };
}

/** The configured schedule; a missing `frequency` or `timeout` keeps its default. */
function readRetentionSchedule(
  config?: Config,
): SchedulerServiceTaskScheduleDefinition {
  if (!config) return DEFAULT_RETENTION_SCHEDULE;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      new ConfigReader(
        { ...DEFAULT_RETENTION_SCHEDULE, ...config.get<JsonObject>() },
        'deployments.retention.schedule',
      ),
    );
  } catch (error) {
    throw new InputError(
      `Invalid deployments.retention.schedule: ${(error as Error).message}`,
    );
  }
}

function readRateLimit(
  config: Config,
): DeploymentsSettings['ingest']['rateLimit'] {
  const limit = config.getOptionalConfig('deployments.ingest.rateLimit');
  if (!limit) return undefined;
  const eventsPerSecond = positive(
    'deployments.ingest.rateLimit.eventsPerSecond',
    limit.getNumber('eventsPerSecond'),
  );
  const burst = limit.getOptionalNumber('burst') ?? eventsPerSecond * 2;
  // Below one token no event would ever pass.
  if (!(burst >= 1 && Number.isFinite(burst))) {
    throw new InputError(
      `deployments.ingest.rateLimit.burst must be at least 1, got ${burst}`,
    );
  }
  return { eventsPerSecond, burst };
}

/** `deployments.ingest.idempotencyKeyTtl`; shorter than the contract's 24 hours is allowed, with a warning. */
function readIdempotencyKeyTtlMs(config: Config, logger?: LoggerService): number {
  const key = 'deployments.ingest.idempotencyKeyTtl';
  const ttl = readDuration(config, key, undefined, logger) ?? CONTRACT_IDEMPOTENCY_KEY_TTL;
  if (toMs(ttl) < toMs(CONTRACT_IDEMPOTENCY_KEY_TTL)) {
    logger?.warn(
      `${key} is below 24 hours; the API contract promises to remember an Idempotency-Key at least 24 hours`,
    );
  }
  return toMs(ttl);
}

/** `deployments.notifications`; its environments default to the production ones. */
function readNotifications(
  config: Config,
  production: string[],
  logger?: LoggerService,
): NotificationSettings {
  const key = 'deployments.notifications';
  const events = config.getOptionalStringArray(`${key}.events`) ?? [...NOTIFICATION_KINDS];
  for (const event of events) {
    if (!(NOTIFICATION_KINDS as readonly string[]).includes(event)) {
      throw new InputError(
        `${key}.events: unknown event '${event}'; use any of ${NOTIFICATION_KINDS.join(', ')}`,
      );
    }
  }
  const waitingAfter = readDuration(config, `${key}.waitingAfter`, undefined, logger) ?? {
    minutes: 30,
  };
  return {
    enabled: config.getOptionalBoolean(`${key}.enabled`) ?? true,
    environments: config.getOptionalStringArray(`${key}.environments`) ?? production,
    events: [...new Set(events)] as NotificationKind[],
    waitingAfterMs: toMs(waitingAfter),
  };
}

/**
 * Reads and checks every `deployments.*` setting once, at startup, so a bad
 * value stops the backend with an error naming its key. API keys stay with
 * `readApiKeys` in service/ingestAuth.ts.
 */
export function readDeploymentsSettings(
  config: Config,
  logger?: LoggerService,
): DeploymentsSettings {
  const durationMs = (key: string, oldKey: string, fallback: HumanDuration) =>
    toMs(
      readDuration(config, key, { key: oldKey, unit: 'seconds' }, logger) ??
        fallback,
    );
  const number = (key: string, fallback: number) =>
    positive(key, config.getOptionalNumber(key) ?? fallback);
  const order = config.getOptionalStringArray('deployments.environments.order') ?? [];
  const groups = readEnvironmentGroups(config);
  // A group's name in production means its members: the one place metrics,
  // insights, the team view and notifications get their production list.
  const production = new EnvironmentLayout(order, groups).expand(
    config.getOptionalStringArray('deployments.environments.production') ?? ['prod', 'production'],
  );
  return {
    stream: {
      pingIntervalMs: durationMs(
        'deployments.stream.pingInterval',
        'deployments.stream.pingIntervalSeconds',
        { seconds: 15 },
      ),
      pollIntervalMs: durationMs(
        'deployments.stream.pollInterval',
        'deployments.stream.pollIntervalSeconds',
        { seconds: 5 },
      ),
      maxBufferedBytes: number(
        'deployments.stream.maxBufferedBytes',
        1024 * 1024,
      ),
      maxConnections: number('deployments.stream.maxConnections', 10_000),
    },
    catalog: {
      cacheTtlMs: durationMs(
        'deployments.catalog.cacheTtl',
        'deployments.catalog.cacheSeconds',
        {
          seconds: 60,
        },
      ),
    },
    environments: { order, production, groups },
    retention: readRetention(config, logger),
    ingest: {
      rateLimit: readRateLimit(config),
      idempotencyKeyTtlMs: readIdempotencyKeyTtlMs(config, logger),
      maxClockSkewMs: toMs(
        readDuration(config, 'deployments.ingest.maxClockSkew', undefined, logger) ??
          DEFAULT_MAX_CLOCK_SKEW,
      ),
    },
    notifications: readNotifications(config, production, logger),
    freezes: readFreezes(config),
  };
}
