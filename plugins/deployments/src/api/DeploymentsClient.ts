import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
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
  NameList,
  PromotionResponse,
  RunsPage,
  RunsQuery,
} from '@deploydash/plugin-deployments-common';
import {
  ActivityQuery,
  DeploymentsApi,
  GroupInsightsQuery,
  DeploymentsRequestOptions,
  MatrixQuery,
  StreamEventsOptions,
} from './DeploymentsApi';
import { DeploymentsApiError } from './DeploymentsApiError';
import { readEventStream, SseMessage } from './readEventStream';

/** URL parameters; unset and empty ones are left out. */
type Params = Record<string, string | number | string[] | undefined>;

/**
 * Talks to the deployments backend. Every request goes through `fetchApi`,
 * which adds the user's Backstage token; the backend rejects reads without it.
 *
 * @public
 */
export class DeploymentsClient implements DeploymentsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getMatrix(
    query: MatrixQuery = {},
    options?: DeploymentsRequestOptions,
  ): Promise<MatrixResponse> {
    const { service, view, limit, cursor, q, owner, team, failuresOnly } =
      query;
    return this.getJson(
      '/matrix',
      {
        service,
        view,
        limit,
        cursor,
        q,
        owner,
        team,
        // Only `true` filters; the backend rejects anything but true/false.
        failures_only: failuresOnly ? 'true' : undefined,
      },
      options,
    );
  }

  async getHistory(
    query: HistoryQuery = {},
    options?: DeploymentsRequestOptions,
  ): Promise<HistoryPage> {
    return this.getJson('', queryParams(query), options);
  }

  async getRuns(
    query: RunsQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<RunsPage> {
    return this.getJson('/runs', queryParams(query), options);
  }

  async getEvent(
    id: string,
    options?: DeploymentsRequestOptions,
  ): Promise<DeploymentEvent> {
    return this.getJson(`/${encodeURIComponent(id)}`, {}, options);
  }

  async voidEvent(
    id: string,
    reason: string,
    options?: DeploymentsRequestOptions,
  ): Promise<DeploymentEvent> {
    const url = await this.url(`/${encodeURIComponent(id)}/void`, {});
    const response = await this.fetchApi.fetch(url, {
      method: 'POST',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ reason }),
      signal: options?.signal,
    });
    if (!response.ok) throw await DeploymentsApiError.fromResponse(response);
    return (await response.json()) as DeploymentEvent;
  }

  async getMetrics(
    query: MetricsQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<MetricsResponse> {
    const { service, team, environment, from, to, bucket } = query;
    return this.getJson(
      '/metrics',
      { service, team, environment, from, to, bucket },
      options,
    );
  }

  async getIncidents(
    query: IncidentsQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<IncidentsResponse> {
    const { service, environment, from, to, status, limit, cursor } = query;
    return this.getJson(
      '/incidents',
      { service, environment, from, to, status, limit, cursor },
      options,
    );
  }

  async getGroupInsights(
    query: GroupInsightsQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<GroupInsightsResponse> {
    const { groupBy, from, to } = query;
    return this.getJson(`/insights/${groupBy}s`, { from, to }, options);
  }

  async getActivity(
    query: ActivityQuery,
    options?: DeploymentsRequestOptions,
  ): Promise<ActivityResponse> {
    const { from, to, tz, team } = query;
    return this.getJson('/insights/activity', { from, to, tz, team }, options);
  }

  async getPromotion(
    query: { service?: string },
    options?: DeploymentsRequestOptions,
  ): Promise<PromotionResponse> {
    return this.getJson('/promotion', { service: query.service }, options);
  }

  async getFreezes(
    query: FreezesQuery = {},
    options?: DeploymentsRequestOptions,
  ): Promise<FreezesResponse> {
    const { service, environment } = query;
    return this.getJson('/freezes', { service, environment }, options);
  }

  async listServices(options?: DeploymentsRequestOptions): Promise<string[]> {
    const list: NameList = await this.getJson('/services', {}, options);
    return list.items;
  }

  async listEnvironments(
    options?: DeploymentsRequestOptions,
  ): Promise<string[]> {
    const list: NameList = await this.getJson('/environments', {}, options);
    return list.items;
  }

  async streamEvents(options: StreamEventsOptions): Promise<void> {
    const { signal, onEvent, onOpen, onVoid } = options;
    const url = await this.url('/stream', { service: options.service });
    const headers: Record<string, string> = { Accept: 'text/event-stream' };
    if (options.lastEventId) headers['Last-Event-ID'] = options.lastEventId;

    let response: Response;
    try {
      response = await this.fetchApi.fetch(url, { headers, signal });
    } catch (error) {
      if (signal.aborted) return;
      throw error;
    }
    if (!response.ok) throw await DeploymentsApiError.fromResponse(response);
    if (!response.body) {
      throw new Error('This browser cannot read streamed responses');
    }
    onOpen?.();

    await readEventStream(
      response.body,
      message => {
        if (message.event === 'void') {
          const voided = parseEventData(message.data);
          if (voided) onVoid?.(voided);
          return;
        }
        const event = parseDeploymentFrame(message);
        if (event) onEvent(event, message.id || event.id);
      },
      signal,
    );
  }

  private async url(path: string, params: Params): Promise<string> {
    const base = await this.discoveryApi.getBaseUrl('deployments');
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      // A list is sent as the parameter repeated (`?service=a&service=b`).
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && item !== '') search.append(key, String(item));
      }
    }
    const query = search.toString();
    return `${base}${path}${query ? `?${query}` : ''}`;
  }

  private async getJson<T>(
    path: string,
    params: Params,
    options?: DeploymentsRequestOptions,
  ): Promise<T> {
    const response = await this.fetchApi.fetch(await this.url(path, params), {
      headers: { Accept: 'application/json' },
      signal: options?.signal,
    });
    if (!response.ok) throw await DeploymentsApiError.fromResponse(response);
    return (await response.json()) as T;
  }
}

/**
 * A history or runs query as URL parameters: unset ones are left out and
 * booleans (`include_tests`) are sent as `true`/`false`.
 */
function queryParams(
  query: HistoryQuery | RunsQuery,
): Record<string, string | number | undefined> {
  const params: Record<string, string | number | undefined> = {};
  for (const [key, value] of Object.entries(query)) {
    params[key] = typeof value === 'boolean' ? String(value) : value;
  }
  return params;
}

/** Only `deployment` frames carry new events; anything unreadable is skipped. */
function parseDeploymentFrame(
  message: SseMessage,
): DeploymentEvent | undefined {
  if (message.event !== 'deployment') return undefined;
  return parseEventData(message.data);
}

/** A frame's event (a `deployment` or a `void` frame), or undefined when unreadable. */
function parseEventData(data: string): DeploymentEvent | undefined {
  try {
    const event = JSON.parse(data);
    if (event && typeof event === 'object' && typeof event.id === 'string') {
      return {
        ...event,
        parent_deployments: event.parent_deployments ?? [],
        voided: event.voided ?? null,
      };
    }
  } catch {
    // A malformed frame must not break the stream.
  }
  return undefined;
}
