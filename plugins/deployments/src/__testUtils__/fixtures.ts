import {
  ActivityResponse,
  DeploymentEvent,
  DeploymentSlot,
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
import {
  ActivityQuery,
  DeploymentsApi,
  GroupInsightsQuery,
  StreamEventsOptions,
} from '../api/DeploymentsApi';
import { DeploymentsApiError } from '../api/DeploymentsApiError';
import { makeMetricsResponse } from './insightsFixtures';
import { makeActivity, makeGroupInsights } from './orgInsightsFixtures';

let nextId = 1000;

/** A stored event with sensible defaults. */
export function makeEvent(
  overrides: Partial<DeploymentEvent> = {},
): DeploymentEvent {
  const id = overrides.id ?? String(nextId++);
  return {
    id,
    deployment_id: `dep-${id}`,
    service: 'checkout',
    environment: 'prod',
    status: 'success',
    happened_at: '2026-01-01T10:00:00.000Z',
    received_at: '2026-01-01T10:00:01.000Z',
    version: '1.0.0',
    run_url: null,
    run_number: null,
    actor: null,
    ref: null,
    sha: null,
    parent_deployments: [],
    commits: [],
    title: null,
    tags: [],
    is_test: false,
    change_type: null,
    source: 'api',
    voided: null,
    ...overrides,
  };
}

export function slotOf(
  current: DeploymentEvent,
  lastSuccessful: DeploymentEvent | null = current.status === 'success'
    ? current
    : null,
): DeploymentSlot {
  return { current, last_successful: lastSuccessful };
}

/** The problem a read answers while the database is down. */
export function databaseUnavailable(): DeploymentsApiError {
  return new DeploymentsApiError({
    status: 503,
    title: 'Service Unavailable',
    detail: 'The database is unavailable; retry shortly',
  });
}

/** A controllable live stream: tests push frames, drop or open it. */
export interface FakeStream {
  options: StreamEventsOptions;
  emit(event: DeploymentEvent, cursor?: string): void;
  /** An `event: void` frame for this (voided) event. */
  emitVoid(event: DeploymentEvent): void;
  /** Ends the connection with an error, as a network drop would. */
  fail(error?: Error): void;
  /** Ends the connection cleanly. */
  end(): void;
}

/**
 * A DeploymentsApi test double: matrix, history and runs answers are set per
 * test, every call is recorded, and streams stay open until told.
 */
export class FakeDeploymentsApi implements DeploymentsApi {
  matrix: MatrixResponse = { environments: [], services: [] };
  matrixError?: Error;
  history: (query: HistoryQuery) => HistoryPage = () => ({
    items: [],
    next_cursor: null,
  });
  runs: (query: RunsQuery) => RunsPage = () => ({
    items: [],
    next_cursor: null,
  });
  metrics: (query: MetricsQuery) => MetricsResponse = query =>
    makeMetricsResponse({ service: query.service ?? null });
  metricsError?: Error;
  promotion: PromotionResponse = { services: [] };
  promotionError?: Error;
  groupInsights: (query: GroupInsightsQuery) => GroupInsightsResponse = query =>
    makeGroupInsights({ group_by: query.groupBy });
  groupInsightsError?: Error;
  activity: (query: ActivityQuery) => ActivityResponse = () => makeActivity();
  activityError?: Error;
  readonly groupInsightsCalls: GroupInsightsQuery[] = [];
  readonly activityCalls: ActivityQuery[] = [];
  readonly matrixCalls: Array<{ service?: string }> = [];
  readonly metricsCalls: MetricsQuery[] = [];
  readonly promotionCalls: Array<{ service?: string }> = [];
  readonly historyCalls: HistoryQuery[] = [];
  readonly runsCalls: RunsQuery[] = [];
  readonly streams: FakeStream[] = [];

  async getMatrix(query: { service?: string } = {}): Promise<MatrixResponse> {
    this.matrixCalls.push(query);
    if (this.matrixError) throw this.matrixError;
    if (!query.service) return this.matrix;
    return {
      environments: this.matrix.environments,
      services: this.matrix.services.filter(s => s.service === query.service),
    };
  }

  async getHistory(query: HistoryQuery = {}): Promise<HistoryPage> {
    this.historyCalls.push(query);
    return this.history(query);
  }

  async getRuns(query: RunsQuery): Promise<RunsPage> {
    this.runsCalls.push(query);
    return this.runs(query);
  }

  async getMetrics(query: MetricsQuery): Promise<MetricsResponse> {
    this.metricsCalls.push(query);
    if (this.metricsError) throw this.metricsError;
    return this.metrics(query);
  }

  async getPromotion(query: { service?: string }): Promise<PromotionResponse> {
    this.promotionCalls.push(query);
    if (this.promotionError) throw this.promotionError;
    if (!query.service) return this.promotion;
    return {
      services: this.promotion.services.filter(
        s => s.service === query.service,
      ),
    };
  }

  async getGroupInsights(query: GroupInsightsQuery): Promise<GroupInsightsResponse> {
    this.groupInsightsCalls.push(query);
    if (this.groupInsightsError) throw this.groupInsightsError;
    return this.groupInsights(query);
  }

  async getActivity(query: ActivityQuery): Promise<ActivityResponse> {
    this.activityCalls.push(query);
    if (this.activityError) throw this.activityError;
    return this.activity(query);
  }

  async getEvent(id: string): Promise<DeploymentEvent> {
    throw new Error(`not found: ${id}`);
  }

  /** What `voidEvent` answers; by default the event voided by the mock user. */
  voidAnswer: (id: string, reason: string) => DeploymentEvent | Error = (id, reason) =>
    makeEvent({
      id,
      voided: { at: '2026-01-02T10:00:00.000Z', by: 'user:default/mock', reason },
    });
  readonly voidCalls: Array<{ id: string; reason: string }> = [];

  async voidEvent(id: string, reason: string): Promise<DeploymentEvent> {
    this.voidCalls.push({ id, reason });
    const answer = this.voidAnswer(id, reason);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  /** What `getIncidents` answers (none by default), and what it was asked. */
  incidents: (query: IncidentsQuery) => IncidentsResponse | Error = () => ({ items: [], next_cursor: null });
  readonly incidentsCalls: IncidentsQuery[] = [];

  async getIncidents(query: IncidentsQuery): Promise<IncidentsResponse> {
    this.incidentsCalls.push(query);
    const answer = this.incidents(query);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  /** What `getFreezes` answers (none by default), and what it was asked. */
  freezes: (query: FreezesQuery) => FreezesResponse | Error = () => ({ active: [], upcoming: [] });
  readonly freezesCalls: FreezesQuery[] = [];

  async getFreezes(query: FreezesQuery = {}): Promise<FreezesResponse> {
    this.freezesCalls.push(query);
    const answer = this.freezes(query);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  async listServices(): Promise<string[]> {
    return this.matrix.services.map(s => s.service);
  }

  async listEnvironments(): Promise<string[]> {
    return this.matrix.environments;
  }

  streamEvents(options: StreamEventsOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const stream: FakeStream = {
        options,
        emit: (event, cursor) => options.onEvent(event, cursor ?? event.id),
        emitVoid: event => options.onVoid?.(event),
        fail: error => reject(error ?? new Error('connection lost')),
        end: () => resolve(),
      };
      options.signal.addEventListener('abort', () => resolve());
      this.streams.push(stream);
      options.onOpen?.();
    });
  }

  get lastStream(): FakeStream {
    const stream = this.streams[this.streams.length - 1];
    if (!stream) throw new Error('no stream opened');
    return stream;
  }
}
