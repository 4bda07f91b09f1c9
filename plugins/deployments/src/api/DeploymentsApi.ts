import { createApiRef } from '@backstage/core-plugin-api';
import {
  ActivityResponse,
  DeploymentEvent,
  FreezesQuery,
  FreezesResponse,
  GroupInsightsResponse,
  HistoryPage,
  HistoryQuery,
  IncidentsQuery,
  IncidentsResponse,
  MatrixResponse,
  MetricsQuery,
  MetricsResponse,
  PromotionResponse,
  RunsPage,
  RunsQuery,
} from '@deploydash/plugin-deployments-common';

/** Options for {@link DeploymentsApi.streamEvents}. @public */
export interface StreamEventsOptions {
  /** Only events of this service. */
  service?: string;
  /** Replay every event after this cursor before going live. */
  lastEventId?: string;
  /** Aborting closes the stream; the returned promise then resolves. */
  signal: AbortSignal;
  /** Called once the server has accepted the connection. */
  onOpen?: () => void;
  /** Called for every `deployment` frame, with the frame's cursor. */
  onEvent: (event: DeploymentEvent, cursor: string) => void;
  /**
   * Called for every `event: void` frame: the event (with its `voided`)
   * was voided and is no longer part of the matrix, runs or metrics.
   */
  onVoid?: (event: DeploymentEvent) => void;
}

/** Parameters of {@link DeploymentsApi.getMatrix}; all optional. @public */
export interface MatrixQuery {
  /**
   * Only these services' rows. Several (at most 100) are sent as repeated
   * `service` parameters; an empty list is left out, which means all.
   */
  service?: string | string[];
  /** `summary`: slots carry only the fields the matrix shows. */
  view?: 'summary';
  /** Page size in services (1–1000); the answer then has `next_cursor`. */
  limit?: number;
  /** `next_cursor` of the previous page. */
  cursor?: string;
  /** Case-insensitive substring of the service name. */
  q?: string;
  /** Only services whose catalog entity this entity ref owns. */
  owner?: string;
  /**
   * Only services owned by this Group entity ref or by any group below it
   * (this project's extension of the contract).
   */
  team?: string;
  /** Only services with a slot whose current event is a failure. */
  failuresOnly?: boolean;
}

/**
 * Parameters of {@link DeploymentsApi.getGroupInsights} (this project's
 * extension of the contract).
 *
 * @public
 */
export interface GroupInsightsQuery {
  /** One row per owning team or per system. */
  groupBy: 'team' | 'system';
  /** RFC 3339, inclusive; the backend's default is `to` minus 30 days. */
  from?: string;
  /** RFC 3339, exclusive; default now. */
  to?: string;
}

/**
 * Parameters of {@link DeploymentsApi.getActivity} (this project's
 * extension of the contract).
 *
 * @public
 */
export interface ActivityQuery {
  from?: string;
  to?: string;
  /** IANA time zone of the weekdays and hours; default UTC. */
  tz?: string;
  /** Only this Group's services (its subgroups' included). */
  team?: string;
}

/** Common request options. @public */
export interface DeploymentsRequestOptions {
  signal?: AbortSignal;
}

/**
 * Reads deployment data from the deployments backend.
 *
 * @public
 */
export interface DeploymentsApi {
  /** `GET /matrix`: all of it, one page, or the rows of some services. */
  getMatrix(
    query?: MatrixQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<MatrixResponse>;
  /** `GET /` — one page of history, newest first; `q` searches free text. */
  getHistory(
    query?: HistoryQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<HistoryPage>;
  /**
   * `GET /runs` — one page of runs (the events of one deployment_id in one
   * slot, folded together), newest started first.
   */
  getRuns(
    query: RunsQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<RunsPage>;
  /** `GET /{id}`. */
  getEvent(
    id: string,
    options?: DeploymentsRequestOptions,
  ): Promise<DeploymentEvent>;
  /**
   * `POST /{id}/void` — voids a mistaken event (1–500 characters of
   * reason; needs `deployments.event.void`). Resolves to the event with its
   * `voided`; rejects with a `DeploymentsApiError` (400, 403, 404, 409, ...).
   */
  voidEvent(
    id: string,
    reason: string,
    options?: DeploymentsRequestOptions,
  ): Promise<DeploymentEvent>;
  /** `GET /metrics` — DORA metrics, overall and per day or week. */
  getMetrics(
    query: MetricsQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<MetricsResponse>;
  /**
   * `GET /insights/teams` or `/insights/systems` — DORA per owning team or
   * per system, for the period and the one before it.
   */
  getGroupInsights(
    query: GroupInsightsQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<GroupInsightsResponse>;
  /**
   * `GET /insights/activity` — production deploys by weekday × hour and the
   * run duration histogram.
   */
  getActivity(
    query: ActivityQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<ActivityResponse>;
  /** `GET /promotion` — promotion lanes of one service, or of all without one. */
  getPromotion(
    query: { service?: string },
    options?: DeploymentsRequestOptions,
  ): Promise<PromotionResponse>;
  /**
   * `GET /freezes` — active freeze windows and those starting within 30
   * days (this project's extension of the contract).
   */
  getFreezes(
    query?: FreezesQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<FreezesResponse>;
  /**
   * `GET /incidents` — incidents (one item per service and incident_id),
   * newest opening first (this project's extension of the contract).
   */
  getIncidents(
    query: IncidentsQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<IncidentsResponse>;
  /** `GET /services`. */
  listServices(options?: DeploymentsRequestOptions): Promise<string[]>;
  /** `GET /environments`, in the backend's order. */
  listEnvironments(options?: DeploymentsRequestOptions): Promise<string[]>;
  /**
   * `GET /stream`. Resolves when the server ends the stream or the signal
   * aborts; rejects when the connection fails (e.g. a
   * `DeploymentsApiError`).
   */
  streamEvents(options: StreamEventsOptions): Promise<void>;
}

/** @public */
export const deploymentsApiRef = createApiRef<DeploymentsApi>({
  id: 'plugin.deployments.api',
});
