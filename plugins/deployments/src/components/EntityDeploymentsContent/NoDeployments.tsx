import { useMemo } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useApi, configApiRef } from '@backstage/core-plugin-api';
import { CopyTextButton, EmptyState } from '@backstage/core-components';
import { curlCommand } from './curlCommand';

const useStyles = makeStyles(theme => ({
  command: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    maxWidth: 900,
  },
  pre: {
    flex: 1,
    // The flex item may shrink below the command's width and scroll.
    minWidth: 0,
    margin: 0,
    padding: theme.spacing(1.5),
    // A command is copied, not read in pieces: no line breaks inside its
    // words (issue 18); it scrolls sideways where it does not fit.
    whiteSpace: 'pre',
    overflowX: 'auto',
    fontSize: theme.typography.body2.fontSize,
    backgroundColor: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
}));

/** Empty state that tells exactly how to record a first deployment. */
export function NoDeployments(props: { service: string }) {
  const classes = useStyles();
  const config = useApi(configApiRef);
  const backendUrl = config.getOptionalString('backend.baseUrl');
  const command = useMemo(() => curlCommand(props.service), [props.service]);
  return (
    <EmptyState
      missing="data"
      title={`No deployments recorded for ${props.service}`}
      description={`Deployments of the service "${props.service}" appear here once your pipeline reports them. Post an event at the start and end of each deployment:`}
      action={
        <div data-testid="deployments-empty-state">
          <div className={classes.command}>
            <pre className={classes.pre}>
              <code data-testid="deployments-curl-command">{command}</code>
            </pre>
            <CopyTextButton text={command} aria-label="Copy command" />
          </div>
          <Typography variant="body2" color="textSecondary">
            Set DASHBOARD_URL to the Backstage backend URL
            {backendUrl ? ` (${backendUrl})` : ''} and KEY to a deployments
            ingest API key. Use the annotation deployments/service-name if the
            pipeline names this service differently.
          </Typography>
        </div>
      }
    />
  );
}
