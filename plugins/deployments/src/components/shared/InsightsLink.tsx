import { makeStyles } from '@material-ui/core/styles';
import Assessment from '@material-ui/icons/Assessment';
import { useInsightsPageLink } from '../../hooks/useInsightsLink';
import { HeaderLinkButton } from './HeaderLinkButton';

const useStyles = makeStyles(theme => ({
  root: { marginLeft: theme.spacing(2), display: 'inline-flex' },
}));

/** "Insights" in the matrix page's header: the organisation insights page. */
export function InsightsLink() {
  const classes = useStyles();
  return (
    <span className={classes.root}>
      <HeaderLinkButton to={useInsightsPageLink()} icon={<Assessment />}>
        Insights
      </HeaderLinkButton>
    </span>
  );
}
