import { StoredSlotJson } from '../database/DeploymentsStore';
import { compareCodePoints as byCodePoint } from '@deploydash/plugin-deployments-common';
import { encodeMatrixCursor } from './matrixQuery';
import { summaryJson } from './matrixSummary';

/**
 * Writes the matrix response (`MatrixResponse` in the common package) as JSON
 * text. The events are spliced in as stored — already serialised exactly as
 * the API returns them — instead of being parsed and serialised again, which
 * is most of the cost of a matrix read with thousands of slots. The summary
 * view cuts them down (matrixSummary.ts).
 */
export function buildMatrixJson(options: {
  slots: StoredSlotJson[];
  environments: string[];
  /** `environment_groups`: configured groups with data (docs/api.md "Environment groups"). */
  environmentGroups?: Array<{ name: string; environments: string[] }>;
  entityRefFor: (service: string) => string | null;
  summary?: boolean;
  /**
   * A page of at most this many services, from slots of up to one more
   * (which tells that another page follows): adds `next_cursor`.
   */
  pageLimit?: number;
}): string {
  const event = options.summary ? summaryJson : (json: string) => json;
  const byService = new Map<string, string[]>();
  for (const slot of options.slots) {
    const entries = byService.get(slot.service) ?? [];
    const current = event(slot.currentJson);
    let lastSuccessful = 'null';
    // A success is usually both: cut it down once.
    if (slot.lastSuccessfulJson === slot.currentJson) lastSuccessful = current;
    else if (slot.lastSuccessfulJson !== null) lastSuccessful = event(slot.lastSuccessfulJson);
    entries.push(
      `${JSON.stringify(slot.environment)}:{"current":${current},"last_successful":${lastSuccessful}}`,
    );
    byService.set(slot.service, entries);
  }
  let names = [...byService.keys()].sort(byCodePoint);
  let page = '';
  if (options.pageLimit !== undefined) {
    const more = names.length > options.pageLimit;
    names = names.slice(0, options.pageLimit);
    page = `,"next_cursor":${more ? JSON.stringify(encodeMatrixCursor(names[names.length - 1])) : 'null'}`;
  }
  const services = names.map(
    service =>
      `{"service":${JSON.stringify(service)},"entity_ref":${JSON.stringify(
        options.entityRefFor(service),
      )},"slots":{${byService.get(service)!.join(',')}}}`,
  );
  return `{"environments":${JSON.stringify(options.environments)},"environment_groups":${JSON.stringify(
    options.environmentGroups ?? [],
  )},"services":[${services.join(',')}]${page}}`;
}
