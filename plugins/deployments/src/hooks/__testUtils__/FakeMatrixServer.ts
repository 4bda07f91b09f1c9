import {
  compareCodePoints,
  DeploymentEvent,
  DeploymentSlot,
  MatrixResponse,
  MatrixService,
  orderEnvironments,
} from '@deploydash/plugin-deployments-common';
import { MatrixQuery } from '../../api/DeploymentsApi';
import { FakeDeploymentsApi, makeEvent } from '../../__testUtils__/fixtures';
import { toSummaryEvent } from '../../state/summaryEvent';

/** Newer by happened_at, then by numeric id: the contract's rule, restated. */
function isNewer(a: DeploymentEvent, b: DeploymentEvent): boolean {
  const t = Date.parse(a.happened_at) - Date.parse(b.happened_at);
  return t !== 0 ? t > 0 : Number(a.id) > Number(b.id);
}

let nextId = 1;

/**
 * A backend in miniature for the matrix hooks: a log of events from which
 * every `GET /matrix` is computed afresh (paging, filters, summary view,
 * several services), a stream the test pushes frames into, and hooks to
 * fail or hold requests. Each answer is read when the request is made,
 * even when it is delivered later.
 */
export class FakeMatrixServer extends FakeDeploymentsApi {
  readonly log: DeploymentEvent[] = [];
  /** Catalog link per service, and owner per entity ref. */
  links: Record<string, string> = {};
  owners: Record<string, string> = {};
  /** The owners (groups) each team counts: itself and the groups below it. */
  teams: Record<string, string[]> = {};
  environmentOrder: string[] = [];
  readonly queries: MatrixQuery[] = [];
  /** Requests that fail before reading (the next N). */
  failures = 0;
  /** While set, answers wait for release(). */
  private gate?: { open: Promise<void>; release: () => void };

  /** Appends events to the log; with `stream`, also sends their frames. */
  commit(events: Array<Partial<DeploymentEvent>>, stream = true) {
    const made = events.map(e => makeEvent({ id: String(nextId++), ...e }));
    this.log.push(...made);
    if (stream) for (const event of made) this.lastStream.emit(event);
    return made;
  }

  /** Voids a logged event, as the backend does, and sends its `event: void` frame. */
  voidLogged(id: string, stream = true): DeploymentEvent {
    const at = this.log.findIndex(e => e.id === id);
    const voided = {
      ...this.log[at],
      voided: { at: '2026-01-02T00:00:00.000Z', by: 'user:default/mock', reason: 'test' },
    };
    this.log[at] = voided;
    if (stream) this.lastStream.emitVoid(voided);
    return voided;
  }

  hold(): void {
    let release = () => {};
    const open = new Promise<void>(resolve => {
      release = resolve;
    });
    this.gate = { open, release };
  }

  release(): void {
    this.gate?.release();
    this.gate = undefined;
  }

  /** The whole matrix as a fresh, unfiltered, full-view load returns it. */
  snapshot(): MatrixResponse {
    const rows = new Map<string, MatrixService>();
    for (const event of this.log) {
      // Voided events are left out of the matrix.
      if (event.voided) continue;
      let row = rows.get(event.service);
      if (!row) {
        row = {
          service: event.service,
          entity_ref: this.links[event.service] ?? null,
          slots: {},
        };
        rows.set(event.service, row);
      }
      const slot: DeploymentSlot | undefined = row.slots[event.environment];
      const current =
        !slot || isNewer(event, slot.current) ? event : slot.current;
      let lastSuccessful = slot?.last_successful ?? null;
      if (
        event.status === 'success' &&
        (!lastSuccessful || isNewer(event, lastSuccessful))
      ) {
        lastSuccessful = event;
      }
      row.slots[event.environment] = {
        current,
        last_successful: lastSuccessful,
      };
    }
    const environments = [...new Set(this.log.map(e => e.environment))];
    return {
      environments: orderEnvironments(environments, this.environmentOrder),
      services: [...rows.values()].sort((a, b) =>
        compareCodePoints(a.service, b.service),
      ),
    };
  }

  /** Queries that fetch pages (not lookups of named services). */
  get pageQueries(): MatrixQuery[] {
    return this.queries.filter(q => !Array.isArray(q.service));
  }

  get lookupQueries(): MatrixQuery[] {
    return this.queries.filter(q => Array.isArray(q.service));
  }

  async getMatrix(query: MatrixQuery = {}): Promise<MatrixResponse> {
    this.queries.push(query);
    if (this.failures > 0) {
      this.failures--;
      throw new Error('matrix unavailable');
    }
    const answer = this.answer(query);
    if (this.gate) await this.gate.open;
    return answer;
  }

  private answer(query: MatrixQuery): MatrixResponse {
    const { environments, services: all } = this.snapshot();
    const names =
      query.service === undefined ? undefined : [query.service].flat();
    const q = query.q?.toLowerCase();
    let services = all.filter(
      row =>
        (!names || names.includes(row.service)) &&
        (!q || row.service.toLowerCase().includes(q)) &&
        (!query.owner || this.owners[row.entity_ref ?? ''] === query.owner) &&
        (!query.team ||
          (this.teams[query.team] ?? []).includes(
            this.owners[row.entity_ref ?? ''],
          )) &&
        (!query.failuresOnly ||
          Object.values(row.slots).some(s => s.current.status === 'failure')),
    );
    if (query.cursor) {
      services = services.filter(
        row => compareCodePoints(row.service, query.cursor!) > 0,
      );
    }
    let nextCursor: string | null | undefined;
    if (query.limit !== undefined) {
      nextCursor =
        services.length > query.limit
          ? services[query.limit - 1].service
          : null;
      services = services.slice(0, query.limit);
    }
    if (query.view === 'summary') {
      services = services.map(row => ({
        ...row,
        slots: Object.fromEntries(
          Object.entries(row.slots).map(([env, slot]) => [
            env,
            {
              current: toSummaryEvent(slot.current),
              last_successful:
                slot.last_successful && toSummaryEvent(slot.last_successful),
            },
          ]),
        ),
      }));
    }
    const answer: MatrixResponse = { environments, services };
    if (nextCursor !== undefined) answer.next_cursor = nextCursor;
    return answer;
  }
}

/** A server whose log holds one event per service, in one environment. */
export function serverWith(
  services: string[],
  environment = 'prod',
): FakeMatrixServer {
  const server = new FakeMatrixServer();
  server.commit(
    services.map(service => ({ service, environment })),
    false,
  );
  return server;
}
