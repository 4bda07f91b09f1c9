import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import { makeStyles } from '@material-ui/core/styles';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  MatrixEnvironmentGroup,
  MatrixService,
} from '@deploydash/plugin-deployments-common';
import {
  COMPACT_ROW_HEIGHT,
  ENVIRONMENT_COLUMN_WIDTH,
  HEADER_HEIGHT,
  OVERSCAN_ROWS,
  ROW_HEIGHT,
  SERVICE_COLUMN_WIDTH,
  rowsPerScreen,
} from './matrixLayout';
import { MoreColumnsBar } from './MoreColumnsBar';
import { MatrixRow } from './MatrixRow';
import {
  MatrixColumns,
  MatrixHeader,
  SpacerRow,
  StatusRow,
} from './MatrixTableParts';
import { useGridKeyboard } from './useGridKeyboard';
import { displayColumns } from './environmentColumns';
import { groupHeaderKey, useGroupToggle } from './useGroupToggle';
import { useOverflowCue } from './useOverflowCue';

const useStyles = makeStyles(theme => {
  const shadow =
    theme.palette.type === 'dark' ? 'rgba(0,0,0,0.6)' : 'rgba(0,0,0,0.18)';
  return {
    frame: {
      position: 'relative',
      border: `1px solid ${theme.palette.divider}`,
      borderRadius: theme.shape.borderRadius,
      overflow: 'hidden',
      // Right edge: more columns off screen.
      '&::after': {
        content: '""',
        position: 'absolute',
        top: 0,
        right: 0,
        bottom: 0,
        width: theme.spacing(3),
        pointerEvents: 'none',
        background: `linear-gradient(to left, ${shadow}, transparent)`,
        opacity: 0,
        transition: 'opacity 150ms',
      },
    },
    moreRight: { '&::after': { opacity: 1 } },
    // Left: columns scrolled under the sticky service column.
    scrolledLeft: {
      '& th[scope="row"], & thead th:first-child': {
        boxShadow: `4px 0 6px -2px ${shadow}`,
      },
    },
    scroll: {
      overflow: 'auto',
      // Room for the vertical scrollbar whether or not it shows: otherwise
      // the columns narrow and shift when filtering or a new row makes the
      // list scroll (issue 18).
      scrollbarGutter: 'stable',
      // Scrollbars that stay visible (no overlay that shows only while
      // scrolling), so the sideways scroll is visible at 800 px.
      '&::-webkit-scrollbar': { width: 10, height: 10 },
      '&::-webkit-scrollbar-thumb': {
        backgroundColor: theme.palette.action.disabled,
        borderRadius: 5,
      },
      '&::-webkit-scrollbar-track, &::-webkit-scrollbar-corner': {
        backgroundColor: theme.palette.background.default,
      },
      // The page header and the filter bar above it stay in view.
      maxHeight: 'calc(100vh - 250px)',
      [theme.breakpoints.down('sm')]: {
        // The filter bar wraps onto a second line.
        maxHeight: 'calc(100vh - 310px)',
      },
      minHeight: HEADER_HEIGHT + 2 * COMPACT_ROW_HEIGHT,
      // Cells scrolled into view stay clear of the sticky parts. Strings:
      // JSS adds no unit to these properties.
      scrollPaddingTop: `${HEADER_HEIGHT}px`,
      scrollPaddingLeft: `${SERVICE_COLUMN_WIDTH}px`,
    },
    table: { tableLayout: 'fixed', width: '100%' },
  };
});

export interface MatrixTableProps {
  environments: string[];
  /** The loaded rows that match the filters. */
  rows: MatrixService[];
  /** Labels of drifting slots, by `slotKey`. */
  drift: ReadonlyMap<string, string>;
  entityLink: (entityRef: string) => string;
  onOpen: (service: string, environment: string) => void;
  /** The server has more rows after the loaded ones. */
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** 40 px rows with two lines a slot instead of 60 px with three. */
  compact?: boolean;
  /** The fixed row height of the density (see matrixLayout). */
  rowHeight?: number;
  /** Environment groups: one column each unless expanded. */
  groups?: MatrixEnvironmentGroup[];
  expandedGroups?: ReadonlySet<string>;
  onToggleGroup?: (group: string) => void;
}

/**
 * Services as rows, environments as columns in the backend's order, as a
 * real table in which only the rows in view (plus a few) are rendered:
 * spacer rows stand in for the rest. The header row sticks to the top and
 * the service column to the left. The next page of rows is requested once
 * the window comes within a screen of the last loaded row.
 */
