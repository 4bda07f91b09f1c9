import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** What one configured key may post: service name patterns and environments. */
export interface KeyScope {
  services?: RegExp[];
  environments?: string[];
}

/**
 * Who sent an ingest: a configured key (by name, never the key), a Backstage
 * service, or a pull-mode provider importing on its own.
 */
export type IngestSender =
  | { kind: 'key'; name: string; scope: KeyScope }
  | { kind: 'service'; subject: string; credentials: BackstageCredentials }
  | { kind: 'provider'; name: string };

/** How a sender appears in logs and audit events: never a key itself. */
export function describeSender(sender: IngestSender): string {
  switch (sender.kind) {
    case 'key':
      return `key:${sender.name}`;
    case 'service':
      return `service:${sender.subject}`;
    default:
      return `provider:${sender.name}`;
  }
}

/** Why a key may not post this event, or undefined when it may. */
export function outOfScope(
  scope: KeyScope,
  event: { service: string; environment: string },
  what = 'deployments',
): string | undefined {
  if (scope.services && !scope.services.some(re => re.test(event.service))) {
    return `This key may not post ${what} of service '${event.service}'`;
  }
  if (scope.environments && !scope.environments.includes(event.environment)) {
    return `This key may not post ${what} to environment '${event.environment}'`;
  }
  return undefined;
}
