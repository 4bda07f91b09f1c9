import Link from '@material-ui/core/Link';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';

/**
 * Link to the CI run of an event, when it has one. Always external, so a
 * plain anchor: lighter than the routing-aware Backstage Link in 2,400 cells.
 */
export function RunLink(props: { event: DeploymentEvent; label?: string }) {
  const { event } = props;
  // The backend only accepts http(s) URLs; checked again so no other scheme
  // (e.g. javascript:) could ever become a clickable link.
  if (!event.run_url || !/^https?:\/\//i.test(event.run_url)) return null;
  const text =
    event.run_number !== null && event.run_number !== undefined
      ? `Run #${event.run_number}`
      : 'Run';
  return (
    <Link
      href={event.run_url}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={
        props.label ??
        `CI run for ${event.service} in ${event.environment} (opens in a new tab)`
      }
      onClick={e => e.stopPropagation()}
    >
      {text}
    </Link>
  );
}
