import { DeploymentEvent, DeploymentStatus } from './eventSchema';

/** The state of one (service, environment) slot of the matrix. @public */
export interface DeploymentSlot {
  current: DeploymentEvent;
  last_successful: DeploymentEvent | null;
}

/** One row of the matrix. @public */
export interface MatrixService {
  service: string;
  /** The catalog entity this service maps to, or null when none does. */
  entity_ref: string | null;
  /** Keyed by environment; a slot with no events is absent. */
  slots: Record<string, DeploymentSlot>;
}

/** `GET /api/deployments/matrix`. @public */
export interface MatrixResponse {
  environments: string[];
  /**
   * Configured environment groups with data, members with data only, in
   * `environments` order (docs/api.md "Environment groups"); `[]` when none.
   * Always sent by this backend; optional for older ones and fixtures.
   */
  environment_groups?: MatrixEnvironmentGroup[];
  services: MatrixService[];
  /** With `limit`: the cursor of the next page, null on the last one. */
  next_cursor?: string | null;
}

/** A group of environments in the matrix: one column that expands into its members. @public */
export interface MatrixEnvironmentGroup {
  name: string;
  /** Its members with data, adjacent in `MatrixResponse.environments`. */
  environments: string[];
}

/** `GET /api/deployments` — one page of history. @public */
export interface HistoryPage {
  items: DeploymentEvent[];
  next_cursor: string | null;
}

/** Filters of `GET /api/deployments`. @public */
export interface HistoryQuery {
  service?: string;
  environment?: string;
  status?: DeploymentStatus;
  deployment_id?: string;
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
  /** Include test deployments (left out by default). */
  include_tests?: boolean;
  /** Include voided events, with their `voided` (left out by default). */
  include_voided?: boolean;
  /**
   * Free text, matched case-insensitively as a substring of service,
   * environment, version, status, actor, ref, sha, deployment_id or run_number.
   */
  q?: string;
}

/** `GET /api/deployments/services` and `/environments`. @public */
export interface NameList {
  items: string[];
}

/** The catalog annotation mapping an entity to a differently named service. @public */
export const DEPLOYMENTS_SERVICE_ANNOTATION = 'deployments/service-name';

/** Query of `GET /api/deployments/metrics`. @public */
export interface MetricsQuery {
  service?: string;
  /**
   * A Group entity ref: the services it or any group below it owns,
   * counted together (not with `service`). This project's extension.
   */
  team?: string;
  /** One environment instead of the configured production environments. */
  environment?: string;
  /** RFC 3339, inclusive; default 30 days before `to`. */
  from?: string;
  /** RFC 3339, exclusive; default now. */
  to?: string;
  bucket?: 'day' | 'week';
}

/** A DORA performance band (Accelerate State of DevOps 2023), or null without data. @public */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low' | null;

/** Durations over a set of samples; percentiles are nearest-rank. @public */
export interface DurationSummary {
  samples: number;
  median_seconds: number | null;
  p90_seconds: number | null;
}

/**
 * What change failure rate and recovery time were computed from: deployment
 * statuses, posted incidents, or both (services of both kinds counted
 * together). @public
 */
export type FailureBasis = 'deployments' | 'incidents' | 'mixed';

/** The four DORA metrics over one period. @public */
export interface DoraMetrics {
  deployment_frequency: {
    /** Successful production deployments in the period. */
    deployments: number;
    per_day: number;
    band: DoraBand;
  };
  change_failure_rate: {
    /** Failed changes: failed deployments, plus successes that a fix or hotfix followed. */
    failed: number;
    /** Terminal (success or failure) production deployments. */
    total: number;
    /** failed / total, or null when total is 0. */
    rate: number | null;
    band: DoraBand;
    /** Where failed changes come from (docs/metrics.md "Incidents as the basis"). */
    basis: FailureBasis;
  };
  recovery_time: DurationSummary & {
    /** Failed changes with no later success of the slot (yet); on the incident basis, incidents not resolved yet. */
    unrecovered: number;
    band: DoraBand;
    basis: FailureBasis;
  };
  lead_time: DurationSummary & {
    /**
     * `commits`: commit authored_at to production success; `parent_deployments`:
     * first upstream event reached through parent_deployments to production
     * success (used only when no commit times were sent in the period).
     */
    basis: 'commits' | 'parent_deployments' | null;
    band: DoraBand;
  };
  /**
   * How long successful production runs took, first event to the success
   * (runs with a single event have no duration and are not counted), by
   * when they finished. Not a DORA metric: no band.
   */
  deployment_duration: DurationSummary;
}

