import { useState } from 'react';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { MatrixService } from '@deploydash/plugin-deployments-common';
import { bigMatrix, serviceName } from '../../__testUtils__/bigMatrix';
import { makeEvent, slotOf } from '../../__testUtils__/fixtures';
import {
  renderedServices,
  scrollToRow,
  withMatrixLayout,
} from '../../__testUtils__/matrixLayout';
import { ROW_HEIGHT } from './matrixLayout';
import { MatrixTable } from './MatrixTable';

const matrix = bigMatrix(5000);
const NO_DRIFT = new Map<string, string>();
const entityLink = (ref: string) => `/catalog/${ref}`;

let setRows: (rows: MatrixService[]) => void;
let setPaging: (paging: { hasMore: boolean; loadingMore: boolean }) => void;

/** The table with its rows and paging in state, as the page's hook keeps them. */
function Harness(props: { loadMore: () => void; onOpen: () => void }) {
  const [rows, updateRows] = useState(matrix.services);
  const [paging, updatePaging] = useState({
    hasMore: false,
    loadingMore: false,
  });
  setRows = updateRows;
  setPaging = updatePaging;
  return (
    <MatrixTable
      environments={matrix.environments}
      rows={rows}
      drift={NO_DRIFT}
      entityLink={entityLink}
      onOpen={props.onOpen}
      hasMore={paging.hasMore}
      loadingMore={paging.loadingMore}
      loadMore={props.loadMore}
    />
  );
}

async function renderTable() {
  const loadMore = jest.fn();
  const onOpen = jest.fn();
  await renderInTestApp(<Harness loadMore={loadMore} onOpen={onOpen} />);
  return { loadMore, onOpen };
}

/** The focused element's row service and column. */
function focusedCell() {
  const active = document.activeElement as HTMLElement;
  const cell = active.closest<HTMLElement>('[data-grid-col]');
  return {
    service: active.closest('tr')?.getAttribute('data-service'),
    col: Number(cell?.dataset.gridCol),
  };
}

