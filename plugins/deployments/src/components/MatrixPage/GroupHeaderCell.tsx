import ButtonBase from '@material-ui/core/ButtonBase';
import TableCell from '@material-ui/core/TableCell';
import { makeStyles } from '@material-ui/core/styles';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { DisplayColumn } from './environmentColumns';

const useStyles = makeStyles(theme => ({
  // An expanded group's members: a bar over their headers joins them.
  member: {
    '&&': {
      borderTop: `3px solid ${theme.palette.primary.main}`,
      paddingTop: 0,
      paddingBottom: 0,
    },
  },
  lines: {
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'center',
    minWidth: 0,
  },
  caption: {
    display: 'flex',
    alignItems: 'center',
    height: 16,
    fontSize: theme.typography.caption.fontSize,
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  name: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    lineHeight: '18px',
  },
  toggle: {
    maxWidth: '100%',
    justifyContent: 'flex-start',
    gap: theme.spacing(0.5),
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.25, 0.5),
    margin: theme.spacing(0, -0.5),
    font: 'inherit',
    color: 'inherit',
    '&:hover': { backgroundColor: theme.palette.action.hover },
    '&:focus-visible, &.Mui-focusVisible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  },
  icon: { fontSize: 18, flex: '0 0 auto' },
  count: { color: theme.palette.text.secondary, fontWeight: 'normal' as const },
}));

/**
 * The header of a collapsed group (a button that expands it) or of an
 * expanded group's member (the group's name above the member's, the first
 * member with the button that collapses it).
 */
export function GroupHeaderCell(props: {
  column: DisplayColumn;
  className: string;
  onToggle: (group: string) => void;
}) {
  const classes = useStyles();
  const { column, className, onToggle } = props;
  if (column.kind === 'group') {
    const { name, environments } = column.group;
    return (
      <TableCell
        component="th"
        scope="col"
        role="columnheader"
        className={className}
        title={`${name}: ${environments.join(', ')}`}
        data-column-name={name}
        data-column-group={name}
        data-testid="deployments-matrix-column"
      >
        <ButtonBase
          className={classes.toggle}
          aria-expanded={false}
          aria-label={`Expand ${name} into ${
            environments.length
          } environments: ${environments.join(', ')}`}
          data-group-toggle={name}
          tabIndex={-1}
          onClick={() => onToggle(name)}
        >
          <ChevronRightIcon className={classes.icon} aria-hidden />
          <span className={classes.name}>{name}</span>
          <span className={classes.count} aria-hidden>
            ({environments.length})
          </span>
        </ButtonBase>
      </TableCell>
    );
  }
  const group = column.group!;
  return (
    <TableCell
      component="th"
      scope="col"
      role="columnheader"
      className={`${className} ${classes.member}`}
      title={`${column.environment} (${group.name})`}
      data-column-name={column.environment}
      data-column-member-of={group.name}
      data-testid="deployments-matrix-column"
    >
      <div className={classes.lines}>
        <span className={classes.caption}>
          {group.first ? (
            <ButtonBase
              className={classes.toggle}
              aria-expanded
              aria-label={`Collapse ${group.name} into one column`}
              data-group-toggle={group.name}
              tabIndex={-1}
              onClick={() => onToggle(group.name)}
            >
              <ExpandMoreIcon className={classes.icon} aria-hidden />
              {group.name}
            </ButtonBase>
          ) : (
            <span aria-hidden>{group.name}</span>
          )}
        </span>
        <span className={classes.name}>{column.environment}</span>
      </div>
    </TableCell>
  );
}
