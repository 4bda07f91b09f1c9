import { useMemo, useState } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, Link, Progress } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  GroupInsightsResponse,
  GroupInsightsRow,
} from '@deploydash/plugin-deployments-common';
import { RefreshableResult } from '../../hooks/useRefreshable';
import { useEntityLink } from '../../hooks/useLinks';
import { ProblemPanel } from '../shared/ProblemPanel';
import { BandChip } from '../Insights/BandChip';
import { formatPeriod, plural } from '../Insights/metricFormat';
import {
  METRIC_COLUMNS,
  SortDirection,
  SortKey,
  sortRows,
  trendOf,
} from './groupColumns';
import { TrendDelta } from './TrendDelta';

const useStyles = makeStyles(theme => ({
  // The table scrolls inside its card, never the page, when it must.
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: {
    // MUI's small cells pad 24 px on the right: too much for five columns side by side.
    '& th, & td': { padding: theme.spacing(0.75, 1) },
    '& th:first-child, & td:first-child': { paddingLeft: theme.spacing(2) },
  },
  metric: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: 2,
  },
  head: { whiteSpace: 'nowrap' },
  name: { overflowWrap: 'anywhere', minWidth: 104 },
  legend: {
    display: 'block',
    padding: theme.spacing(1, 2),
    color: theme.palette.text.secondary,
  },
  empty: { padding: theme.spacing(2) },
}));

/** "payments" for a ref in the default namespace, else "namespace/name". */
function shortName(ref: string): string {
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

const ariaSort = (active: boolean, direction: SortDirection) => {
  if (!active) return undefined;
  return direction === 'asc' ? 'ascending' : 'descending';
};

function GroupRow(props: {
  row: GroupInsightsRow;
  thresholds: GroupInsightsResponse['thresholds'];
  nullLabel: string;
  entityLink: (ref: string) => string;
}) {
  const { row, thresholds, nullLabel, entityLink } = props;
  const classes = useStyles();
  return (
    <TableRow data-testid="group-row" data-ref={row.ref ?? ''}>
      <TableCell component="th" scope="row" className={classes.name}>
        {row.ref ? (
          <Link to={entityLink(row.ref)} title={row.ref}>
            {shortName(row.ref)}
          </Link>
        ) : (
          <Typography variant="body2" component="span">
            {nullLabel}
          </Typography>
        )}
        <Typography
          variant="caption"
          color="textSecondary"
          component="div"
          data-testid="group-services"
        >
          {plural(row.services, 'service')}
        </Typography>
      </TableCell>
      {METRIC_COLUMNS.map(column => (
        <TableCell key={column.key} data-metric={column.key}>
          <div className={classes.metric}>
            <Typography variant="body2" component="span">
              {column.format(column.value(row.current))}
            </Typography>
            <BandChip
              compact
              band={column.band(row.current)}
              thresholds={column.thresholds(thresholds)}
              metric={column.label}
            />
            <TrendDelta trend={trendOf(column, row.current, row.previous)} />
          </div>
        </TableCell>
      ))}
    </TableRow>
  );
}

export interface GroupInsightsTableProps {
  title: string;
  /** Names the row of services without a team or system. */
  nullLabel: string;
  /** The first column's header: "Team" or "System". */
  groupLabel: string;
  result: RefreshableResult<GroupInsightsResponse>;
}

/**
 * DORA per team or per system, sortable by every column: each metric with
 * its band and its change against the previous period of the same length.
 */
export function GroupInsightsTable(props: GroupInsightsTableProps) {
  const { title, nullLabel, groupLabel, result } = props;
  const classes = useStyles();
  const entityLink = useEntityLink();
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>(
    { key: 'name', direction: 'asc' },
  );
  const response = result.value;
  const rows = useMemo(
    () => (response ? sortRows(response.items, sort.key, sort.direction) : []),
    [response, sort],
  );
  const sortBy = (key: SortKey) =>
    setSort(previous => {
      if (previous.key === key) {
        return {
          key,
          direction: previous.direction === 'asc' ? 'desc' : 'asc',
        };
      }
      // Names A→Z first; numbers largest first.
      return { key, direction: key === 'name' ? 'asc' : 'desc' };
    });

  const header = (key: SortKey, label: string) => (
    <TableCell
      key={key}
      className={classes.head}
      sortDirection={sort.key === key ? sort.direction : false}
      aria-sort={ariaSort(sort.key === key, sort.direction)}
    >
      <TableSortLabel
        active={sort.key === key}
        direction={sort.key === key ? sort.direction : 'asc'}
        onClick={() => sortBy(key)}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );

  let body;
  if (result.error && !response) {
    body = <ProblemPanel error={result.error} onRetry={result.retry} />;
  } else if (!response) {
    body = <Progress />;
  } else if (response.items.length === 0) {
    body = (
      <Typography className={classes.empty} color="textSecondary">
        No deployments yet: rows appear once services post deployments.
      </Typography>
    );
  } else {
    body = (
      <div className={classes.scroll}>
        <Table size="small" className={classes.table} aria-label={title}>
          <TableHead>
            <TableRow>
              {header('name', groupLabel)}
              {METRIC_COLUMNS.map(c => header(c.key, c.label))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map(row => (
              <GroupRow
                key={row.ref ?? ''}
                row={row}
                thresholds={response.thresholds}
                nullLabel={nullLabel}
                entityLink={entityLink}
              />
            ))}
          </TableBody>
        </Table>
        <Typography variant="caption" className={classes.legend}>
          Arrows: the change against the previous period; ✓ better, ! worse.
        </Typography>
      </div>
    );
  }

  const subheader = response
    ? `${plural(response.items.length, groupLabel.toLowerCase())} · trends against ${formatPeriod(
        response.previous.from,
        response.previous.to,
      )}`
    : undefined;
  return (
    <div data-testid={`group-insights-${groupLabel.toLowerCase()}`}>
      <InfoCard title={title} subheader={subheader} noPadding>
        {body}
      </InfoCard>
    </div>
  );
}
