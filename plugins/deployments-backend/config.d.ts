import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the Deployments plugin. */
  deployments?: {
    ingest?: {
      /**
       * Keys CI pipelines send in the `X-Api-Key` header of
       * `POST /api/deployments`. Each has a name (logged, never the key) and
       * either the key itself or its SHA-256 hex digest.
       */
      apiKeys?: Array<{
        /** Shown in logs instead of the key. */
        name: string;
        /**
         * The key in plain text.
         * @visibility secret
         */
        key?: string;
        /**
         * Lower-case hex SHA-256 digest of the key, for configs that must not
         * hold the key itself.
         * @visibility secret
         */
        sha256?: string;
        /**
         * Service names this key may post, with `*` wildcards (e.g.
         * `payments-*`). Any service when absent.
         */
        services?: string[];
        /** Environments this key may post to. Any environment when absent. */
        environments?: string[];
      }>;
      /** Per-key ingest rate limit (token bucket); off when absent. */
      rateLimit?: {
        /** Sustained events per second per key. */
        eventsPerSecond: number;
        /** Events a key may post at once before the rate applies. Defaults to 2 × eventsPerSecond. */
        burst?: number;
      };
      /**
       * How long an `Idempotency-Key` of `POST /api/deployments` is
       * remembered per sender, in Backstage's duration form (`{ hours: 24 }`,
       * `'24h'` or `'PT24H'`). Defaults to 24 hours, the contract's minimum;
       * expired keys are deleted hourly, once across replicas.
       */
      idempotencyKeyTtl?: HumanDuration | string;
      /**
       * How far after the server's receive time an event's `happened_at`
       * may lie (CI runners' clocks drift); later is rejected with 422
       * `happened_at` "is in the future". A duration such as
       * `{ minutes: 5 }`, `'5m'` or `'PT5M'`. Defaults to 5 minutes.
       */
      maxClockSkew?: HumanDuration | string;
    };
    environments?: {
      /** Environments listed first in the matrix, in this order; others follow alphabetically. */
      order?: string[];
      /**
       * The environments DORA metrics count as production (default
       * `[prod, production]`); see docs/metrics.md.
       */
      production?: string[];
      /**
       * Environment groups, e.g. `prod: [prod-eu, prod-us]`: one matrix
       * column, one promotion stage, a name for all members in metrics and
       * in `production`. A member belongs to one group; a group's name is no
       * member (docs/api.md "Environment groups").
       */
      groups?: { [name: string]: string[] };
    };
    stream?: {
      /**
       * How often an idle stream gets a `: ping` comment, in Backstage's
       * duration form: `{ seconds: 15 }`, `'15s'` or `'PT15S'`. Defaults to
       * 15 seconds.
       */
      pingInterval?: HumanDuration | string;
      /**
       * Seconds between `: ping` comments on an idle stream.
       * @deprecated use `deployments.stream.pingInterval`
       */
      pingIntervalSeconds?: number;
      /**
       * How often the log is read when no notification arrived: a safety net
       * behind PostgreSQL LISTEN/NOTIFY. A duration like `pingInterval`.
       * Defaults to 5 seconds.
       */
      pollInterval?: HumanDuration | string;
      /**
       * Seconds between reads of the log when no notification arrived.
       * @deprecated use `deployments.stream.pollInterval`
       */
      pollIntervalSeconds?: number;
      /** Open streams one backend process accepts; beyond it, 503 with Retry-After. Defaults to 10000. */
      maxConnections?: number;
      /** Unread bytes after which a stream client is disconnected. Defaults to 1 MiB. */
      maxBufferedBytes?: number;
    };
    retention?: {
      /**
       * Delete events older than this, once across replicas. Never deletes a
       * slot's current or last successful event. A duration such as
       * `{ days: 90 }`, `'90d'` or `'P90D'`. Off when absent.
       */
      maxAge?: HumanDuration | string;
      /**
       * Delete events older than this many days; `0` turns retention off.
       * @deprecated use `deployments.retention.maxAge`
       */
      days?: number;
      /**
       * When retention runs. Defaults to every hour with a 30 minute
       * timeout; a missing `frequency` or `timeout` keeps its default. It
       * always runs once across replicas, whatever `scope` says. Needs
       * `maxAge` (or `days`).
       */
      schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
    };
    /**
     * Notifications to the owners of a service's catalog entity, through
     * Backstage's notifications backend (docs/operations.md, "Notifications").
     * Off, with one log line, when `@backstage/plugin-notifications-backend`
     * is not installed.
     */
    notifications?: {
      /** Send notifications. Defaults to true. */
      enabled?: boolean;
      /**
       * Environments whose deployments notify. Defaults to
       * `deployments.environments.production`.
       */
      environments?: string[];
      /**
       * Which notifications to send: `failure` (a deployment failed),
       * `recovered` (a success after a failure), `waiting` (awaiting
       * approval longer than `waitingAfter`). Defaults to all three.
       */
      events?: Array<'failure' | 'recovered' | 'waiting'>;
      /**
       * How long a deployment may await approval before its owners hear of
       * it, as `{ minutes: 30 }`, `'30m'` or `'PT30M'`. Defaults to 30 minutes.
       */
      waitingAfter?: HumanDuration | string;
    };
    /**
     * Freeze windows (docs/api.md "Freeze windows"): periods in which some
     * services or environments should not be deployed. Visibility, not
     * enforcement: ingest accepts events inside them; `GET /freezes` lists
     * them, reads flag events with `in_freeze`, the UI shows a banner.
     * Each has either `start` and `end`, or `cron` and `duration`.
     */
    freezes?: Array<{
      /** Unique; shown in the banner and in `in_freeze`. */
      name: string;
      /** Why deployments are frozen; shown with the name. */
      reason: string;
      /** Environment name patterns (`*` wildcard); every environment when absent. */
      environments?: string[];
      /** Service name patterns (`*` wildcard); every service when absent. */
      services?: string[];
      /** IANA timezone of `cron` and of `start`/`end` without an offset. Defaults to UTC. */
      timezone?: string;
      /** One-off: `2026-12-20`, `2026-12-20T18:00` or with `Z`/an offset; inclusive. */
      start?: string;
      /** One-off: as `start`; exclusive, after `start`. */
      end?: string;
      /** Recurring: a 5-field cron expression (minute hour day-of-month month day-of-week) of the starts. */
      cron?: string;
      /** Recurring: how long each window lasts, as `{ hours: 14 }`, `'14h'` or `'PT14H'` (at most 366 days). */
      duration?: HumanDuration | string;
    }>;
    catalog?: {
      /**
       * How long the catalog service-name mapping is cached, as a duration
       * such as `{ minutes: 1 }` or `'1m'`. Defaults to 60 seconds.
       */
      cacheTtl?: HumanDuration | string;
      /**
       * Seconds the catalog service-name mapping is cached.
       * @deprecated use `deployments.catalog.cacheTtl`
       */
      cacheSeconds?: number;
    };
  };
}