describe('MatrixTable with 5,000 services × 12 environments', () => {
  withMatrixLayout({ height: 640, width: 1200 });

  it('renders only the rows in view and a few more', async () => {
    await renderTable();
    const shown = renderedServices();
    expect(shown[0]).toBe(serviceName(0));
    // 10 rows fit under the header; 8 more are rendered below them.
    expect(shown.length).toBeGreaterThanOrEqual(10);
    expect(shown.length).toBeLessThanOrEqual(20);
    expect(screen.getAllByTestId('deployment-slot')).toHaveLength(
      shown.length * 12,
    );
    // The rows below are one spacer of their full height.
    const spacer = screen.getByTestId('matrix-spacer');
    expect(spacer.querySelector('td')).toHaveStyle({
      height: `${(5000 - shown.length) * ROW_HEIGHT}px`,
    });
    expect(screen.getByTestId('deployments-matrix')).toHaveAttribute(
      'aria-rowcount',
      '5001',
    );
  });

  it('renders later rows when scrolled, up to the last service', async () => {
    await renderTable();
    scrollToRow(2500);
    const middle = renderedServices();
    expect(middle).toContain(serviceName(2500));
    expect(middle).not.toContain(serviceName(0));
    expect(middle.length).toBeLessThanOrEqual(30);
    // Rows know where they are among all rows.
    const row = screen
      .getAllByTestId('deployments-matrix-row')
      .find(r => r.getAttribute('data-service') === serviceName(2500));
    expect(row).toHaveAttribute('aria-rowindex', '2502');

    scrollToRow(4990);
    expect(renderedServices()).toContain(serviceName(4999));
  });

  it('asks for the next page within a screen of the end, and shows it loading', async () => {
    const { loadMore } = await renderTable();
    act(() => setPaging({ hasMore: true, loadingMore: false }));
    expect(loadMore).not.toHaveBeenCalled();
    expect(screen.getByTestId('deployments-matrix')).toHaveAttribute(
      'aria-rowcount',
      '-1',
    );

    scrollToRow(4000);
    expect(loadMore).not.toHaveBeenCalled();
    scrollToRow(4985);
    expect(loadMore).toHaveBeenCalledTimes(1);

    act(() => setPaging({ hasMore: true, loadingMore: true }));
    expect(screen.getByTestId('matrix-loading-more')).toHaveTextContent(
      'Loading more services…',
    );
    // The page arrives: more rows, no more pages.
    const more = bigMatrix(5200).services;
    act(() => {
      setRows(more);
      setPaging({ hasMore: false, loadingMore: false });
    });
    expect(screen.queryByTestId('matrix-loading-more')).toBeNull();
    scrollToRow(5190);
    expect(renderedServices()).toContain(serviceName(5199));
    expect(loadMore).toHaveBeenCalledTimes(1);
  });

  it('shows a live change of a row that was not rendered once it scrolls into view', async () => {
    await renderTable();
    expect(renderedServices()).not.toContain(serviceName(4000));
    const rows = [...matrix.services];
    rows[4000] = {
      ...rows[4000],
      slots: {
        ...rows[4000].slots,
        prod: slotOf(
          makeEvent({
            id: '999999',
            service: serviceName(4000),
            environment: 'prod',
            status: 'failure',
            version: '9.9.9',
          }),
          rows[4000].slots.prod.current,
        ),
      },
    };
    act(() => setRows(rows));
    expect(screen.queryByText('9.9.9')).toBeNull();

    scrollToRow(3995);
    const cell = document.querySelector(
      `[data-service="${serviceName(4000)}"][data-environment="prod"]`,
    ) as HTMLElement;
    expect(cell).toHaveAttribute('data-status', 'failure');
    expect(within(cell).getByText('9.9.9')).toBeInTheDocument();
  });

  it('is one tab stop, moved by arrow keys, Home/End and PageUp/PageDown', async () => {
    const { onOpen } = await renderTable();
    const grid = screen.getByRole('grid');
    // One element of the grid is in the tab order.
    const tabbable = () =>
      [...grid.querySelectorAll('[tabindex]')].filter(
        el => el.getAttribute('tabindex') === '0',
      );
    expect(tabbable()).toHaveLength(1);

    await userEvent.tab();
    expect(focusedCell()).toEqual({ service: serviceName(0), col: 1 });
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowDown}');
    expect(focusedCell()).toEqual({ service: serviceName(1), col: 3 });
    expect(tabbable()).toEqual([document.activeElement]);
    await userEvent.keyboard('{End}');
    expect(focusedCell()).toEqual({ service: serviceName(1), col: 12 });
    await userEvent.keyboard('{Home}');
    expect(focusedCell()).toEqual({ service: serviceName(1), col: 0 });
    await userEvent.keyboard('{ArrowUp}{ArrowUp}{ArrowLeft}');
    expect(focusedCell()).toEqual({ service: serviceName(0), col: 0 });

    // A screen is 10 rows: the 11th row is rendered (overscan), the 21st
    // is not and is scrolled to first.
    await userEvent.keyboard('{PageDown}');
    expect(focusedCell()).toEqual({ service: serviceName(10), col: 0 });
    await userEvent.keyboard('{PageDown}{PageDown}');
    expect(focusedCell()).toEqual({ service: serviceName(30), col: 0 });
    await userEvent.keyboard('{PageUp}');
    expect(focusedCell()).toEqual({ service: serviceName(20), col: 0 });

    // Ctrl+End: the last cell of the last row, far out of the window.
    await userEvent.keyboard('{Control>}{End}{/Control}');
    expect(focusedCell()).toEqual({ service: serviceName(4999), col: 12 });
    expect(renderedServices()).not.toContain(serviceName(0));
    await userEvent.keyboard('{Enter}');
    expect(onOpen).toHaveBeenCalledWith(serviceName(4999), 'sandbox');
    await userEvent.keyboard('{Control>}{Home}{/Control}');
    expect(focusedCell()).toEqual({ service: serviceName(0), col: 0 });
  });

  it('keeps a tab stop in view when the focused row scrolls away', async () => {
    await renderTable();
    await userEvent.tab();
    scrollToRow(3000);
    const tabbable = [
      ...screen.getByRole('grid').querySelectorAll('[tabindex="0"]'),
    ];
    expect(tabbable).toHaveLength(1);
    expect(tabbable[0].closest('tr')).toHaveAttribute(
      'data-service',
      serviceName(3000),
    );
  });
});
