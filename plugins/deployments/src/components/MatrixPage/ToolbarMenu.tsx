import { ReactElement, ReactNode, useState } from 'react';
import Button from '@material-ui/core/Button';
import Popover from '@material-ui/core/Popover';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  button: { textTransform: 'none', whiteSpace: 'nowrap' },
  panel: { padding: theme.spacing(1.5, 2), minWidth: 280, maxWidth: 360 },
}));

/**
 * A button of the matrix toolbar that opens a panel under it (Columns,
 * Views). The panel keeps the focus inside while open; Escape or a click
 * outside closes it and the focus returns to the button.
 */
export function ToolbarMenu(props: {
  /** The button's text. */
  label: ReactNode;
  icon: ReactElement;
  /** The panel's heading and accessible name. */
  title: string;
  /** `<testId>-button` and `<testId>-menu`. */
  testId: string;
  children: (close: () => void) => ReactNode;
}) {
  const classes = useStyles();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const close = () => setAnchor(null);
  return (
    <>
      <Button
        variant="outlined"
        size="small"
        className={classes.button}
        startIcon={props.icon}
        aria-haspopup="dialog"
        aria-expanded={anchor ? 'true' : 'false'}
        onClick={e => setAnchor(e.currentTarget)}
        data-testid={`${props.testId}-button`}
      >
        {props.label}
      </Button>
      <Popover
        open={Boolean(anchor)}
        anchorEl={anchor}
        onClose={close}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        transformOrigin={{ vertical: 'top', horizontal: 'left' }}
      >
        <div
          className={classes.panel}
          role="dialog"
          aria-label={props.title}
          data-testid={`${props.testId}-menu`}
        >
          <Typography variant="subtitle2" component="h2">
            {props.title}
          </Typography>
          {props.children(close)}
        </div>
      </Popover>
    </>
  );
}
