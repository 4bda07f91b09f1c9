import { useState } from 'react';
import IconButton from '@material-ui/core/IconButton';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import { DeploymentRun } from '@deploydash/plugin-deployments-common';
import { RelativeTime } from '../shared/RelativeTime';
import { RollbackChip } from '../shared/RollbackChip';
import { FreezeChip } from '../Freezes';
import { RunLink } from '../shared/RunLink';
import { StatusLabel } from '../shared/StatusLabel';
import {
  runActor,
  runDuration,
  runLabel,
  runLinkEvent,
} from '../shared/runInfo';
import { RunEvents } from './RunEvents';

/** Columns of a run row, the expand button's included. */
export const RUN_COLUMNS = 8;

// Ids for aria-controls; not React 18's useId, as React 17 hosts are allowed.
let lastId = 0;

const useStyles = makeStyles(theme => ({
  // One line a run: the table scrolls sideways when it does not fit.
  row: { '& > td': { whiteSpace: 'nowrap' } },
  // The events row continues the run's row: no line between them.
  open: { '& > td': { borderBottom: 'none' } },
  version: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    fontFamily: 'monospace',
    whiteSpace: 'nowrap',
  },
  duration: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  events: { paddingLeft: theme.spacing(7) },
}));

/**
 * One run of the service: status, where, what, when, how long, who and its
 * CI run; the expand button shows its events.
 */
export function RunRow(props: { run: DeploymentRun }) {
  const { run } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const [eventsId] = useState(() => `deployment-run-events-${++lastId}`);
  const label = runLabel(run);
  const duration = runDuration(run);
  const link = runLinkEvent(run);
  const actor = runActor(run);
  const name = `${label} in ${run.environment}`;
  return (
    <>
      <TableRow
        data-testid="recent-deployment"
        data-deployment-id={run.deployment_id}
        data-status={run.status}
        className={`${classes.row} ${open ? classes.open : ''}`}
      >
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-expanded={open}
            aria-controls={open ? eventsId : undefined}
            aria-label={`Events of ${name}`}
            onClick={() => setOpen(o => !o)}
          >
            {open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
        </TableCell>
        <TableCell>
          <StatusLabel status={run.status} />
        </TableCell>
        <TableCell>{run.environment}</TableCell>
        <TableCell>
          <span className={classes.version}>
            {run.version ?? label}
            {run.rollback && <RollbackChip />}
            <FreezeChip events={run.events} />
          </span>
        </TableCell>
        <TableCell>
          <RelativeTime iso={run.started_at} />
        </TableCell>
        <TableCell
          className={classes.duration}
          title={duration.title}
          data-testid="run-duration"
        >
          {duration.text}
        </TableCell>
        <TableCell>{actor ?? ''}</TableCell>
        <TableCell>
          {link && (
            <RunLink
              event={link}
              label={`CI run of ${name} (opens in a new tab)`}
            />
          )}
        </TableCell>
      </TableRow>
      {open && (
        <TableRow id={eventsId} data-testid="run-events">
          <TableCell colSpan={RUN_COLUMNS} className={classes.events}>
            <RunEvents events={run.events} label={`Events of ${name}`} />
          </TableCell>
        </TableRow>
      )}
    </>
  );
}
