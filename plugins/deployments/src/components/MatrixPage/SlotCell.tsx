import { KeyboardEvent, memo, useCallback, useState } from 'react';
import TableCell from '@material-ui/core/TableCell';
import { makeStyles } from '@material-ui/core/styles';
import { DeploymentSlot } from '@deploydash/plugin-deployments-common';
import { useFlashOnChange } from '../../hooks/useFlashOnChange';
import { RunLink } from '../shared/RunLink';
import { statusText } from '../shared/format';
import { DriftBadge } from './DriftBadge';
import { SlotContent } from './SlotContent';
import { CELL_PADDING_Y, SLOT_LINES } from './matrixLayout';
import { slotCellStyles } from './slotStyles';
import { useUnfocusableLinks } from './useUnfocusableLinks';

const useStyles = makeStyles(theme => ({
  ...slotCellStyles(theme),
  // Over the last line, outside the button: a link in a button is invalid.
  run: {
    position: 'absolute',
    bottom: CELL_PADDING_Y,
    right: theme.spacing(1.5),
    lineHeight: `${SLOT_LINES[2]}px`,
    fontSize: theme.typography.caption.fontSize,
  },
}));

export interface SlotCellProps {
  service: string;
  environment: string;
  /** Position in the row for keyboard navigation (the service is 0). */
  col: number;
  /** The grid's one tab stop: focusable with Tab; others by arrow keys. */
  active: boolean;
  slot?: DeploymentSlot;
  /** Why the slot drifts behind the environment before it, when it does. */
  drift?: string;
  onOpen: (service: string, environment: string) => void;
  /** Compact density: two lines, no actor line and no run link. */
  compact?: boolean;
}

/** What a screen reader says on the slot: status, versions, drift, action. */
export function slotLabel(
  service: string,
  environment: string,
  slot: DeploymentSlot,
  drift?: string,
) {
  const { current, last_successful: lastSuccessful } = slot;
  const parts = [`${service} in ${environment}: ${statusText(current.status)}`];
  if (current.version) parts.push(`version ${current.version}`);
  if (current.status !== 'success' && lastSuccessful?.version) {
    parts.push(`last success ${lastSuccessful.version}`);
  }
  const driftText = drift ? ` ${drift}.` : '';
  return `${parts.join(', ')}.${driftText} Show history`;
}

function SlotCellView(props: SlotCellProps) {
  const { service, environment, col, active, slot, drift, onOpen } = props;
  const compact = Boolean(props.compact);
  const classes = useStyles();
  // The drift words show while the slot has the keyboard focus, not only
  // on hover: the tooltip is the only place they are visible.
  const [focused, setFocused] = useState(false);
  const flashing = useFlashOnChange(slot?.current.id);
  const linksRef = useUnfocusableLinks(slot?.current.run_url);
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
  const tabIndex = active ? 0 : -1;

  if (!slot) {
    // Focusable too, so arrow keys move through every column alike and a
    // screen reader hears "Not deployed" rather than skipping a column.
    return (
      <TableCell
        role="gridcell"
        className={classes.empty}
        tabIndex={tabIndex}
        data-grid-col={col}
        data-grid-focus
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
  // Compact rows have no line for the run link: it is in the history.
  const hasRun = Boolean(slot.current.run_url) && !compact;
  return (
    <TableCell
      role="gridcell"
      ref={linksRef}
      className={`${classes.cell} ${flashing ? classes.flash : ''}`}
      data-grid-col={col}
      data-testid="deployment-slot"
      data-service={service}
      data-environment={environment}
      data-status={slot.current.status}
      data-flash={flashing ? 'true' : undefined}
    >
      <div
        role="button"
        tabIndex={tabIndex}
        data-grid-focus
        className={classes.button}
        aria-label={slotLabel(service, environment, slot, drift)}
        onClick={open}
        onKeyDown={onKeyDown}
        onFocus={drift ? () => setFocused(true) : undefined}
        onBlur={drift ? () => setFocused(false) : undefined}
      >
        <SlotContent slot={slot} hasRun={hasRun} compact={compact} />
      </div>
      {hasRun && (
        <span className={classes.run}>
          {/* The summary view has no service/environment on the event. */}
          <RunLink
            event={slot.current}
            label={`CI run for ${service} in ${environment} (opens in a new tab)`}
          />
        </span>
      )}
      {drift && <DriftBadge label={drift} open={focused} />}
    </TableCell>
  );
}

/**
 * One (service, environment) slot. Memoised on its props: the reducer
 * hands an unchanged slot back as the same object, so a stream frame only
 * re-renders the one cell it touched, and moving the keyboard focus only
 * the two cells whose `active` changed.
 */
export const SlotCell = memo(SlotCellView);
