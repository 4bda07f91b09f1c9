import { useRef } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';

/**
 * The link of the view on screen, selected, for when the browser gives no
 * clipboard (an insecure origin, a denied permission): copy it by hand.
 */
export function LinkDialog(props: { link: string; onClose: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby="view-link-title"
      fullWidth
      maxWidth="sm"
      // The link is selected once the dialog is in: Ctrl+C copies it.
      TransitionProps={{
        onEntered: () => {
          field.current?.focus();
          field.current?.select();
        },
      }}
    >
      <DialogTitle id="view-link-title">Link to this view</DialogTitle>
      <DialogContent>
        <DialogContentText>
          The browser did not let the page copy it. Copy the link below (Ctrl+C
          or ⌘C).
        </DialogContentText>
        <TextField
          value={props.link}
          label="Link"
          fullWidth
          variant="outlined"
          inputRef={field}
          onFocus={e => e.target.select()}
          inputProps={{ readOnly: true, 'data-testid': 'view-link' }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
