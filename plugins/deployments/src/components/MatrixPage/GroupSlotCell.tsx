import { KeyboardEvent, memo, useCallback } from 'react';
import TableCell from '@material-ui/core/TableCell';
import { makeStyles } from '@material-ui/core/styles';
import {
  DeploymentSlot,
  MatrixEnvironmentGroup,
} from '@deploydash/plugin-deployments-common';
import { useFlashOnChange } from '../../hooks/useFlashOnChange';
import { StatusLabel } from '../shared/StatusLabel';
import { statusText } from '../shared/format';
import { DriftBadge } from './DriftBadge';
import { slotCellStyles, slotLineStyles } from './slotStyles';
import { summarizeGroup } from './environmentColumns';

const useStyles = makeStyles(theme => ({
  ...slotCellStyles(theme),
  ...slotLineStyles(theme),
  count: {
    flex: '0 0 auto',
    marginLeft: 'auto',
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
  },
}));

export interface GroupSlotCellProps {
  service: string;
  group: MatrixEnvironmentGroup;
  slots: Readonly<Record<string, DeploymentSlot>>;
  /** Position in the row for keyboard navigation (the service is 0). */
  col: number;
  /** The grid's one tab stop. */
  active: boolean;
  /** Why the group's stage drifts, when it does. */
  drift?: string;
  /** Expands the group into its members' columns. */
  onExpand: (group: string) => void;
  compact?: boolean;
}

/**
 * A collapsed environment group for one service: the worst member status,
 * the version when all members run the same one (else "N versions") and how
 * many members have data. Activating it expands the group.
 */
function GroupSlotCellView(props: GroupSlotCellProps) {
  const { service, group, slots, col, active, drift, onExpand } = props;
  const classes = useStyles();
  const summary = summarizeGroup(slots, group);
  const flashing = useFlashOnChange(
    summary?.members.map(m => m.slot.current.id).join(','),
  );
  const expand = useCallback(
    () => onExpand(group.name),
    [onExpand, group.name],
  );
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        expand();
      }
    },
    [expand],
  );
  const tabIndex = active ? 0 : -1;
  const data = {
    'data-grid-col': col,
    'data-testid': 'deployment-group-slot',
    'data-service': service,
    'data-group': group.name,
  };
  if (!summary) {
    return (
      <TableCell
        role="gridcell"
        className={classes.empty}
        tabIndex={tabIndex}
        data-grid-focus
        data-status="none"
        {...data}
      >
        <span aria-hidden>–</span>
        <span className={classes.hidden}>Not deployed</span>
      </TableCell>
    );
  }
  const count = `${summary.withData}/${summary.total}`;
  const members = summary.members
    .map(
      m =>
        `${m.environment} ${statusText(m.slot.current.status).toLowerCase()}${
          m.slot.current.version ? ` ${m.slot.current.version}` : ''
        }`,
    )
    .join(', ');
  const label =
    `${service} in ${group.name}: ${statusText(summary.status)}, ${
      summary.versions.length === 1
        ? `version ${summary.versionText}`
        : summary.versionText
    }, ` +
    `${summary.withData} of ${
      summary.total
    } environments deployed (${members}).${
      drift ? ` ${drift}.` : ''
    } Show the environments of ${group.name}`;
  return (
    <TableCell
      role="gridcell"
      className={`${classes.cell} ${flashing ? classes.flash : ''}`}
      data-status={summary.status}
      data-flash={flashing ? 'true' : undefined}
      {...data}
    >
      <div
        role="button"
        tabIndex={tabIndex}
        data-grid-focus
        className={classes.button}
        aria-label={label}
        onClick={expand}
        onKeyDown={onKeyDown}
      >
        <div
          className={`${classes.status} ${
            props.compact ? classes.compactStatus : ''
          }`}
        >
          <StatusLabel status={summary.status} />
        </div>
        <div
          className={`${classes.second} ${
            props.compact ? classes.compactSecond : ''
          }`}
        >
          <span
            className={classes.version}
            title={summary.versions.join(', ')}
            data-testid="group-version"
          >
            {summary.versionText}
          </span>
          <span
            className={classes.count}
            title={`${summary.withData} of ${summary.total} environments deployed`}
            data-testid="group-count"
          >
            {count}
          </span>
        </div>
        {!props.compact && (
          <span className={classes.third} title={members}>
            {summary.members.map(m => m.environment).join(' · ')}
          </span>
        )}
      </div>
      {drift && <DriftBadge label={drift} open={false} />}
    </TableCell>
  );
}

/** Memoised like SlotCell: a frame re-renders only the rows it touched. */
export const GroupSlotCell = memo(GroupSlotCellView);
