import { createApiRef } from '@backstage/core-plugin-api';
import {
  DeploymentEvent,
  HistoryPage,
  HistoryQuery,
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
  /** Only services with a slot whose current event is a failure. */
  failuresOnly?: boolean;
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
  /** `GET /metrics` — DORA metrics, overall and per day or week. */
  getMetrics(
    query: MetricsQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<MetricsResponse>;
  /** `GET /promotion` — promotion lanes of one service, or of all without one. */
  getPromotion(
    query: { service?: string },
    options?: DeploymentsRequestOptions,
  ): Promise<PromotionResponse>;
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
