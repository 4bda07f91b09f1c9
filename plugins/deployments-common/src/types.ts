/** The three states a deployment moves through. @public */
export const DEPLOYMENT_STATUSES = ['in-progress', 'success', 'failure'] as const;

/** @public */
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/**
 * One stored deployment event, exactly as every read and the stream return it.
 * Absent optional fields are `null`; `parent_deployments` is always an array.
 *
 * @public
 */
export interface DeploymentEvent {
  /** Opaque, unique; also the stream cursor of this event. */
  id: string;
  deployment_id: string;
  service: string;
  environment: string;
  status: DeploymentStatus;
  /** RFC 3339 UTC with milliseconds, e.g. `2026-01-01T10:00:00.000Z`. */
  happened_at: string;
  received_at: string;
  version: string | null;
  run_url: string | null;
  run_number: number | null;
  actor: string | null;
  ref: string | null;
  sha: string | null;
  parent_deployments: string[];
}

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
  services: MatrixService[];
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
}

/** `GET /api/deployments/services` and `/environments`. @public */
export interface NameList {
  items: string[];
}

/** The catalog annotation mapping an entity to a differently named service. @public */
export const DEPLOYMENTS_SERVICE_ANNOTATION = 'deployments/service-name';
