import { StoredSlotJson } from '../database/DeploymentsStore';
import { compareCodePoints as byCodePoint } from '@deploydash/plugin-deployments-common';

/**
 * Writes the matrix response (`MatrixResponse` in the common package) as JSON
 * text. The events are spliced in as stored — already serialised exactly as
 * the API returns them — instead of being parsed and serialised again, which
 * is most of the cost of a matrix read with thousands of slots.
 */
export function buildMatrixJson(options: {
  slots: StoredSlotJson[];
  environments: string[];
  entityRefFor: (service: string) => string | null;
}): string {
  const byService = new Map<string, string[]>();
  for (const slot of options.slots) {
    const entries = byService.get(slot.service) ?? [];
    entries.push(
      `${JSON.stringify(slot.environment)}:{"current":${slot.currentJson},"last_successful":${
        slot.lastSuccessfulJson ?? 'null'
      }}`,
    );
    byService.set(slot.service, entries);
  }
  const services = [...byService.keys()].sort(byCodePoint).map(
    service =>
      `{"service":${JSON.stringify(service)},"entity_ref":${JSON.stringify(
        options.entityRefFor(service),
      )},"slots":{${byService.get(service)!.join(',')}}}`,
  );
  return `{"environments":${JSON.stringify(options.environments)},"services":[${services.join(',')}]}`;
}
