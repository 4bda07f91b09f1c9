import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import { MatrixService } from '@deploydash/plugin-deployments-common';
import { humanizeOwner } from '../shared/format';
import { MatrixRow } from './MatrixRow';

const useStyles = makeStyles(theme => ({
  container: { maxHeight: 'calc(100vh - 260px)', minHeight: 200 },
  corner: { left: 0, zIndex: 3 },
  empty: { color: theme.palette.text.secondary, padding: theme.spacing(3) },
}));

export interface MatrixTableProps {
  environments: string[];
  rows: MatrixService[];
  owners: ReadonlyMap<string, string>;
  /** Labels of drifting slots, by `slotKey`. */
  drift: ReadonlyMap<string, string>;
  entityLink: (entityRef: string) => string;
  onOpen: (service: string, environment: string) => void;
}

/** Services as rows, environments as columns in the backend's order. */
export function MatrixTable(props: MatrixTableProps) {
  const { environments, rows, owners, drift, entityLink, onOpen } = props;
  const classes = useStyles();
  return (
    <TableContainer className={classes.container}>
      <Table
        stickyHeader
        size="small"
        aria-label="Deployments by service and environment"
        data-testid="deployments-matrix"
      >
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col" className={classes.corner}>
              Service
            </TableCell>
            {environments.map(env => (
              <TableCell
                key={env}
                component="th"
                scope="col"
                data-testid="deployments-matrix-column"
              >
                {env}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => {
            const owner = row.entity_ref
              ? owners.get(row.entity_ref)
              : undefined;
            return (
              <MatrixRow
                key={row.service}
                row={row}
                environments={environments}
                owner={owner ? humanizeOwner(owner) : undefined}
                drift={drift}
                entityLink={entityLink}
                onOpen={onOpen}
              />
            );
          })}
          {rows.length === 0 && (
            <TableRow>
              <TableCell
                colSpan={environments.length + 1}
                className={classes.empty}
              >
                No services match the filters.
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
