import { KeyboardEvent, memo, useCallback } from 'react';
import TableCell from '@material-ui/core/TableCell';
import { makeStyles } from '@material-ui/core/styles';
import { DeploymentSlot } from '@deploydash/plugin-deployments-common';
import { useFlashOnChange } from '../../hooks/useFlashOnChange';
import { RunLink } from '../shared/RunLink';
import { SlotSummary } from '../shared/SlotSummary';
import { statusText } from '../shared/format';
import { DriftBadge } from './DriftBadge';

const useStyles = makeStyles(theme => ({
  cell: {
    position: 'relative',
    verticalAlign: 'top',
    minWidth: 140,
    maxWidth: 220,
    transition: 'background-color 1.5s ease-out',
  },
  flash: {
    backgroundColor: theme.palette.action.selected,
    transition: 'none',
  },
  button: {
    cursor: 'pointer',
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.5),
    margin: theme.spacing(-0.5),
    '&:hover': { backgroundColor: theme.palette.action.hover },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 1,
    },
  },
  empty: { color: theme.palette.text.disabled, verticalAlign: 'top' },
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
  },
}));

export interface SlotCellProps {
  service: string;
  environment: string;
  slot?: DeploymentSlot;
  /** Why the slot drifts behind the environment before it, when it does. */
  drift?: string;
  onOpen: (service: string, environment: string) => void;
}

function slotLabel(service: string, environment: string, slot: DeploymentSlot) {
  const { current, last_successful: lastSuccessful } = slot;
  const parts = [`${service} in ${environment}: ${statusText(current.status)}`];
  if (current.version) parts.push(`version ${current.version}`);
  if (current.status !== 'success' && lastSuccessful?.version) {
    parts.push(`last success ${lastSuccessful.version}`);
  }
  return `${parts.join(', ')}. Show history`;
}

function SlotCellView(props: SlotCellProps) {
  const { service, environment, slot, drift, onOpen } = props;
  const classes = useStyles();
  const flashing = useFlashOnChange(slot?.current.id);
  const open = useCallback(
    () => onOpen(service, environment),
    [onOpen, service, environment],
  );
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open();
      }
    },
    [open],
  );

  if (!slot) {
    return (
      <TableCell
        className={classes.empty}
        data-testid="deployment-slot"
        data-service={service}
        data-environment={environment}
        data-status="none"
      >
        <span aria-hidden>–</span>
        <span className={classes.hidden}>Not deployed</span>
      </TableCell>
    );
  }
  return (
    <TableCell
      className={`${classes.cell} ${flashing ? classes.flash : ''}`}
      data-testid="deployment-slot"
      data-service={service}
      data-environment={environment}
      data-status={slot.current.status}
      data-flash={flashing ? 'true' : undefined}
    >
      <div
        role="button"
        tabIndex={0}
        className={classes.button}
        aria-label={slotLabel(service, environment, slot)}
        onClick={open}
        onKeyDown={onKeyDown}
      >
        <SlotSummary slot={slot} />
      </div>
      <RunLink event={slot.current} />
      {drift && <DriftBadge label={drift} />}
    </TableCell>
  );
}

/**
 * One (service, environment) slot. Memoised on its props: the reducer
 * hands an unchanged slot back as the same object, so a stream frame only
 * re-renders the one cell it touched.
 */
export const SlotCell = memo(SlotCellView);
