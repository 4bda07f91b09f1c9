import { FormEvent, useEffect, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import {
  MAX_NAME_LENGTH,
  MAX_VIEWS,
  SavedView,
  findView,
  viewNameProblem,
} from '../../hooks/savedViews';
import { ProblemPanel } from '../shared/ProblemPanel';

const useStyles = makeStyles(theme => ({
  problem: { marginTop: theme.spacing(2) },
}));

export interface SaveViewDialogProps {
  /** The views saved so far. */
  views: SavedView[];
  /** The name to start from (the view on screen, if it is a saved one). */
  initialName?: string;
  /** Saves the view on screen under `name`; throws if the store failed. */
  onSave: (name: string) => Promise<void>;
  onClose: () => void;
}

/** What the name field says under it: what is wrong, else the count. */
function nameHelp(
  name: string,
  views: SavedView[],
): { text: string; error: boolean } {
  const count = `${[...name.trim()].length}/${MAX_NAME_LENGTH}`;
  const problem = name ? viewNameProblem(name) : undefined;
  if (problem) return { text: problem, error: true };
  if (name.trim() && findView(views, name)) {
    return {
      text: `Saving replaces the view of this name (${count})`,
      error: false,
    };
  }
  if (name.trim() && views.length >= MAX_VIEWS) {
    return {
      text: `${MAX_VIEWS} views are saved, the most there can be: delete one, or use the name of one to replace it.`,
      error: true,
    };
  }
  return { text: count, error: false };
}

/**
 * Names the view on screen (1–60 characters) and saves it. A name that is
 * taken asks first whether to replace that view; with 50 views saved only
 * a taken name can be saved.
 */
export function SaveViewDialog(props: SaveViewDialogProps) {
  const { views, onSave, onClose } = props;
  const classes = useStyles();
  const [name, setName] = useState(props.initialName ?? '');
  const field = useRef<HTMLInputElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error>();
  const help = nameHelp(name, views);
  const taken = Boolean(name.trim() && findView(views, name));
  const valid = Boolean(name.trim()) && !help.error;

  // The question replaces the name field: its answer takes the focus.
  useEffect(() => {
    if (confirming) submitButton.current?.focus();
  }, [confirming]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!valid || saving) return;
    if (taken && !confirming) {
      setConfirming(true);
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await onSave(name.trim());
    } catch (failure) {
      setError(failure as Error);
      setSaving(false);
    }
  };

  return (
    <Dialog
      open
      onClose={saving ? undefined : onClose}
      aria-labelledby="save-view-title"
      fullWidth
      maxWidth="xs"
      // The name field takes the focus once the dialog is in.
      TransitionProps={{ onEntered: () => field.current?.focus() }}
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id="save-view-title">
          {confirming ? `Replace “${name.trim()}”?` : 'Save view'}
        </DialogTitle>
        <DialogContent>
          {confirming ? (
            <DialogContentText>
              A view named “{name.trim()}” is saved already. Replace it with the
              columns and filters on screen?
            </DialogContentText>
          ) : (
            <>
              <DialogContentText>
                The columns and filters on screen, under a name of your choice.
                Only you see your views.
              </DialogContentText>
              <TextField
                id="save-view-name"
                label="Name"
                value={name}
                onChange={e => setName(e.target.value)}
                inputRef={field}
                required
                fullWidth
                variant="outlined"
                error={help.error}
                helperText={help.text}
                disabled={saving}
              />
            </>
          )}
          {error && (
            <div className={classes.problem}>
              <ProblemPanel error={error} />
            </div>
          )}
        </DialogContent>
        <DialogActions>
          <Button
            onClick={confirming ? () => setConfirming(false) : onClose}
            disabled={saving}
          >
            {confirming ? 'Back' : 'Cancel'}
          </Button>
          <Button
            ref={submitButton}
            type="submit"
            color="primary"
            variant="contained"
            disabled={saving || !valid}
          >
            {confirming ? 'Replace' : 'Save'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
