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
  /** `GET /matrix`, optionally for one service. */
  getMatrix(
    query?: { service?: string },
    options?: DeploymentsRequestOptions,
  ): Promise<MatrixResponse>;
  /** `GET /` — one page of history, newest first. */
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
