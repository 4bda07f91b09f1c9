import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { WarningPanel } from '@backstage/core-components';
import { FieldError } from '@deploydash/plugin-deployments-common';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';

const useStyles = makeStyles(theme => ({
  fields: { margin: theme.spacing(0, 0, 1), paddingLeft: theme.spacing(3) },
}));

export interface ProblemPanelProps {
  error: Error;
  /** Shows a Retry button; leave out where the hook retries by itself. */
  onRetry?: () => void;
}

interface Problem {
  title: string;
  detail?: string;
  fieldErrors: FieldError[];
}

function problemOf(error: Error): Problem {
  if (error instanceof DeploymentsApiError) return error;
  // E.g. the network is down: fetch rejects before any response exists.
  return { title: 'Request failed', detail: error.message, fieldErrors: [] };
}

/**
 * A failed request as a person should read it: the problem's title and
 * detail, and each rejected field in a list; never the raw response body.
 */
export function ProblemPanel(props: ProblemPanelProps) {
  const { error, onRetry } = props;
  const classes = useStyles();
  const { title, detail, fieldErrors } = problemOf(error);
  const hasMore = fieldErrors.length > 0 || Boolean(onRetry);

  return (
    <WarningPanel
      severity="error"
      title={title}
      message={detail}
      defaultExpanded
    >
      {hasMore ? (
        <>
          {fieldErrors.length > 0 && (
            <ul className={classes.fields} aria-label="Rejected fields">
              {fieldErrors.map((f, i) => (
                <li key={`${i}:${f.field}`}>
                  {f.field ? (
                    <>
                      <code>{f.field}</code> {f.message}
                    </>
                  ) : (
                    f.message
                  )}
                </li>
              ))}
            </ul>
          )}
          {onRetry && (
            <Button variant="outlined" size="small" onClick={onRetry}>
              Retry
            </Button>
          )}
        </>
      ) : undefined}
    </WarningPanel>
  );
}
