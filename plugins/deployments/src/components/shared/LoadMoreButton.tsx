import Button from '@material-ui/core/Button';

/** "Load more" under a paged list; says "Loading…" while the page comes. */
export function LoadMoreButton(props: {
  onClick: () => void;
  loading: boolean;
  /** What it loads, for screen readers: "Load older deployments". */
  label: string;
  variant?: 'text' | 'outlined';
  className?: string;
}) {
  return (
    <Button
      variant={props.variant ?? 'outlined'}
      className={props.className}
      onClick={props.onClick}
      disabled={props.loading}
      aria-label={props.label}
    >
      {props.loading ? 'Loading…' : 'Load more'}
    </Button>
  );
}
