import {
  DeploymentEvent,
  DeploymentSlot,
  MatrixService,
} from '@deploydash/plugin-deployments-common';
import { compareEvents, newer } from './eventOrder';
import {
  addEnvironments,
  byService,
  indexRows,
  MatrixRows,
  mergeSorted,
} from './matrixRows';

/**
 * Folds one event into a slot, exactly as the backend computes it from the
 * whole log: `current` is the greatest (happened_at, id) and
 * `last_successful` the greatest success. Both are maxima, so events may
 * come in any order and replays (duplicates after a reconnect) change
 * nothing: the very same slot comes back.
 */
export function nextSlot(
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
 * Two readings of one slot (a fetched one and the one frames built) joined
 * by the same maxima, so whichever saw an event later wins. Returns `held`
 * itself when the fetched slot adds nothing.
 */
export function joinSlots(
  held: DeploymentSlot | undefined,
  fetched: DeploymentSlot,
): DeploymentSlot {
  if (!held) return fetched;
  const current = newer(held.current, fetched.current)!;
  const lastSuccessful = newer(held.last_successful, fetched.last_successful);
  if (current === held.current && lastSuccessful === held.last_successful) {
    return held;
  }
  return { current, last_successful: lastSuccessful };
}

export interface ApplyFramesOptions {
  /** `deployments.environments.order`, for placing new columns. */
  environmentOrder: string[];
  /**
   * Asked for each event of a service the rows do not hold: may it get a
   * row now? (The page decides: the loaded range, its filters.)
   */
  canInsert(event: DeploymentEvent): boolean;
  /** The catalog link of a new row, when already known. */
  entityRefOf?(service: string): string | null | undefined;
  /** What a slot keeps of an event (e.g. the summary view's fields). */
  slotEvent?(event: DeploymentEvent): DeploymentEvent;
}

/**
 * Applies a burst of frames in one pass: O(1) per frame through the index,
 * a copy of each touched row once per burst (not per frame), and one copy
 * of the row array; only when new rows arrive are they merged in and the
 * index rebuilt. Untouched rows and slots keep their identity, so memoised
 * rows skip re-rendering; a burst that changes nothing returns `rows`.
 * Every frame's environment becomes a column, as `environments` lists all
 * environments with data whatever the rows shown.
 */
export function applyFrames(
  rows: MatrixRows,
  events: readonly DeploymentEvent[],
  options: ApplyFramesOptions,
): { rows: MatrixRows; inserted: string[] } {
  const slotEvent = options.slotEvent ?? ((e: DeploymentEvent) => e);
  const touched = new Map<number, MatrixService>();
  const added = new Map<string, MatrixService>();
  const environments = new Set(rows.environments);
  const newEnvironments: string[] = [];

  for (const frame of events) {
    const { service, environment } = frame;
    if (!environments.has(environment)) {
      environments.add(environment);
      newEnvironments.push(environment);
    }
    const at = rows.index.get(service);
    if (at !== undefined) {
      const row = touched.get(at) ?? rows.services[at];
      const slot = row.slots[environment];
      const next = nextSlot(slot, slotEvent(frame));
      if (next === slot) continue;
      let draft = touched.get(at);
      if (!draft) {
        // Copied once per burst; later frames of the burst write into it.
        draft = { ...row, slots: { ...row.slots } };
        touched.set(at, draft);
      }
      draft.slots[environment] = next;
      continue;
    }
    let fresh = added.get(service);
    if (!fresh) {
      if (!options.canInsert(frame)) continue;
      fresh = {
        service,
        entity_ref: options.entityRefOf?.(service) ?? null,
        slots: {},
      };
      added.set(service, fresh);
    }
    fresh.slots[environment] = nextSlot(
      fresh.slots[environment],
      slotEvent(frame),
    );
  }

  if (!touched.size && !added.size && !newEnvironments.length) {
    return { rows, inserted: [] };
  }
  const columns = addEnvironments(
    rows.environments,
    newEnvironments,
    options.environmentOrder,
  );
  let services = rows.services;
  if (touched.size) {
    services = services.slice();
    for (const [at, row] of touched) services[at] = row;
  }
  if (!added.size) {
    return { rows: { ...rows, environments: columns, services }, inserted: [] };
  }
  const fresh = [...added.values()].sort(byService);
  return {
    rows: indexRows(columns, mergeSorted(services, fresh)),
    inserted: fresh.map(r => r.service),
  };
}
