import { useContext, useState } from 'react';
import Button from '@material-ui/core/Button';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import {
  DeploymentEvent,
  deploymentsEventVoidPermission,
} from '@deploydash/plugin-deployments-common';
import { VoidEventDialog } from './VoidEventDialog';
import { VoidedEventsContext } from './voidedEventsContext';

/**
 * "Void this event…" for users the permission policy allows
 * `deployments.event.void`; nothing for others, for events already voided,
 * and in a host without a permission API (every Backstage app has one).
 */
export function VoidEventAction(props: { event: DeploymentEvent }) {
  const permissionApi = useApiHolder().get(permissionApiRef);
  if (!permissionApi || props.event.voided) return null;
  return <VoidEventButton event={props.event} />;
}

function VoidEventButton(props: { event: DeploymentEvent }) {
  const { allowed } = usePermission({
    permission: deploymentsEventVoidPermission,
  });
  const onVoided = useContext(VoidedEventsContext);
  const [open, setOpen] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <Button size="small" variant="outlined" onClick={() => setOpen(true)}>
        Void this event…
      </Button>
      {open && (
        <VoidEventDialog
          event={props.event}
          onClose={() => setOpen(false)}
          onVoided={event => {
            setOpen(false);
            onVoided(event);
          }}
        />
      )}
    </>
  );
}