/** One bucket of the metrics time series. @public */
export interface MetricsBucket extends DoraMetrics {
  /** RFC 3339 UTC, inclusive. */
  start: string;
  /** RFC 3339 UTC, exclusive. */
  end: string;
}

/** What each band means for one metric, in words. @public */
export interface BandThresholds {
  elite: string;
  high: string;
  medium: string;
  low: string;
}

/** The band thresholds applied, and where they come from. @public */
export interface DoraThresholds {
  source: string;
  deployment_frequency: BandThresholds;
  change_failure_rate: BandThresholds;
  recovery_time: BandThresholds;
  lead_time: BandThresholds;
}

/** `GET /api/deployments/metrics`. @public */
export interface MetricsResponse {
  thresholds: DoraThresholds;
  service: string | null;
  environments: string[];
  from: string;
  to: string;
  bucket: 'day' | 'week';
  overall: DoraMetrics;
  buckets: MetricsBucket[];
}

/** One environment (or environment group) of a service's promotion lane. @public */
export interface PromotionStage {
  environment: string;
  /** The environments of the stage: a group's members with data, else `[environment]`. */
  environments?: string[];
  /**
   * A group's members with their last success (the stage's `current` is the
   * oldest of them); null for a stage that is no group. Both always sent by
   * this backend.
   */
  members?: Array<{ environment: string; current: DeploymentEvent | null }> | null;
  /** The slot's current successful deployment, or null. */
  current: DeploymentEvent | null;
  /** The lower environment this stage is compared with (the previous in the lane), or null for the first. */
  previous_environment: string | null;
  /** Successes in the previous environment not yet here, newest first (at most 20). */
  waiting: DeploymentEvent[];
  /** How `waiting` was matched: through parent_deployments, version/sha equality, or neither. */
  matched_by: 'parent_deployments' | 'version' | 'sha' | null;
  /** Since when this stage lags the previous one (the oldest waiting success), or null. */
  lagging_since: string | null;
  /** The commits the waiting successes list that this environment has not shipped. */
  changes: PromotionChanges;
}

/** One commit waiting to be promoted. @public */
export interface PromotionChange {
  /** Lower case. */
  sha: string;
  /** The earliest `authored_at` any waiting event sent for it, or null. */
  authored_at: string | null;
  /** The commit in its repository, or null when the repository is unknown. */
  url: string | null;
}

/** `changes` of a promotion stage (docs/api.md, "Changes waiting"). @public */
export interface PromotionChanges {
  /** How many commits wait, all of them. */
  total: number;
  /** Newest first by `authored_at` (those without one last, then by SHA); at most 50. */
  items: PromotionChange[];
  /** The repository's compare view from this stage's `current.sha` to the lower environment's, or null. */
  compare_url: string | null;
}

/** `GET /api/deployments/promotion`. @public */
export interface PromotionResponse {
  services: Array<{
    service: string;
    entity_ref: string | null;
    /** In lane order: configured environment order, then alphabetical. */
    stages: PromotionStage[];
  }>;
}

/**
 * One logical deployment: the events sharing (`deployment_id`, `service`,
 * `environment`), as `GET /api/deployments/runs` returns it.
 *
 * @public
 */
export interface DeploymentRun {
  deployment_id: string;
  service: string;
  environment: string;
  /** The status of the run's latest event. */
  status: DeploymentStatus;
  /** The version of the run's latest event. */
  version: string | null;
  /** The earliest `happened_at` of the run. */
  started_at: string;
  /** `happened_at` of the latest event when it is terminal, else null. */
  finished_at: string | null;
  /** finished_at − started_at in milliseconds, or null. */
  duration_ms: number | null;
  /**
   * A successful run whose version had been deployed successfully to the slot
   * before, and whose previous successful run in the slot had another version.
   */
  rollback: boolean;
  /** Oldest first. */
  events: DeploymentEvent[];
}

/** `GET /api/deployments/runs`. @public */
export interface RunsPage {
  items: DeploymentRun[];
  next_cursor: string | null;
}

/** Filters of `GET /api/deployments/runs`; `since`/`until` apply to `started_at`. @public */
export interface RunsQuery {
  service?: string;
  environment?: string;
  status?: DeploymentStatus;
  since?: string;
  until?: string;
  /** 1–200, default 50. */
  limit?: number;
  cursor?: string;
  /** Include test deployments (left out by default). */
  include_tests?: boolean;
}
