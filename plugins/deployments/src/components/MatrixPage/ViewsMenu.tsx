import { useState } from 'react';
import { useHref, useLocation, useSearchParams } from 'react-router-dom';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import IconButton from '@material-ui/core/IconButton';
import Snackbar from '@material-ui/core/Snackbar';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import BookmarksIcon from '@material-ui/icons/Bookmarks';
import CheckIcon from '@material-ui/icons/Check';
import DeleteIcon from '@material-ui/icons/Delete';
import {
  MAX_VIEWS,
  SavedView,
  paramsWithView,
  showsView,
  viewOfParams,
} from '../../hooks/savedViews';
import { useSavedViews } from '../../hooks/useSavedViews';
import { LinkDialog } from './LinkDialog';
import { SaveViewDialog } from './SaveViewDialog';
import { ToolbarMenu } from './ToolbarMenu';

const useStyles = makeStyles(theme => ({
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    margin: theme.spacing(1, 0),
  },
  list: {
    listStyle: 'none',
    margin: theme.spacing(1, 0),
    padding: 0,
    maxHeight: 320,
    overflowY: 'auto',
  },
  item: { display: 'flex', alignItems: 'center', gap: theme.spacing(0.5) },
  apply: {
    flex: 1,
    minWidth: 0,
    justifyContent: 'flex-start',
    textTransform: 'none',
    textAlign: 'left',
  },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  note: { color: theme.palette.text.secondary, display: 'block' },
}));

/** The full address of the page as it is now (search included). */
function useCurrentLink(): string {
  const location = useLocation();
  const href = useHref({
    pathname: location.pathname,
    search: location.search,
    hash: location.hash,
  });
  return new URL(href, window.location.origin).toString();
}

/**
 * "Views": saves the columns and filters on screen under a name (per user,
 * in the StorageApi), applies or deletes a saved view, copies the link of
 * the view on screen, and resets columns and filters.
 */
export function ViewsMenu() {
  const classes = useStyles();
  const { views, save, remove } = useSavedViews();
  const [params, setParams] = useSearchParams();
  const link = useCurrentLink();
  const [saving, setSaving] = useState(false);
  const [manualLink, setManualLink] = useState<string>();
  const [message, setMessage] = useState<string>();
  const current = views.find(v => showsView(params, v));
  const full = views.length >= MAX_VIEWS;

  const show = (view?: Omit<SavedView, 'name'>) =>
    setParams(prev => paramsWithView(prev, view), { replace: true });
  const apply = (view: SavedView) => {
    show(view);
    setMessage(`Showing the view “${view.name}”`);
  };
  const reset = () => {
    show(undefined);
    setMessage('Columns and filters reset');
  };
  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setMessage('Link copied');
    } catch {
      setManualLink(link);
    }
  };
  const onSave = async (name: string) => {
    const outcome = await save(viewOfParams(params, name));
    if (outcome === 'full') {
      throw new Error(`${MAX_VIEWS} views are saved, the most there can be.`);
    }
    setSaving(false);
    setMessage(
      outcome === 'replaced'
        ? `Replaced the view “${name}”`
        : `Saved the view “${name}”`,
    );
  };
  const onDelete = async (name: string) => {
    try {
      await remove(name);
      setMessage(`Deleted the view “${name}”`);
    } catch (error) {
      setMessage(`Not deleted: ${(error as Error).message}`);
    }
  };

  return (
    <>
      <ToolbarMenu
        label={current ? `View: ${current.name}` : 'Views'}
        icon={<BookmarksIcon aria-hidden />}
        title="Views"
        testId="matrix-views"
      >
        {close => (
          <>
            <div className={classes.actions}>
              <Button
                size="small"
                variant="outlined"
                onClick={() => {
                  close();
                  setSaving(true);
                }}
              >
                Save current view…
              </Button>
              <Button
                size="small"
                variant="outlined"
                onClick={() => {
                  close();
                  copy();
                }}
              >
                Copy link
              </Button>
              <Button
                size="small"
                onClick={() => {
                  close();
                  reset();
                }}
              >
                Reset
              </Button>
            </div>
            <Divider />
            {views.length === 0 ? (
              <Typography variant="body2" className={classes.note}>
                No saved views yet: save the columns and filters on screen under
                a name to come back to them.
              </Typography>
            ) : (
              <ul className={classes.list} aria-label="Saved views">
                {views.map(view => {
                  const active = view === current;
                  return (
                    <li
                      key={view.name}
                      className={classes.item}
                      data-testid="saved-view"
                      data-name={view.name}
                    >
                      <Button
                        className={classes.apply}
                        onClick={() => {
                          close();
                          apply(view);
                        }}
                        aria-current={active ? 'true' : undefined}
                        startIcon={
                          active ? (
                            <CheckIcon aria-hidden fontSize="small" />
                          ) : undefined
                        }
                        title={view.name}
                      >
                        <span className={classes.name}>{view.name}</span>
                      </Button>
                      <IconButton
                        size="small"
                        aria-label={`Delete the view ${view.name}`}
                        onClick={() => onDelete(view.name)}
                      >
                        <DeleteIcon fontSize="small" />
                      </IconButton>
                    </li>
                  );
                })}
              </ul>
            )}
            <Typography
              variant="caption"
              className={classes.note}
              data-testid="saved-views-count"
            >
              {full
                ? `${MAX_VIEWS} of ${MAX_VIEWS} views saved, the most there can be: delete one to save another.`
                : `${views.length} of ${MAX_VIEWS} views saved.`}
            </Typography>
          </>
        )}
      </ToolbarMenu>
      {saving && (
        <SaveViewDialog
          views={views}
          initialName={current?.name}
          onSave={onSave}
          onClose={() => setSaving(false)}
        />
      )}
      {manualLink && (
        <LinkDialog
          link={manualLink}
          onClose={() => setManualLink(undefined)}
        />
      )}
      <Snackbar
        open={Boolean(message)}
        message={message}
        autoHideDuration={4000}
        onClose={(_, reason) => reason !== 'clickaway' && setMessage(undefined)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        ContentProps={{ role: 'status' } as object}
        data-testid="views-snackbar"
      />
    </>
  );
}
