import { formatAbsolute, formatRelative } from './format';
import { useNow } from './clock';

/** "5 minutes ago", with the absolute time in the tooltip. */
export function RelativeTime(props: { iso: string; className?: string }) {
  // Subscribes to the shared tick; the label itself uses the exact time.
  useNow();
  return (
    <time
      dateTime={props.iso}
      title={formatAbsolute(props.iso)}
      className={props.className}
    >
      {formatRelative(props.iso, Date.now())}
    </time>
  );
}
