import { ReactElement } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ResponsiveContainer } from 'recharts';

export const CHART_HEIGHT = 220;

const useStyles = makeStyles(theme => ({
  figure: { margin: 0, minWidth: 0 },
  caption: { marginBottom: theme.spacing(1) },
}));

/**
 * A titled chart, as wide as its column and of a fixed height.
 *
 * The starting size lets the chart draw before ResponsiveContainer has
 * measured its box (it measures with ResizeObserver, which jsdom lacks);
 * in a browser the measured width replaces it right after mounting.
 */
export function ChartFrame(props: {
  title: string;
  testId: string;
  children: ReactElement;
}) {
  const classes = useStyles();
  return (
    <figure className={classes.figure} data-testid={props.testId}>
      <Typography
        component="figcaption"
        variant="subtitle2"
        className={classes.caption}
      >
        {props.title}
      </Typography>
      <ResponsiveContainer
        width="100%"
        height={CHART_HEIGHT}
        initialDimension={{ width: 480, height: CHART_HEIGHT }}
      >
        {props.children}
      </ResponsiveContainer>
    </figure>
  );
}
