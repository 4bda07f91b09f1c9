import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ViewModule from '@material-ui/icons/ViewModule';
import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import { usePeriod } from '../../hooks/usePeriod';
import { useMetrics } from '../../hooks/useMetrics';
import { useMatrixPageLink } from '../../hooks/useLinks';
import {
  browserTimeZone,
  useActivity,
  useGroupInsights,
} from '../../hooks/useOrgInsights';
import { periodDays } from '../../state/period';
import { HeaderLinkButton } from '../shared/HeaderLinkButton';
import { PeriodPicker } from '../shared/PeriodPicker';
import { ProblemPanel } from '../shared/ProblemPanel';
import { formatPeriod } from '../Insights/metricFormat';
import { ActivityHeatmap } from './ActivityHeatmap';
import { DurationHistogram } from './DurationHistogram';
import { GroupInsightsTable } from './GroupInsightsTable';
import { OrgTrendCharts } from './OrgTrendCharts';

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(3),
  },
  teamSelect: { minWidth: 200 },
}));

/** Periods longer than this are charted per week (day bars get too thin). */
const MAX_DAILY_CHART_DAYS = 92;

/** Every service's deployments and failure rate over the period. */
function OrgTrends(props: { from: string; to: string }) {
  const { from, to } = props;
  const bucket = periodDays({ from, to }) > MAX_DAILY_CHART_DAYS ? 'week' : 'day';
  const { value, error, retry } = useMetrics({ from, to }, bucket);
  let body;
  if (error && !value) body = <ProblemPanel error={error} onRetry={retry} />;
  else if (!value) body = <Progress />;
  else body = <OrgTrendCharts metrics={value} />;
  return (
    <InfoCard
      title="Deployment frequency and failures"
      subheader={`All services, production environments${
        value ? ` (${value.environments.join(', ')})` : ''
      }`}
      noPadding
    >
      <div data-testid="org-trends">{body}</div>
    </InfoCard>
  );
}

/** The heatmap's team filter (`?team=`), from the teams the page lists. */
function useActivityTeam(): [string | undefined, (team: string) => void] {
  const [params, setParams] = useSearchParams();
  const team = params.get('team') || undefined;
  const setTeam = useCallback(
    (next: string) =>
      setParams(
        prev => {
          const updated = new URLSearchParams(prev);
          if (next) updated.set('team', next);
          else updated.delete('team');
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [team, setTeam];
}

function Activity(props: { from: string; to: string; teams: string[] }) {
  const { from, to, teams } = props;
  const classes = useStyles();
  const [team, setTeam] = useActivityTeam();
  const tz = browserTimeZone();
  const { value, error, retry } = useActivity({ from, to, tz, team });
  const options = team && !teams.includes(team) ? [team, ...teams] : teams;
  const teamPicker = (
    <TextField
      select
      id="activity-team"
      size="small"
      variant="outlined"
      label="Team"
      value={team ?? ''}
      onChange={e => setTeam(e.target.value)}
      className={classes.teamSelect}
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
    >
      <MenuItem value="">All teams</MenuItem>
      {options.map(ref => (
        <MenuItem key={ref} value={ref}>
          {ref}
        </MenuItem>
      ))}
    </TextField>
  );
  const problem = error && !value ? <ProblemPanel error={error} onRetry={retry} /> : undefined;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={7}>
        <InfoCard
          title="When teams deploy"
          subheader={`Production successes and failures by weekday and hour, ${tz}`}
          action={teamPicker}
        >
          {problem ?? (value ? <ActivityHeatmap activity={value} /> : <Progress />)}
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={5}>
        <InfoCard title="How long deployments take" subheader="Successful production runs, first event to success">
          {problem ??
            (value ? <DurationHistogram durations={value.durations} /> : <Progress />)}
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/**
 * `/deployments/insights`: DORA per team and per system with their trends,
 * the organisation's deployment and failure trend, when deploys happen and
 * how long they take, all over the period in the URL.
 */
export function InsightsPage() {
  return (
    <Page themeId="tool">
      <InsightsPageBody />
    </Page>
  );
}

function InsightsPageBody() {
  const classes = useStyles();
  const { from, to } = usePeriod();
  const matrixLink = useMatrixPageLink();
  const teams = useGroupInsights('team', from, to);
  const systems = useGroupInsights('system', from, to);
  const teamRefs = (teams.value?.items ?? [])
    .map(row => row.ref)
    .filter((ref): ref is string => ref !== null && ref.startsWith('group:'));
  const previous = teams.value?.previous ?? systems.value?.previous;

  return (
    <>
      <Header title="Deployment insights" subtitle="DORA per team and system, and when and how fast deploys happen">
        <HeaderLinkButton to={matrixLink} icon={<ViewModule />}>
          Matrix
        </HeaderLinkButton>
      </Header>
      <Content>
        <div className={classes.toolbar}>
          <PeriodPicker />
          <Typography variant="body2" color="textSecondary" data-testid="period-summary">
            {formatPeriod(from, to)}
            {previous
              ? ` · trends against ${formatPeriod(previous.from, previous.to)}`
              : ''}
          </Typography>
        </div>
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <OrgTrends from={from} to={to} />
          </Grid>
          <Grid item xs={12} lg={6}>
            <GroupInsightsTable
              title="DORA per team"
              groupLabel="Team"
              nullLabel="Unowned"
              result={teams}
            />
          </Grid>
          <Grid item xs={12} lg={6}>
            <GroupInsightsTable
              title="DORA per system"
              groupLabel="System"
              nullLabel="No system"
              result={systems}
            />
          </Grid>
          <Grid item xs={12}>
            <Activity from={from} to={to} teams={teamRefs} />
          </Grid>
        </Grid>
      </Content>
    </>
  );
}