export function MatrixTable(props: MatrixTableProps) {
  const { environments, rows, drift, entityLink, onOpen } = props;
  const { hasMore, loadingMore, loadMore, compact } = props;
  const rowHeight = props.rowHeight ?? ROW_HEIGHT;
  const { groups, expandedGroups } = props;
  const columns = useMemo(
    () => displayColumns(environments, groups, expandedGroups),
    [environments, groups, expandedGroups],
  );
  const classes = useStyles();
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const estimateSize = useCallback(() => rowHeight, [rowHeight]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize,
    overscan: OVERSCAN_ROWS,
    // The rows start below the header, which must not cover a row
    // scrolled to.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  // A new density: every row has the new height, and the row at the top
  // stays at the top.
  const shownHeight = useRef(rowHeight);
  useLayoutEffect(() => {
    const before = shownHeight.current;
    if (before === rowHeight) return;
    shownHeight.current = rowHeight;
    const topRow = Math.floor((virtualizer.scrollOffset ?? 0) / before);
    virtualizer.measure();
    virtualizer.scrollToOffset(topRow * rowHeight);
  }, [rowHeight, virtualizer]);
  const items = virtualizer.getVirtualItems();
  const first = items.length ? items[0].index : 0;
  const last = items.length ? items[items.length - 1].index : -1;
  const colCount = columns.length + 1;
  const toggleGroup = useGroupToggle(tableRef, props.onToggleGroup);
  const keyboard = useGridKeyboard({
    rows,
    colCount,
    virtualizer,
    tableRef,
    window: { first, last },
    rowHeight,
  });
  const cue = useOverflowCue(scrollRef, colCount);

  const screen = rowsPerScreen(virtualizer.scrollRect?.height ?? 0, rowHeight);
  useEffect(() => {
    if (hasMore && !loadingMore && last >= rows.length - 1 - screen) {
      loadMore();
    }
  }, [hasMore, loadingMore, last, rows.length, screen, loadMore]);

  const top = items.length ? items[0].start - HEADER_HEIGHT : 0;
  const bottom = items.length
    ? virtualizer.getTotalSize() - (items[items.length - 1].end - HEADER_HEIGHT)
    : 0;
  const frameClass = [
    classes.frame,
    cue.right ? classes.moreRight : '',
    cue.left ? classes.scrolledLeft : '',
  ].join(' ');

  return (
    <>
      <MoreColumnsBar
        overflowing={cue.left || cue.right}
        scrolledLeft={cue.left}
        hidden={cue.hiddenRight}
        scrollRef={scrollRef}
      />
      <div className={frameClass} data-testid="deployments-matrix-frame">
        <div
          ref={scrollRef}
          className={classes.scroll}
          data-testid="deployments-matrix-scroll"
          data-overflow-right={cue.right ? 'true' : undefined}
        >
          <Table
            ref={tableRef}
            stickyHeader
            size="small"
            role="grid"
            aria-label="Deployments by service and environment"
            aria-rowcount={hasMore ? -1 : rows.length + 1}
            aria-colcount={colCount}
            className={classes.table}
            style={{
              minWidth:
                SERVICE_COLUMN_WIDTH +
                columns.length * ENVIRONMENT_COLUMN_WIDTH,
            }}
            data-testid="deployments-matrix"
            onKeyDown={e => {
              // The group toggles in the header: ArrowUp from the first row.
              if (!groupHeaderKey(tableRef.current, e)) keyboard.onKeyDown(e);
            }}
            onFocus={keyboard.onFocus}
          >
            <MatrixColumns columns={columns} />
            <MatrixHeader columns={columns} onToggleGroup={toggleGroup} />
            <TableBody>
              <SpacerRow height={top} colSpan={colCount} />
              {items.map(item => {
                const row = rows[item.index];
                return (
                  <MatrixRow
                    key={row.service}
                    row={row}
                    index={item.index}
                    columns={columns}
                    onExpandGroup={toggleGroup}
                    activeCol={
                      keyboard.tabStop.index === item.index
                        ? keyboard.tabStop.col
                        : -1
                    }
                    drift={drift}
                    entityLink={entityLink}
                    onOpen={onOpen}
                    compact={compact}
                  />
                );
              })}
              <SpacerRow height={bottom} colSpan={colCount} />
              {loadingMore && (
                <StatusRow colSpan={colCount} busy testId="matrix-loading-more">
                  Loading more services…
                </StatusRow>
              )}
              {rows.length === 0 && !hasMore && !loadingMore && (
                <StatusRow colSpan={colCount} testId="matrix-no-match">
                  No services match the filters.
                </StatusRow>
              )}
            </TableBody>
          </Table>
        </div>
      </div>
    </>
  );
}
