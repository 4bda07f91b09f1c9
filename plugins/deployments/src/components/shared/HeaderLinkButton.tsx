import { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';

const useStyles = makeStyles(theme => ({
  link: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.5, 1.5),
    border: '1px solid currentColor',
    borderRadius: theme.shape.borderRadius,
    // The header's own text colour, so it reads on the banner in both themes.
    color: 'inherit',
    fontWeight: theme.typography.fontWeightMedium as number,
    whiteSpace: 'nowrap',
    '&:hover, &:focus-visible': {
      textDecoration: 'none',
      backgroundColor: 'rgba(255, 255, 255, 0.15)',
    },
  },
}));

/**
 * A link between the plugin's pages, for a Backstage page Header: outlined
 * like a button, but a link (it navigates), in the header's text colour.
 */
export function HeaderLinkButton(props: {
  to: string;
  icon?: ReactNode;
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    <Link to={props.to} className={classes.link} underline="none">
      {props.icon}
      {props.children}
    </Link>
  );
}
