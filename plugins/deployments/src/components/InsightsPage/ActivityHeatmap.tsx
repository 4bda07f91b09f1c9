import Typography from '@material-ui/core/Typography';
import {
  Theme,
  decomposeColor,
  getContrastRatio,
  makeStyles,
  recomposeColor,
  useTheme,
} from '@material-ui/core/styles';
import { ActivityResponse } from '@deploydash/plugin-deployments-common';
import { readableColour } from '../shared/readableColour';

const useStyles = makeStyles(theme => ({
  scroll: { overflowX: 'auto' },
  table: {
    width: '100%',
    minWidth: 480,
    borderCollapse: 'separate',
    borderSpacing: 2,
    tableLayout: 'fixed',
    fontSize: 11,
  },
  corner: { width: 40 },
  hour: {
    fontWeight: theme.typography.fontWeightRegular as number,
    color: theme.palette.text.secondary,
    textAlign: 'center',
    padding: 0,
  },
  day: {
    fontWeight: theme.typography.fontWeightMedium as number,
    textAlign: 'left',
    paddingRight: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
  cell: {
    position: 'relative',
    height: 26,
    textAlign: 'center',
    borderRadius: 3,
    padding: 0,
  },
  // A corner mark for a failed deploy: a shape, not only a colour.
  failed: {
    '&::after': {
      content: '""',
      position: 'absolute',
      top: 0,
      right: 0,
      borderStyle: 'solid',
      borderWidth: '0 7px 7px 0',
      borderColor: 'transparent',
      borderRightColor: 'var(--failed-colour)',
      borderTopRightRadius: 3,
    },
  },
  legend: {
    captionSide: 'bottom',
    textAlign: 'left',
    paddingTop: theme.spacing(1),
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
  },
}));

const DAY_NAMES: Record<string, string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};

/** `amount` (0–1) of `colour` over `base`, as an rgb() MUI can compare. */
function mix(base: string, colour: string, amount: number): string {
  const a = decomposeColor(base).values;
  const b = decomposeColor(colour).values;
  return recomposeColor({
    type: 'rgb',
    values: [0, 1, 2].map(i => Math.round(a[i] + (b[i] - a[i]) * amount)) as [
      number,
      number,
      number,
    ],
  });
}

/** Black or white, whichever reads better on `background` (one always reaches 4.5:1). */
function textOn(background: string): string {
  return getContrastRatio('#000', background) >= getContrastRatio('#fff', background)
    ? '#000'
    : '#fff';
}

function cellStyle(theme: Theme, total: number, max: number) {
  const paper = theme.palette.background.paper;
  if (total === 0 || max === 0) {
    return {
      background: theme.palette.action.hover,
      color: theme.palette.text.secondary,
    };
  }
  // At least a fifth of the colour, so a single deploy is visible.
  const background = mix(paper, theme.palette.primary.main, 0.2 + 0.8 * (total / max));
  return { background, color: textOn(background) };
}

const hourRange = (hour: number) =>
  `${String(hour).padStart(2, '0')}:00–${String((hour + 1) % 24).padStart(2, '0')}:00`;

/**
 * Production deploys by weekday and hour as a table: darker cells had more
 * deploys, the count is written in the cell, and a corner mark shows a
 * failure; each cell's title and label say it all in words.
 */
export function ActivityHeatmap(props: { activity: ActivityResponse }) {
  const { activity } = props;
  const classes = useStyles();
  const theme = useTheme();
  const failedColour = readableColour(theme, theme.palette.error.main);
  const max = Math.max(
    0,
    ...activity.weekday_hour.flatMap(d => d.hours.map(h => h.successes + h.failures)),
  );
  return (
    <div>
      <div className={classes.scroll}>
        <table
          className={classes.table}
          data-testid="activity-heatmap"
          style={{ ['--failed-colour' as any]: failedColour }}
        >
          <caption className={classes.legend}>
            Deploys per hour of the week in {activity.tz}; darker means more. A
            corner mark: at least one failed.
          </caption>
          <thead>
            <tr>
              <td className={classes.corner} />
              {Array.from({ length: 24 }, (_, hour) => (
                <th key={hour} scope="col" className={classes.hour} title={hourRange(hour)}>
                  {String(hour).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {activity.weekday_hour.map(day => (
              <tr key={day.weekday}>
                <th scope="row" className={classes.day}>
                  <abbr title={DAY_NAMES[day.weekday]}>
                    {DAY_NAMES[day.weekday].slice(0, 3)}
                  </abbr>
                </th>
                {day.hours.map(h => {
                  const total = h.successes + h.failures;
                  const label = `${DAY_NAMES[day.weekday]} ${hourRange(h.hour)}: ${
                    total === 0
                      ? 'no deploys'
                      : `${total} deploy${total === 1 ? '' : 's'}, ${h.failures} failed`
                  }`;
                  return (
                    <td
                      key={h.hour}
                      className={`${classes.cell} ${h.failures ? classes.failed : ''}`}
                      style={cellStyle(theme, total, max)}
                      title={label}
                      aria-label={label}
                      data-testid="heatmap-cell"
                      data-weekday={day.weekday}
                      data-hour={h.hour}
                    >
                      {total || ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {max === 0 && (
        <Typography variant="body2" color="textSecondary">
          No production deploys in this period.
        </Typography>
      )}
    </div>
  );
}
