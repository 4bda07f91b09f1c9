import {
  compareCodePoints,
  DeploymentEvent,
  DeploymentSlot,
  MatrixResponse,
  MatrixService,
} from '@deploydash/plugin-deployments-common';
import { compareEvents, newer } from './eventOrder';

function nextSlot(
  slot: DeploymentSlot | undefined,
  event: DeploymentEvent,
): DeploymentSlot {
  if (!slot) {
    return {
      current: event,
      last_successful: event.status === 'success' ? event : null,
    };
  }
  const current = compareEvents(event, slot.current) > 0 ? event : slot.current;
  const lastSuccessful =
    event.status === 'success'
      ? newer(slot.last_successful, event)
      : slot.last_successful;
  if (current === slot.current && lastSuccessful === slot.last_successful) {
    return slot;
  }
  return { current, last_successful: lastSuccessful };
}

/**
 * Folds one event into the matrix, exactly as the backend computes it from
 * the whole log: `current` is the greatest (happened_at, id) and
 * `last_successful` the greatest success. Both are maxima, so events may
 * come in any order and replays (duplicates after a reconnect) change
 * nothing.
 *
 * The state is treated as immutable and shared: only the touched row and
 * slot are new objects, and an event that changes nothing returns the very
 * same matrix, so memoised rows and cells skip re-rendering.
 */
export function applyDeploymentEvent(
  matrix: MatrixResponse,
  event: DeploymentEvent,
): MatrixResponse {
  const index = matrix.services.findIndex(r => r.service === event.service);
  const row: MatrixService | undefined = matrix.services[index];
  const slot = row?.slots[event.environment];
  const updated = nextSlot(slot, event);
  if (updated === slot) return matrix;

  const environments = matrix.environments.includes(event.environment)
    ? matrix.environments
    : // Not yet known: shown last until the next snapshot orders it.
      [...matrix.environments, event.environment];

  const services = matrix.services.slice();
  if (row) {
    services[index] = {
      ...row,
      slots: { ...row.slots, [event.environment]: updated },
    };
  } else {
    const newRow: MatrixService = {
      service: event.service,
      entity_ref: null,
      slots: { [event.environment]: updated },
    };
    // The backend's order, so the row sits where the next snapshot puts it.
    const at = services.findIndex(
      r => compareCodePoints(r.service, event.service) > 0,
    );
    services.splice(at === -1 ? services.length : at, 0, newRow);
  }
  return { environments, services };
}

/** True when the matrix has no row or column for the event yet. */
export function isUnknownToMatrix(
  matrix: MatrixResponse,
  event: DeploymentEvent,
): boolean {
  return (
    !matrix.environments.includes(event.environment) ||
    !matrix.services.some(r => r.service === event.service)
  );
}
