import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  // A time may wrap between its two forms, never inside one.
  part: { whiteSpace: 'nowrap' },
});

/**
 * The full local date and time, then the UTC instant in brackets:
 * "12/3/2026, 2:41:52 PM (2026-12-03T14:41:52.000Z)".
 */
export function AbsoluteTime(props: { iso: string }) {
  const classes = useStyles();
  const date = new Date(props.iso);
  if (Number.isNaN(date.getTime())) return <>{props.iso}</>;
  return (
    <time dateTime={props.iso}>
      <span className={classes.part} data-time-part>
        {date.toLocaleString()}
      </span>{' '}
      <span className={classes.part} data-time-part>
        ({date.toISOString()})
      </span>
    </time>
  );
}
