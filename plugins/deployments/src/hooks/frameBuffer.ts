/**
 * Hidden tabs get no animation frames; a timer still runs there (throttled
 * to about once a second), and jsdom may have neither a visible document
 * nor requestAnimationFrame.
 */
const FALLBACK_MS = 100;

export interface FrameBuffer<T> {
  push(item: T): void;
  /** Drops what is buffered and stops. */
  dispose(): void;
}

/**
 * Collects items (stream frames) and hands them over in one batch per
 * animation frame, so a burst of any size costs one state update and one
 * render. Whichever of requestAnimationFrame and the fallback timer comes
 * first flushes; the other is cancelled.
 */
export function createFrameBuffer<T>(
  flush: (items: T[]) => void,
): FrameBuffer<T> {
  let items: T[] = [];
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const cancel = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = undefined;
    timer = undefined;
  };
  const run = () => {
    cancel();
    const batch = items;
    items = [];
    if (batch.length) flush(batch);
  };

  return {
    push(item) {
      items.push(item);
      if (timer !== undefined) return;
      if (typeof requestAnimationFrame === 'function') {
        frame = requestAnimationFrame(run);
      }
      timer = setTimeout(run, FALLBACK_MS);
    },
    dispose() {
      cancel();
      items = [];
    },
  };
}
