import { MatrixResponse, MatrixService } from '@deploydash/plugin-deployments-common';
import { StoredSlot } from '../database/DeploymentsStore';
import { byCodePoint } from '../database/byCodePoint';

/** Configured environments first, in configured order; the rest alphabetically. */
export function orderEnvironments(present: string[], configuredOrder: string[]): string[] {
  const presentSet = new Set(present);
  const configured = configuredOrder.filter(env => presentSet.has(env));
  const configuredSet = new Set(configured);
  const rest = present.filter(env => !configuredSet.has(env)).sort(byCodePoint);
  return [...configured, ...rest];
}

/** Shapes projection slots into the matrix response. */
export function buildMatrix(options: {
  slots: StoredSlot[];
  environments: string[];
  entityRefFor: (service: string) => string | null;
}): MatrixResponse {
  const byService = new Map<string, MatrixService>();
  for (const { current, lastSuccessful } of options.slots) {
    let row = byService.get(current.service);
    if (!row) {
      row = {
        service: current.service,
        entity_ref: options.entityRefFor(current.service),
        slots: {},
      };
      byService.set(current.service, row);
    }
    row.slots[current.environment] = { current, last_successful: lastSuccessful };
  }
  const services = [...byService.values()].sort((a, b) => byCodePoint(a.service, b.service));
  return { environments: options.environments, services };
}
