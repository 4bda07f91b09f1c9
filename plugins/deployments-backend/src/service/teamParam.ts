import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { singleParam } from './historyQuery';

const MESSAGE = "Query parameter 'team' must be a Group entity ref such as group:default/payments";

/**
 * `team` of `GET /matrix` and `GET /metrics`: a Group entity ref, completed
 * as the catalog completes an owner (kind `group`, namespace `default`) and
 * lower-cased. Any other kind is refused, not silently read as no team; a
 * group the catalog does not know is a valid team that owns nothing.
 */
export function teamParam(query: Record<string, unknown>): string | undefined {
  const team = singleParam(query, 'team');
  if (team === undefined) return undefined;
  let ref: string;
  try {
    ref = stringifyEntityRef(parseEntityRef(team, { defaultKind: 'group', defaultNamespace: 'default' }));
  } catch {
    throw new InputError(MESSAGE);
  }
  if (!ref.startsWith('group:')) throw new InputError(MESSAGE);
  return ref;
}
