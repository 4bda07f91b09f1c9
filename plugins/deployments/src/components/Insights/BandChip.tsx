import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  BandThresholds,
  DoraBand,
} from '@deploydash/plugin-deployments-common';

type Band = Exclude<DoraBand, null>;

const BANDS: Band[] = ['elite', 'high', 'medium', 'low'];

const LABEL: Record<Band, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

// Fixed colours (dark enough for white text) so a band looks the same in
// light and dark themes; the band is always named in words as well.
const COLOUR: Record<Band, string> = {
  elite: '#1b5e20',
  high: '#2e7d32',
  medium: '#b26a00',
  low: '#c62828',
};

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start' },
  chip: {
    color: '#fff',
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  words: { color: theme.palette.text.secondary },
  list: { margin: 0, paddingLeft: theme.spacing(2) },
  current: { fontWeight: theme.typography.fontWeightBold as number },
}));

/** Which band means what for this metric, the band reached in bold. */
function ThresholdList(props: { band: DoraBand; thresholds: BandThresholds }) {
  const classes = useStyles();
  return (
    <ul className={classes.list}>
      {BANDS.map(b => (
        <li key={b} className={b === props.band ? classes.current : undefined}>
          {LABEL[b]}: {props.thresholds[b]}
        </li>
      ))}
    </ul>
  );
}

/**
 * A DORA band as a coloured chip, with what the band means underneath and
 * every band's threshold in the tooltip. "no data" when there is no band.
 */
export function BandChip(props: {
  band: DoraBand;
  thresholds: BandThresholds;
  metric: string;
  /** Only the chip (the thresholds stay in its tooltip): for table cells. */
  compact?: boolean;
}) {
  const { band, thresholds, metric, compact } = props;
  const classes = useStyles();
  return (
    <div
      className={classes.root}
      data-testid="dora-band"
      data-band={band ?? 'none'}
    >
      <Tooltip
        title={<ThresholdList band={band} thresholds={thresholds} />}
        placement="left"
      >
        <Chip
          size="small"
          label={band ? LABEL[band] : 'no data'}
          variant={band ? 'default' : 'outlined'}
          className={band ? classes.chip : undefined}
          style={band ? { backgroundColor: COLOUR[band] } : undefined}
          aria-label={`${metric} band: ${band ? LABEL[band] : 'no data'}`}
        />
      </Tooltip>
      {band && !compact && (
        <Typography variant="caption" className={classes.words}>
          {thresholds[band]}
        </Typography>
      )}
    </div>
  );
}
