import { z } from 'zod';
import { utf16Text } from './textLength';
import {
  contractSchemas,
  deploymentEventInputSchema,
  deploymentEventSchema,
} from './eventSchema';

/*
 * Incident events (`POST /api/deployments/incidents`, docs/api.md
 * "Incidents"): an incident's opening and resolution, append-only like
 * deployment events. `happened_at` is the deployment's own schema. Lengths
 * are counted in UTF-16 code units (JavaScript's `length`), as docs/api.md
 * says — checked here rather than with zod's `max`, which counts code
 * points.
 */

/** The states an incident event records. @public */
export const INCIDENT_STATUSES = ['open', 'resolved'] as const;

/** @public */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

const input = deploymentEventInputSchema.shape;
const stored = deploymentEventSchema.shape;

/** 1–max UTF-16 code units, no NUL (the message names the limit). */
const text = (max: number) =>
  utf16Text(max, 1)
    .refine(s => !s.includes('\u0000'), 'must not contain the NUL character (U+0000)')
    .meta({ pattern: '^[^\\u0000]*$' });

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

const url = utf16Text(2048)
  .refine(isHttpUrl, 'must be an absolute http(s) URL')
  .meta({
    description: 'An absolute `http:` or `https:` URL (WHATWG URL parser), at most 2,048 characters.',
    format: 'uri',
    pattern: '^[Hh][Tt][Tt][Pp][Ss]?:',
  });

const incidentStatus = z.enum(INCIDENT_STATUSES, {
  error: `must be one of ${INCIDENT_STATUSES.join(', ')}`,
});

const DESCRIBE = {
  incident_id:
    "The incident tracker's id (1–200 characters); one incident's `open` and `resolved` events share it.",
  caused_by_deployment_id:
    'The `deployment_id` of the deployment (same service) that caused the incident: it counts as a failed change (docs/metrics.md "Incidents as the basis").',
  severity: 'Free text, e.g. `sev1`, `P2`, `critical`.',
};

/**
 * The body of `POST /api/deployments/incidents`. Unknown fields are
 * rejected; `null` for an optional field means absent.
 *
 * @public
 */
export const incidentEventInputSchema = z
  .strictObject({
    incident_id: text(200).meta({ description: DESCRIBE.incident_id }),
    service: text(128),
    environment: text(64),
    status: incidentStatus,
    happened_at: input.happened_at,
    title: text(500).nullish(),
    url: url.nullish(),
    severity: text(50).nullish().meta({ description: DESCRIBE.severity }),
    caused_by_deployment_id: text(200)
      .nullish()
      .meta({ description: DESCRIBE.caused_by_deployment_id }),
  })
  .meta({
    description:
      'The body of `POST /incidents`. Any other field is rejected (422). `null` for an optional field means absent.',
  });
contractSchemas.add(incidentEventInputSchema, { id: 'IncidentEventInput' });

/** A validated incident event body. @public */
export type IncidentEventInput = z.infer<typeof incidentEventInputSchema>;

/**
 * One stored incident event, as the ingest answers it and `GET /incidents`
 * lists it in `records`: exactly these keys.
 *
 * @public
 */
export const incidentEventSchema = z
  .strictObject({
    id: z.string().min(1).meta({ description: 'Opaque and unique.', example: '7' }),
    incident_id: z.string().min(1).max(200),
    service: stored.service,
    environment: stored.environment,
    status: incidentStatus,
    happened_at: stored.happened_at,
    received_at: stored.received_at,
    title: z.string().max(500).nullable(),
    url: z.string().max(2048).nullable(),
    severity: z.string().max(50).nullable(),
    caused_by_deployment_id: z.string().max(200).nullable(),
    source: stored.source,
  })
  .meta({ description: 'A stored incident event: exactly these keys.' });
contractSchemas.add(incidentEventSchema, { id: 'IncidentEvent' });

/** One stored incident event. @public */
export type IncidentEvent = z.infer<typeof incidentEventSchema>;

/**
 * One incident (service and `incident_id`) as `GET /incidents` lists it,
 * built from its records (docs/api.md).
 *
 * @public
 */
export interface Incident {
  incident_id: string;
  service: string;
  environment: string;
  /** The earliest `open`; null when only `resolved` was posted. */
  opened_at: string | null;
  /** The earliest `resolved` at or after `opened_at`; null while open. */
  resolved_at: string | null;
  title: string | null;
  url: string | null;
  severity: string | null;
  caused_by_deployment_id: string | null;
  /** Its records, oldest first. */
  records: IncidentEvent[];
}

/** `GET /api/deployments/incidents`. @public */
export interface IncidentsResponse {
  items: Incident[];
  next_cursor: string | null;
}

/** Query of `GET /api/deployments/incidents`. @public */
export interface IncidentsQuery {
  service?: string;
  environment?: string;
  from?: string;
  to?: string;
  status?: 'open' | 'resolved';
  limit?: number;
  cursor?: string;
}
