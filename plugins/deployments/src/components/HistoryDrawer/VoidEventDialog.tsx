import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { useApi } from '@backstage/core-plugin-api';
import {
  DeploymentEvent,
  MAX_VOID_REASON_LENGTH,
} from '@deploydash/plugin-deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import { ProblemPanel } from '../shared/ProblemPanel';

const useStyles = makeStyles(theme => ({
  problem: { marginTop: theme.spacing(2) },
}));

export interface VoidEventDialogProps {
  event: DeploymentEvent;
  onClose: () => void;
  /** The backend voided it: the event as it answered, with `voided`. */
  onVoided: (event: DeploymentEvent) => void;
}

/** What the reason field says under it: what is wrong, else the count. */
function reasonHelp(
  reason: string,
  touched: boolean,
): { text: string; error: boolean } {
  const count = `${reason.length}/${MAX_VOID_REASON_LENGTH}`;
  if (reason.length > MAX_VOID_REASON_LENGTH) {
    return {
      text: `At most ${MAX_VOID_REASON_LENGTH} characters (${count})`,
      error: true,
    };
  }
  if (touched && reason.trim() === '') {
    return { text: `Say why this event is voided (${count})`, error: true };
  }
  return { text: count, error: false };
}

/**
 * Asks why an event is voided (1–500 characters) and voids it. A refusal
 * (403, 409, 400, the backend down) is shown with its title and detail, and
 * the dialog stays open so the reason is not lost.
 */
export function VoidEventDialog(props: VoidEventDialogProps) {
  const { event, onClose, onVoided } = props;
  const classes = useStyles();
  const api = useApi(deploymentsApiRef);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<Error>();
  const help = reasonHelp(reason, touched);
  const valid = reason.trim() !== '' && reason.length <= MAX_VOID_REASON_LENGTH;
  const titleId = `void-event-${event.id}-title`;

  const submit = async () => {
    setTouched(true);
    if (!valid || submitting) return;
    setSubmitting(true);
    setError(undefined);
    try {
      onVoided(await api.voidEvent(event.id, reason.trim()));
    } catch (e) {
      setError(e as Error);
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>Void this event?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Event {event.id}: {event.service} in {event.environment},{' '}
          {event.status}
          {event.version ? `, version ${event.version}` : ''}. A voided event
          stays in the log but is left out of the matrix, runs, metrics and
          promotion. This cannot be undone.
        </DialogContentText>
        <TextField
          id={`void-event-${event.id}-reason`}
          label="Reason"
          placeholder="e.g. posted to prod by a misconfigured pipeline"
          value={reason}
          onChange={e => setReason(e.target.value)}
          onBlur={() => setTouched(true)}
          required
          fullWidth
          multiline
          minRows={2}
          variant="outlined"
          error={help.error}
          helperText={help.text}
          disabled={submitting}
        />
        {error && (
          <div className={classes.problem}>
            <ProblemPanel error={error} />
          </div>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        <Button
          onClick={submit}
          color="secondary"
          variant="contained"
          disabled={submitting || !valid}
        >
          {submitting ? 'Voiding…' : 'Void event'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
