import { RefObject, useEffect, useState } from 'react';

export interface OverflowCue {
  /** Columns are hidden off the left edge (under the sticky service column). */
  left: boolean;
  /** Columns are hidden off the right edge. */
  right: boolean;
}

const NONE: OverflowCue = { left: false, right: false };

/**
 * Whether a scroll area hides content to its left or right, kept up to date
 * on scroll and resize. The state only changes when a side flips, so
 * scrolling re-renders nothing in between.
 */
export function useOverflowCue(
  ref: RefObject<HTMLElement>,
  /** Changes when the content's width may have changed (e.g. columns). */
  contentKey: unknown,
): OverflowCue {
  const [cue, setCue] = useState(NONE);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const update = () => {
      const hidden = element.scrollWidth - element.clientWidth;
      const left = element.scrollLeft > 1;
      const right = element.scrollLeft < hidden - 1;
      setCue(prev =>
        prev.left === left && prev.right === right ? prev : { left, right },
      );
    };
    update();
    element.addEventListener('scroll', update, { passive: true });
    const observer =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(update);
    observer?.observe(element);
    if (element.firstElementChild) {
      observer?.observe(element.firstElementChild);
    }
    return () => {
      element.removeEventListener('scroll', update);
      observer?.disconnect();
    };
  }, [ref, contentKey]);
  return cue;
}
