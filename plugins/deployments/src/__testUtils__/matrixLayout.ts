import { act, fireEvent, screen } from '@testing-library/react';
import {
  HEADER_HEIGHT,
  ROW_HEIGHT,
} from '../components/MatrixPage/matrixLayout';

const SCROLL_ID = 'deployments-matrix-scroll';

const isScrollArea = (el: Element) =>
  el.getAttribute?.('data-testid') === SCROLL_ID;

/** What the table inside the scroll area would measure: header, spacers, rows. */
function contentHeight(el: Element): number {
  const spacers = [
    ...el.querySelectorAll<HTMLElement>('[data-testid="matrix-spacer"] td'),
  ].reduce((sum, td) => sum + parseFloat(td.style.height || '0'), 0);
  const rows = el.querySelectorAll(
    'tbody > tr:not([data-testid="matrix-spacer"])',
  );
  return HEADER_HEIGHT + spacers + rows.length * ROW_HEIGHT;
}

/**
 * jsdom has no layout. This gives the matrix's scroll area a viewport size
 * and a content height, and makes `scrollTo` move it (and fire `scroll`),
 * so the virtualizer sees a real window. Returns the undo.
 */
export function stubMatrixLayout(viewport = { height: 640, width: 1200 }) {
  const proto = HTMLElement.prototype;
  const saved = ['clientHeight', 'clientWidth', 'scrollHeight'].map(
    key => [key, Object.getOwnPropertyDescriptor(proto, key)] as const,
  );
  const define = (key: string, get: (el: HTMLElement) => number) =>
    Object.defineProperty(proto, key, {
      configurable: true,
      get(this: HTMLElement) {
        return isScrollArea(this) ? get(this) : 0;
      },
    });
  define('clientHeight', () => viewport.height);
  define('clientWidth', () => viewport.width);
  define('scrollHeight', el => contentHeight(el));
  const savedScrollTo = (Element.prototype as any).scrollTo;
  (Element.prototype as any).scrollTo = function scrollTo(
    this: HTMLElement,
    options: ScrollToOptions,
  ) {
    if (options.top !== undefined) this.scrollTop = options.top;
    if (options.left !== undefined) this.scrollLeft = options.left;
    // A browser fires `scroll` later, never inside the call.
    queueMicrotask(() => this.dispatchEvent(new Event('scroll')));
  };
  return () => {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(proto, key, descriptor);
      else delete (proto as any)[key];
    }
    (Element.prototype as any).scrollTo = savedScrollTo;
  };
}

/** The matrix's scroll area. */
export const scrollArea = () => screen.getByTestId(SCROLL_ID);

/** Scrolls the matrix so that row `index` is the first below the header. */
export function scrollToRow(index: number) {
  act(() => {
    const el = scrollArea();
    el.scrollTop = index * ROW_HEIGHT;
    fireEvent.scroll(el);
  });
}

/** The services of the rendered rows, in order. */
export const renderedServices = () =>
  screen
    .queryAllByTestId('deployments-matrix-row')
    .map(r => r.getAttribute('data-service'));

/** {@link stubMatrixLayout} around every test of the calling `describe`. */
export function withMatrixLayout(viewport?: { height: number; width: number }) {
  let restore: () => void = () => {};
  beforeEach(() => {
    restore = stubMatrixLayout(viewport);
  });
  afterEach(() => restore());
}
