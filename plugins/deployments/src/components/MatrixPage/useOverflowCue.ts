import { RefObject, useEffect, useState } from 'react';

export interface OverflowCue {
  /** Columns are hidden off the left edge (under the sticky service column). */
  left: boolean;
  /** Columns are hidden off the right edge. */
  right: boolean;
  /**
   * Names of the columns (header cells marked `data-column-name`) that are
   * mostly off the right edge, in order.
   */
  hiddenRight: string[];
}

const NONE: OverflowCue = { left: false, right: false, hiddenRight: [] };

/** Header cells less than half in view at the scroll area's right edge. */
function columnsOffRight(element: HTMLElement): string[] {
  const edge = element.getBoundingClientRect().left + element.clientWidth;
  const hidden: string[] = [];
  for (const cell of element.querySelectorAll<HTMLElement>(
    '[data-column-name]',
  )) {
    const { left, width } = cell.getBoundingClientRect();
    if (left + width / 2 > edge) {
      hidden.push(cell.dataset.columnName ?? '');
    }
  }
  return hidden;
}

/**
 * Whether a scroll area hides content to its left or right, and which
 * columns are off its right edge, kept up to date on scroll and resize.
 * The state only changes when one of those does, so scrolling re-renders
 * nothing in between.
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
      const hiddenRight = right ? columnsOffRight(element) : [];
      setCue(prev =>
        prev.left === left &&
        prev.right === right &&
        prev.hiddenRight.join('\n') === hiddenRight.join('\n')
          ? prev
          : { left, right, hiddenRight },
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
