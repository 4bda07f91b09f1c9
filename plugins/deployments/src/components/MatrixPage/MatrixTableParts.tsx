import { ReactNode } from 'react';
import CircularProgress from '@material-ui/core/CircularProgress';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import {
  HEADER_HEIGHT,
  ROW_HEIGHT,
  SERVICE_COLUMN_WIDTH,
} from './matrixLayout';
import { DisplayColumn } from './environmentColumns';
import { GroupHeaderCell } from './GroupHeaderCell';

const useStyles = makeStyles(theme => ({
  head: {
    '&&': {
      height: HEADER_HEIGHT,
      boxSizing: 'border-box',
      padding: theme.spacing(0, 1.5),
      // MUI's sticky header also sticks every cell to the left; only the
      // corner should.
      left: 'auto',
      backgroundColor: theme.palette.background.paper,
      borderBottom: `1px solid ${theme.palette.divider}`,
      color: theme.palette.text.secondary,
      fontWeight: theme.typography.fontWeightMedium as number,
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    },
  },
  corner: { '&&': { left: 0, zIndex: 3 } },
  spacer: { '& > td': { padding: 0, border: 'none' } },
  status: {
    '& > td': {
      height: ROW_HEIGHT,
      padding: 0,
      border: 'none',
      color: theme.palette.text.secondary,
    },
  },
  // Sticks to the left edge, so it stays in view when scrolled sideways.
  statusText: {
    position: 'sticky',
    left: 0,
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0, 2),
  },
}));

/**
 * Fixed column widths (with `table-layout: fixed`): rows rendered later line
 * up with earlier ones. Environments share what the service column leaves,
 * at least ENVIRONMENT_COLUMN_WIDTH each (the table's minimum width).
 */
export function MatrixColumns(props: { columns: DisplayColumn[] }) {
  return (
    <colgroup>
      <col style={{ width: SERVICE_COLUMN_WIDTH }} />
      {props.columns.map(column => (
        <col key={column.key} />
      ))}
    </colgroup>
  );
}

/**
 * The sticky header row: "Service", then the environments in server order,
 * a group as one column or as its members (docs/api.md "Environment groups").
 */
export function MatrixHeader(props: {
  columns: DisplayColumn[];
  onToggleGroup?: (group: string) => void;
}) {
  const classes = useStyles();
  return (
    <TableHead>
      <TableRow role="row" aria-rowindex={1}>
        <TableCell
          component="th"
          scope="col"
          role="columnheader"
          className={`${classes.head} ${classes.corner}`}
        >
          Service
        </TableCell>
        {props.columns.map(column => {
          if (column.kind === 'group' || column.group) {
            return (
              <GroupHeaderCell
                key={column.key}
                column={column}
                className={classes.head}
                onToggle={props.onToggleGroup ?? (() => {})}
              />
            );
          }
          const env = column.environment;
          return (
            <TableCell
              key={column.key}
              component="th"
              scope="col"
              role="columnheader"
              className={classes.head}
              title={env}
              data-column-name={env}
              data-testid="deployments-matrix-column"
            >
              {env}
            </TableCell>
          );
        })}
      </TableRow>
    </TableHead>
  );
}

/** Stands in for the rows above or below the rendered window. */
export function SpacerRow(props: { height: number; colSpan: number }) {
  const classes = useStyles();
  if (props.height <= 0) return null;
  return (
    <tr aria-hidden className={classes.spacer} data-testid="matrix-spacer">
      <td colSpan={props.colSpan} style={{ height: props.height }} />
    </tr>
  );
}

/** A full-width row saying something about the rows: loading, or none. */
export function StatusRow(props: {
  colSpan: number;
  busy?: boolean;
  testId: string;
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    <tr className={classes.status} data-testid={props.testId}>
      <td colSpan={props.colSpan} aria-busy={props.busy || undefined}>
        <span className={classes.statusText}>
          {props.busy && <CircularProgress size={16} aria-hidden />}
          {props.children}
        </span>
      </td>
    </tr>
  );
}
