import {
  DeploymentEvent,
  MatrixResponse,
} from '@deploydash/plugin-deployments-common';

const DIGITS = /^\d+$/;

/**
 * Orders two event ids (= stream cursors). The backend's cursors are
 * increasing integers as decimal strings, compared numerically without
 * losing precision; anything else falls back to plain string order.
 */
export function compareIds(a: string, b: string): number {
  let x = a;
  let y = b;
  if (DIGITS.test(a) && DIGITS.test(b)) {
    x = a.replace(/^0+(?=\d)/, '');
    y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
  }
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

function instant(text: string): number {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * The matrix order: later `happened_at` wins; on a tie the event received
 * later (the greater cursor) wins. Positive when `a` is newer than `b`.
 */
export function compareEvents(a: DeploymentEvent, b: DeploymentEvent): number {
  const byTime = instant(a.happened_at) - instant(b.happened_at);
  if (byTime !== 0) return byTime;
  return compareIds(a.id, b.id);
}

/** The newest of two events; `a` when they are the same event. */
export function newer(
  a: DeploymentEvent | null,
  b: DeploymentEvent | null,
): DeploymentEvent | null {
  if (!a) return b;
  if (!b) return a;
  return compareEvents(b, a) > 0 ? b : a;
}

/**
 * The greatest cursor any event in a matrix snapshot carries. Replaying the
 * stream from there cannot miss an event that would change the snapshot:
 * cursors grow in insertion order, and replays are harmless (see reducer).
 */
export function latestCursor(matrix: MatrixResponse): string | undefined {
  let max: string | undefined;
  for (const row of matrix.services) {
    for (const slot of Object.values(row.slots)) {
      for (const event of [slot.current, slot.last_successful]) {
        if (event && (max === undefined || compareIds(event.id, max) > 0)) {
          max = event.id;
        }
      }
    }
  }
  return max;
}
