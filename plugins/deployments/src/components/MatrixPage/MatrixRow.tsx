import { memo } from 'react';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { MatrixService } from '@deploydash/plugin-deployments-common';
import { slotKey } from '../../state/drift';
import { SlotCell } from './SlotCell';

const useStyles = makeStyles(theme => ({
  service: {
    verticalAlign: 'top',
    position: 'sticky',
    left: 0,
    zIndex: 1,
    backgroundColor: theme.palette.background.paper,
    fontWeight: theme.typography.fontWeightMedium as number,
    whiteSpace: 'nowrap',
  },
  owner: { display: 'block', color: theme.palette.text.secondary },
}));

export interface MatrixRowProps {
  row: MatrixService;
  environments: string[];
  /** Display name of the owner, when the catalog knows it. */
  owner?: string;
  /** Labels of drifting slots by `slotKey`; the same map until one changes. */
  drift: ReadonlyMap<string, string>;
  entityLink: (entityRef: string) => string;
  onOpen: (service: string, environment: string) => void;
}

function MatrixRowView(props: MatrixRowProps) {
  const { row, environments, owner, drift, entityLink, onOpen } = props;
  const classes = useStyles();
  return (
    <TableRow data-testid="deployments-matrix-row" data-service={row.service}>
      <TableCell component="th" scope="row" className={classes.service}>
        {row.entity_ref ? (
          <Link
            to={entityLink(row.entity_ref)}
            aria-label={`${row.service} in the catalog`}
          >
            {row.service}
          </Link>
        ) : (
          row.service
        )}
        {owner && (
          <Typography variant="caption" className={classes.owner}>
            {owner}
          </Typography>
        )}
      </TableCell>
      {environments.map(environment => (
        <SlotCell
          key={environment}
          service={row.service}
          environment={environment}
          slot={row.slots[environment]}
          drift={drift.get(slotKey(row.service, environment))}
          onOpen={onOpen}
        />
      ))}
    </TableRow>
  );
}

/** One service. Memoised: unchanged rows are the same object across frames. */
export const MatrixRow = memo(MatrixRowView);
