import { memo } from 'react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { MatrixService } from '@deploydash/plugin-deployments-common';
import { slotKey } from '../../state/drift';
import { focusRing } from './gridStyles';
import { CELL_PADDING_Y, COMPACT_ROW_HEIGHT, ROW_HEIGHT } from './matrixLayout';
import { SlotCell } from './SlotCell';
import { DisplayColumn } from './environmentColumns';
import { GroupSlotCell } from './GroupSlotCell';

const useStyles = makeStyles(theme => ({
  // Stripes by index, not :nth-of-type — the spacer rows of the virtual
  // window would flip them while scrolling. Opaque, as the sticky service
  // cell inherits the colour to hide the cells scrolling under it.
  row: {
    '&&': { backgroundColor: theme.palette.background.paper },
    height: ROW_HEIGHT,
    '& > td, & > th': {
      height: ROW_HEIGHT,
      boxSizing: 'border-box',
      padding: theme.spacing(0, 1.5),
      paddingTop: CELL_PADDING_Y,
      paddingBottom: CELL_PADDING_Y,
      borderBottom: 'none',
    },
  },
  compact: {
    height: COMPACT_ROW_HEIGHT,
    '& > td, & > th': { height: COMPACT_ROW_HEIGHT },
  },
  odd: { '&&': { backgroundColor: theme.palette.background.default } },
  service: {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    backgroundColor: 'inherit',
    fontWeight: theme.typography.fontWeightMedium as number,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    ...focusRing(theme),
    '& a': focusRing(theme),
  },
}));

const noop = () => {};

export interface MatrixRowProps {
  row: MatrixService;
  /** Position among the loaded rows (0-based). */
  index: number;
  /** The display columns: environments, collapsed groups (environmentColumns). */
  columns: DisplayColumn[];
  /** Expands a collapsed group (its cell's action). */
  onExpandGroup?: (group: string) => void;
  /** Column of the grid's tab stop when it is in this row, else -1. */
  activeCol: number;
  /** Labels of drifting slots by `slotKey`; the same map until one changes. */
  drift: ReadonlyMap<string, string>;
  entityLink: (entityRef: string) => string;
  onOpen: (service: string, environment: string) => void;
  /** Compact density: 40 px rows, two lines a slot. */
  compact?: boolean;
}

function MatrixRowView(props: MatrixRowProps) {
  const { row, index, columns, activeCol, drift, entityLink, onOpen } = props;
  const compact = Boolean(props.compact);
  const classes = useStyles();
  const serviceTab = activeCol === 0 ? 0 : -1;
  return (
    <TableRow
      role="row"
      aria-rowindex={index + 2}
      className={`${classes.row} ${compact ? classes.compact : ''} ${
        index % 2 ? classes.odd : ''
      }`}
      data-testid="deployments-matrix-row"
      data-service={row.service}
      data-index={index}
    >
      <TableCell
        component="th"
        scope="row"
        role="rowheader"
        className={classes.service}
        title={row.service}
        data-grid-col={0}
        data-grid-focus={row.entity_ref ? undefined : true}
        tabIndex={row.entity_ref ? undefined : serviceTab}
      >
        {row.entity_ref ? (
          <Link
            to={entityLink(row.entity_ref)}
            aria-label={`${row.service} in the catalog`}
            tabIndex={serviceTab}
            data-grid-focus
          >
            {row.service}
          </Link>
        ) : (
          row.service
        )}
      </TableCell>
      {columns.map((column, i) =>
        column.kind === 'group' ? (
          <GroupSlotCell
            key={column.key}
            service={row.service}
            group={column.group}
            slots={row.slots}
            col={i + 1}
            active={activeCol === i + 1}
            drift={drift.get(slotKey(row.service, column.group.name))}
            onExpand={props.onExpandGroup ?? noop}
            compact={compact}
          />
        ) : (
          <SlotCell
            key={column.key}
            service={row.service}
            environment={column.environment}
            col={i + 1}
            active={activeCol === i + 1}
            slot={row.slots[column.environment]}
            drift={drift.get(slotKey(row.service, column.environment))}
            onOpen={onOpen}
            compact={compact}
          />
        ),
      )}
    </TableRow>
  );
}

/**
 * One service. Memoised: unchanged rows are the same object across frames,
 * and only the rows gaining or losing the tab stop get a new `activeCol`.
 */
export const MatrixRow = memo(MatrixRowView);
