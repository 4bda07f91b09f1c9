import { useEffect, useRef, useState } from 'react';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowDownwardIcon from '@material-ui/icons/ArrowDownward';
import ArrowUpwardIcon from '@material-ui/icons/ArrowUpward';
import ViewColumnIcon from '@material-ui/icons/ViewColumn';
import {
  ColumnEntry,
  ColumnGroup,
  moveColumn,
  setColumnHidden,
} from '../../hooks/columnsParam';
import { ToolbarMenu } from './ToolbarMenu';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: theme.spacing(1, 0), padding: 0 },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    minHeight: 40,
  },
  label: {
    flex: 1,
    minWidth: 0,
    display: 'flex',
    alignItems: 'center',
    cursor: 'pointer',
  },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  members: {
    display: 'block',
    color: theme.palette.text.secondary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  hint: { color: theme.palette.text.secondary },
  footer: { display: 'flex', justifyContent: 'flex-end' },
}));

export interface ColumnsMenuProps {
  /** Every column, in the chosen order. */
  layout: ColumnEntry[];
  /** The matrix's groups: a group is one entry, named by the group. */
  groups?: ColumnGroup[];
  onChange: (layout: ColumnEntry[]) => void;
  onReset: () => void;
}

type Direction = 'up' | 'down';

/**
 * "Columns": shows or hides each environment column (a group as one) and
 * moves it up or down, with buttons, so a keyboard does it all. The choice
 * is in the page URL (`?columns=`); Reset brings back the matrix's own.
 */
export function ColumnsMenu(props: ColumnsMenuProps) {
  const { layout, groups = [], onChange, onReset } = props;
  const classes = useStyles();
  const panel = useRef<HTMLDivElement>(null);
  // The button pressed last keeps the focus as its column moves; at the
  // end of the list the other direction's button takes it.
  const [refocus, setRefocus] = useState<{ key: string; dir: Direction }>();
  useEffect(() => {
    if (!refocus || !panel.current) return;
    const find = (dir: Direction) =>
      [
        ...panel.current!.querySelectorAll<HTMLButtonElement>('[data-move]'),
      ].find(b => b.dataset.move === `${dir}:${refocus.key}`);
    const same = find(refocus.dir);
    const other = find(refocus.dir === 'up' ? 'down' : 'up');
    (same && !same.disabled ? same : other)?.focus();
    setRefocus(undefined);
  }, [refocus, layout]);

  const hidden = layout.filter(e => e.hidden).length;
  const membersOf = new Map(groups.map(g => [g.name, g.environments]));
  const move = (key: string, dir: Direction) => {
    onChange(moveColumn(layout, key, dir === 'up' ? -1 : 1));
    setRefocus({ key, dir });
  };

  return (
    <ToolbarMenu
      label={`Columns${hidden ? ` (${hidden} hidden)` : ''}`}
      icon={<ViewColumnIcon aria-hidden />}
      title="Columns"
      testId="matrix-columns"
    >
      {() => (
        <div ref={panel}>
          <Typography variant="caption" className={classes.hint}>
            Shown first to last; the link keeps the choice.
          </Typography>
          {layout.length === 0 && (
            <Typography variant="body2" className={classes.hint}>
              The columns show once the matrix has loaded.
            </Typography>
          )}
          <ul className={classes.list}>
            {layout.map((entry, i) => {
              const members = membersOf.get(entry.key);
              const id = `matrix-column-${i}`;
              return (
                <li
                  key={entry.key}
                  className={classes.item}
                  data-testid="matrix-columns-item"
                  data-column={entry.key}
                  data-hidden={entry.hidden ? 'true' : 'false'}
                >
                  <label className={classes.label} htmlFor={id}>
                    <Checkbox
                      id={id}
                      size="small"
                      color="primary"
                      checked={!entry.hidden}
                      onChange={(_, checked) =>
                        onChange(setColumnHidden(layout, entry.key, !checked))
                      }
                      inputProps={{ 'aria-label': `Show ${entry.key}` }}
                    />
                    <span className={classes.name}>
                      {entry.key}
                      {members && (
                        <Typography
                          variant="caption"
                          component="span"
                          className={classes.members}
                        >
                          Group: {members.join(', ')}
                        </Typography>
                      )}
                    </span>
                  </label>
                  <IconButton
                    size="small"
                    aria-label={`Move ${entry.key} up`}
                    disabled={i === 0}
                    onClick={() => move(entry.key, 'up')}
                    data-move={`up:${entry.key}`}
                  >
                    <ArrowUpwardIcon fontSize="small" />
                  </IconButton>
                  <IconButton
                    size="small"
                    aria-label={`Move ${entry.key} down`}
                    disabled={i === layout.length - 1}
                    onClick={() => move(entry.key, 'down')}
                    data-move={`down:${entry.key}`}
                  >
                    <ArrowDownwardIcon fontSize="small" />
                  </IconButton>
                </li>
              );
            })}
          </ul>
          <div className={classes.footer}>
            <Button size="small" onClick={onReset}>
              Reset columns
            </Button>
          </div>
        </div>
      )}
    </ToolbarMenu>
  );
}
