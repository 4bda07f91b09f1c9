import { useLayoutEffect, useRef } from 'react';

/**
 * Takes the links inside an element out of the tab order, so the matrix
 * stays one tab stop (arrow keys move inside it). The shared RunLink takes
 * no tabIndex; its links stay clickable, and keyboard users reach the same
 * run links in the history drawer. Runs again when `key` (what decides
 * whether a link is there) changes.
 */
export function useUnfocusableLinks<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    ref.current
      ?.querySelectorAll('a[href]')
      .forEach(a => a.setAttribute('tabindex', '-1'));
  }, [key]);
  return ref;
}
