import { z } from 'zod';
import { contractSchemas, DeploymentEvent, deploymentEventSchema } from './eventSchema';

/*
 * Freeze windows: this project's extension of the contract (docs/api.md
 * "Freeze windows"). Visibility, not enforcement: ingest accepts events
 * inside a freeze; reads flag them with `in_freeze`.
 */

/** The `in_freeze` mark of an event read back. @public */
export const freezeMarkSchema = z
  .strictObject({
    name: z.string().min(1).max(100),
    reason: z.string().min(1).max(500),
  })
  .meta({ description: 'The configured freeze window an event happened in: its name and why it is frozen.' });
contractSchemas.add(freezeMarkSchema, { id: 'FreezeMark' });

/**
 * The freeze an event happened in, as `in_freeze` names it.
 *
 * @public
 */
export type FreezeMark = z.infer<typeof freezeMarkSchema>;

/**
 * An event as history (`GET /`), one event (`GET /{id}`) and runs
 * (`GET /runs`) return it: the stored event plus `in_freeze`, computed when
 * read from the configured freeze windows.
 *
 * @public
 */
export const readEventSchema = deploymentEventSchema
  .extend({
    in_freeze: freezeMarkSchema.nullable().meta({
      description:
        'The first configured freeze window (docs/api.md "Freeze windows") covering the event\'s service and environment whose window holds its `happened_at`, or null. Computed when read; this project\'s extension.',
    }),
  })
  .meta({
    description:
      'An event as history, one event and runs return it: the stored event (`Event`) plus `in_freeze`. Exactly these keys.',
  });
contractSchemas.add(readEventSchema, { id: 'ReadEvent' });

/**
 * An event that may carry `in_freeze`: history, one event and runs set it;
 * the ingest answer, the stream and the matrix do not.
 *
 * @public
 */
export type FreezeFlaggedEvent = DeploymentEvent & { in_freeze?: FreezeMark | null };

/**
 * One window of a configured freeze, as `GET /freezes` lists it.
 *
 * @public
 */
export interface FreezeWindow {
  name: string;
  reason: string;
  /** RFC 3339 UTC, inclusive. */
  start: string;
  /** RFC 3339 UTC, exclusive. */
  end: string;
  /** Environment name patterns (`*` wildcard), or null for every environment. */
  environments: string[] | null;
  /** Service name patterns (`*` wildcard), or null for every service. */
  services: string[] | null;
  /** The IANA timezone the freeze is read in. */
  timezone: string;
  /** The cron expression of a recurring freeze; null for a one-off one. */
  cron: string | null;
}

/**
 * `GET /api/deployments/freezes`: the windows containing now, and those
 * starting within 30 days.
 *
 * @public
 */
export interface FreezesResponse {
  active: FreezeWindow[];
  upcoming: FreezeWindow[];
}

/**
 * Filters of `GET /api/deployments/freezes`: only freezes covering this
 * service and environment.
 *
 * @public
 */
export interface FreezesQuery {
  service?: string;
  environment?: string;
}
