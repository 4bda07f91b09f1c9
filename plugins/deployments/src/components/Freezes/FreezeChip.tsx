import Chip from '@material-ui/core/Chip';
import AcUnitIcon from '@material-ui/icons/AcUnit';
import { DeploymentEvent, FreezeFlaggedEvent, FreezeMark } from '@deploydash/plugin-deployments-common';

const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

/** The freeze of the first event that happened in one (reads set `in_freeze`; the stream does not). */
export function freezeOf(events: DeploymentEvent[]): FreezeMark | null {
  for (const event of events as FreezeFlaggedEvent[]) {
    if (event.in_freeze) return event.in_freeze;
  }
  return null;
}

/**
 * "in freeze" on an event, or a run with an event, that happened during a
 * configured freeze window; the freeze's name and reason in its tooltip and
 * accessible name. Nothing otherwise.
 *
 * @public
 */
export function FreezeChip(props: { event?: DeploymentEvent; events?: DeploymentEvent[] }) {
  const freeze = freezeOf(props.events ?? (props.event ? [props.event] : []));
  if (!freeze) return null;
  const description = `Happened during the freeze "${freeze.name}": ${freeze.reason}`;
  return (
    <Chip
      size="small"
      variant="outlined"
      icon={<AcUnitIcon aria-hidden />}
      label={
        <>
          in freeze
          {/* For screen readers, which do not read the tooltip. */}
          <span style={VISUALLY_HIDDEN}>: {freeze.name}, {freeze.reason}</span>
        </>
      }
      title={description}
      data-testid="freeze-chip"
      data-freeze={freeze.name}
    />
  );
}
