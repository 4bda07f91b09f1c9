import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import {
  PromotionChange,
  PromotionStage,
} from '@deploydash/plugin-deployments-common';
import { RelativeTime } from '../shared/RelativeTime';
import { shortSha } from '../shared/format';

const useStyles = makeStyles(theme => ({
  changes: {
    borderTop: `1px solid ${theme.palette.divider}`,
    paddingTop: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
  },
  toggle: { textTransform: 'none' },
  list: {
    listStyle: 'none',
    margin: 0,
    padding: theme.spacing(0, 0, 0, 4.5),
  },
  commit: {
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1.5),
    padding: theme.spacing(0.25, 0),
  },
  sha: { fontFamily: 'monospace' },
  quiet: { color: theme.palette.text.secondary },
  more: {
    paddingLeft: theme.spacing(4.5),
    color: theme.palette.text.secondary,
  },
}));

/** Only http(s) links are ever clickable (the backend builds nothing else). */
const safeUrl = (url: string | null) =>
  url && /^https?:\/\//i.test(url) ? url : null;

function CommitItem(props: { change: PromotionChange }) {
  const { change } = props;
  const classes = useStyles();
  const url = safeUrl(change.url);
  const sha = (
    <code className={classes.sha} title={change.sha}>
      {shortSha(change.sha)}
    </code>
  );
  return (
    <li
      className={classes.commit}
      data-testid="promotion-change"
      data-sha={change.sha}
    >
      {url ? (
        <Link
          href={url}
          target="_blank"
          rel="noopener noreferrer"
          aria-label={`Commit ${shortSha(change.sha)} (opens in a new tab)`}
        >
          {sha}
        </Link>
      ) : (
        sha
      )}
      <Typography variant="caption" className={classes.quiet}>
        {change.authored_at ? (
          <>
            authored <RelativeTime iso={change.authored_at} />
          </>
        ) : (
          'authored at an unknown time'
        )}
      </Typography>
    </li>
  );
}

let lastId = 0;

/**
 * "3 changes waiting for prod": the commits the lower environment runs that
 * this stage has not shipped, behind a button that lists them (linked to
 * their repository when it is known), with a link to the compare view.
 * Nothing when no commit waits.
 */
export function PromotionChanges(props: { stage: PromotionStage }) {
  const { stage } = props;
  const { changes } = stage;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const [listId] = useState(() => `promotion-changes-${++lastId}`);
  if (!changes || changes.total === 0) return null;
  const noun = changes.total === 1 ? 'change' : 'changes';
  const title = `${changes.total} ${noun} waiting for ${stage.environment}`;
  const more = changes.total - changes.items.length;
  const compare = safeUrl(changes.compare_url);
  return (
    <section
      className={classes.changes}
      data-testid="promotion-changes"
      data-environment={stage.environment}
      aria-label={`Changes waiting for ${stage.environment}`}
    >
      <div className={classes.header}>
        <Button
          size="small"
          className={classes.toggle}
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          startIcon={
            open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />
          }
          onClick={() => setOpen(o => !o)}
        >
          {title}
        </Button>
        {compare && (
          <Link
            href={compare}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Compare ${stage.environment} with ${stage.previous_environment} (opens in a new tab)`}
            variant="body2"
          >
            Compare
          </Link>
        )}
      </div>
      {open && (
        <div id={listId}>
          <ol className={classes.list} aria-label={title}>
            {changes.items.map(change => (
              <CommitItem key={change.sha} change={change} />
            ))}
          </ol>
          {more > 0 && (
            <Typography variant="body2" className={classes.more}>
              and {more} more
            </Typography>
          )}
        </div>
      )}
    </section>
  );
}
