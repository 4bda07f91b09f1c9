import { z } from 'zod';
import { utf16Text } from './textLength';
import { parseRfc3339 } from './timestamp';

/*
 * The deployment event's shape, once: the ingest body and the stored event.
 * Types are inferred from these schemas, the backend validates with them, and
 * the OpenAPI document's event schemas are generated from them
 * (`yarn workspace @deploydash/plugin-deployments-backend generate`).
 * Rules JSON Schema cannot state (UTF-16 lengths, NUL, impossible dates)
 * are the refinements below; `.meta()` carries the documentation and the
 * nearest JSON Schema spelling of each rule.
 */

/** Schemas that become `components.schemas` of the OpenAPI document, by id. @public */
export const contractSchemas = z.registry<{ id: string }>();

/**
 * The states a deployment moves through (contract v1.2): `queued` (accepted by
 * the CI system, not started), `waiting` (paused on an approval or a manual
 * gate), `in-progress`, then one of the terminal `success`, `failure` and
 * `cancelled` (stopped before it finished — not a failure of the change).
 *
 * @public
 */
export const DEPLOYMENT_STATUSES = [
  'queued',
  'waiting',
  'in-progress',
  'success',
  'failure',
  'cancelled',
] as const;

/** @public */
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** The statuses that end a run. @public */
export const TERMINAL_STATUSES: readonly DeploymentStatus[] = ['success', 'failure', 'cancelled'];

/** What a deployment changes; a fix or hotfix marks the recovery of a failure. @public */
export const CHANGE_TYPES = ['feature', 'fix', 'hotfix'] as const;

/** @public */
export type ChangeType = (typeof CHANGE_TYPES)[number];

const NO_NUL = { pattern: '^[^\\u0000]*$' };
const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';
const RFC3339_PATTERN =
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])T([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d+)?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)$';
const UTC_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$';
const MAX_RUN_NUMBER = Number.MAX_SAFE_INTEGER;

const text = (min: number, max: number) =>
  utf16Text(max, min)
    .refine(s => !s.includes('\u0000'), NUL_MESSAGE)
    .meta(NO_NUL);

/** An array of at most `max` items. */
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.array(item).max(max, `must have at most ${max} items`);

/** `null` for an optional field means absent. */
const optional = <T extends z.ZodType>(schema: T) => schema.nullish();

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const rfc3339 = z
  .string()
  .refine(
    v => parseRfc3339(v) !== undefined,
    'must be an RFC 3339 timestamp with a T separator and Z or an offset, e.g. 2026-01-01T10:00:00Z',
  )
  .meta({ format: 'date-time', pattern: RFC3339_PATTERN })
  .meta({
    description:
      'RFC 3339 `date-time`: `T` separator, `Z` or `±hh:mm` offset, optional fraction (truncated to milliseconds). `2024-01-01`, `yesterday`, a space separator or an impossible date are rejected.',
  });
contractSchemas.add(rfc3339, { id: 'Rfc3339Timestamp' });

const utcTimestamp = z
  .string()
  .regex(new RegExp(UTC_PATTERN))
  .meta({ format: 'date-time' })
  .meta({
    description: 'The UTC instant with millisecond precision.',
  });
contractSchemas.add(utcTimestamp, { id: 'UtcTimestamp' });

const SHA_MESSAGE = 'must be a commit SHA (7–64 hexadecimal characters)';
const commitSha = z
  .string({ error: SHA_MESSAGE })
  .regex(/^[0-9a-fA-F]{7,64}$/, SHA_MESSAGE)
  .meta({
    description: 'A commit SHA, 7–64 hexadecimal characters.',
  });
contractSchemas.add(commitSha, { id: 'CommitSha' });

const status = z.enum(DEPLOYMENT_STATUSES, {
  error: `must be one of ${DEPLOYMENT_STATUSES.join(', ')}`,
});
contractSchemas.add(status, { id: 'DeploymentStatus' });

const changeType = z.enum(CHANGE_TYPES, {
  error: `must be one of ${CHANGE_TYPES.join(', ')}`,
});

/** A shipped commit: its SHA, or its SHA and when it was authored (for lead time). */
const commitInput = z.union(
  [
    commitSha,
    z.strictObject({ sha: commitSha, authored_at: optional(rfc3339) }),
  ],
  { error: `${SHA_MESSAGE} or an object {"sha", "authored_at"}` },
);

const runNumber = z
  .number({ error: 'must be an integer (not a string)' })
  .int('must be an integer')
  .min(0, 'must be 0 or greater')
  .max(MAX_RUN_NUMBER, 'must be at most 2^53 - 1');

const DESCRIBE = {
  deployment_id: 'Correlation key of one deployment’s events; NOT unique.',
  run_url: 'An absolute `http:` or `https:` URL (WHATWG URL parser).',
  run_number:
    'An integer 0 ≤ n ≤ 2^53 − 1; a string such as `"42"` is rejected.',
  parent_deployments:
    'The deployment_ids this deployment promotes (for example the staging deployment a prod deployment promotes).',
  commits:
    'The commits this deployment ships (up to 500): each a SHA, or an object with the SHA and when it was authored. Commit times give the lead time for changes (docs/metrics.md).',
  tags: 'Labels such as `hotfix` or `sev1`.',
  is_test:
    'A test deployment (e.g. checking CI wiring): stored, returned by reads that pass `include_tests=true`, left out of the matrix, metrics, promotion and default reads.',
  change_type:
    'A `fix` or `hotfix` success marks the recovery of a failed change (docs/metrics.md).',
};

/**
 * The body of `POST /api/deployments`, exactly as the contract lists it.
 * Unknown fields are rejected, never silently dropped. A new optional field
 * is added here (and, stored, in {@link deploymentEventSchema}).
 *
 * @public
 */
export const deploymentEventInputSchema = z
  .strictObject({
    deployment_id: text(1, 200).meta({ description: DESCRIBE.deployment_id }),
    service: text(1, 128),
    environment: text(1, 64),
    status,
    happened_at: rfc3339,
    version: optional(text(0, 128)),
    run_url: optional(
      utf16Text(2048)
        .refine(isHttpUrl, 'must be an absolute http(s) URL')
        .meta({
          description: DESCRIBE.run_url,
          format: 'uri',
          pattern: '^[Hh][Tt][Tt][Pp][Ss]?:',
        }),
    ),
    run_number: optional(runNumber.meta({ description: DESCRIBE.run_number })),
    actor: optional(text(0, 256)),
    ref: optional(text(0, 256)),
    sha: optional(text(0, 64)),
    parent_deployments: optional(
      list(text(1, 200), 32).meta({ description: DESCRIBE.parent_deployments }),
    ),
    // Insights additions: all optional, so existing clients are unaffected.
    commits: optional(list(commitInput, 500).meta({ description: DESCRIBE.commits })),
    title: optional(text(0, 256)),
    tags: optional(list(text(1, 64), 20).meta({ description: DESCRIBE.tags })),
    is_test: optional(
      z
        .boolean({ error: 'must be true or false (not a string)' })
        .meta({ description: DESCRIBE.is_test }),
    ),
    change_type: optional(
      changeType.meta({ description: DESCRIBE.change_type }),
    ),
  })
  .meta({
    description:
      'The body of `POST /`. Any other field is rejected (422, no silent dropping). `null` for an optional field means absent. Strings must not contain U+0000; every other character, newlines included, is stored and returned as sent.',
  });
contractSchemas.add(deploymentEventInputSchema, { id: 'DeploymentEventInput' });

/** A validated ingest body. @public */
export type DeploymentEventInput = z.infer<typeof deploymentEventInputSchema>;

const storedCommit = z.strictObject({
  sha: commitSha,
  authored_at: utcTimestamp
    .nullable()
    .meta({
      description: 'The UTC instant with millisecond precision, or null.',
    }),
});

/** The longest reason a void may give, in UTF-16 code units. @public */
export const MAX_VOID_REASON_LENGTH = 500;

/**
 * The record of a void: when, by whom (a user entity ref, or a service
 * principal's subject) and why.
 *
 * @public
 */
export const voidedSchema = z
  .strictObject({
    at: utcTimestamp,
    by: z
      .string()
      .min(1)
      .meta({
        description:
          'Who voided it: the user entity ref (`user:default/jane`), or the subject of a service principal.',
        example: 'user:default/jane',
      }),
    reason: z.string().min(1).max(MAX_VOID_REASON_LENGTH),
  })
  .meta({ description: 'When, by whom and why an event was voided.' });
contractSchemas.add(voidedSchema, { id: 'Voided' });

/** How an event was voided: when (RFC 3339 UTC), by whom and why. @public */
export type DeploymentVoid = z.infer<typeof voidedSchema>;

/**
 * The body of `POST /{id}/void`: why the event is voided (1–500 characters,
 * no NUL). Unknown fields are rejected.
 *
 * @public
 */
export const voidRequestSchema = z
  .strictObject({
    reason: z
      .string({ error: `must be a string of 1 to ${MAX_VOID_REASON_LENGTH} characters` })
      .min(1, 'must not be empty')
      .max(MAX_VOID_REASON_LENGTH, `must be at most ${MAX_VOID_REASON_LENGTH} characters`)
      .refine(s => !s.includes('\u0000'), NUL_MESSAGE)
      .meta(NO_NUL)
      .meta({
        description: 'Why the event is voided (1–500 characters), shown with it wherever voided events are shown.',
      }),
  })
  .meta({ description: 'The body of `POST /{id}/void`.' });
contractSchemas.add(voidRequestSchema, { id: 'VoidRequest' });

/** A validated void request body. @public */
export type VoidRequest = z.infer<typeof voidRequestSchema>;

/**
 * One stored deployment event, exactly as every read, the ingest response and
 * the stream return it: the ingest fields (absent optional ones as `null`,
 * lists always arrays) plus `id`, `received_at` and `source`. Key order here
 * is the order of the JSON the API writes.
 *
 * @public
 */
export const deploymentEventSchema = z
  .strictObject({
    id: z
      .string()
      .min(1)
      .meta({
        description:
          'Opaque and unique; also the stream position (SSE `id`) of this event.',
        example: '42',
      }),
    deployment_id: z.string().min(1).max(200),
    service: z.string().min(1).max(128),
    environment: z.string().min(1).max(64),
    status,
    happened_at: utcTimestamp,
    received_at: utcTimestamp,
    version: z.string().max(128).nullable(),
    run_url: z.string().max(2048).nullable(),
    run_number: z.number().int().min(0).max(MAX_RUN_NUMBER).nullable(),
    actor: z.string().max(256).nullable(),
    ref: z.string().max(256).nullable(),
    sha: z.string().max(64).nullable(),
    parent_deployments: z.array(z.string().min(1).max(200)).max(32),
    commits: z
      .array(storedCommit)
      .max(500)
      .meta({
        description:
          'The shipped commits, in the order sent; a bare SHA is returned as `{sha, authored_at: null}`.',
      }),
    title: z.string().max(256).nullable(),
    tags: z.array(z.string().min(1).max(64)).max(20),
    is_test: z.boolean(),
    change_type: changeType.nullable(),
    source: z
      .string()
      .min(1)
      .max(32)
      .meta({
        description:
          '`api` for pushed events; otherwise the pull-mode provider that imported it, e.g. `github`.',
      }),
    // Last: it is not an ingest field but read from the voids table.
    voided: voidedSchema.nullable().meta({
      description:
        'How the event was voided (`POST /{id}/void`), or null: every event that was not voided carries `null`. Voided events stay in the log and are left out of the matrix, runs, metrics and promotion.',
    }),
  })
  .meta({
    description:
      'A stored event, exactly as every read, the ingest response and the stream return it: exactly these keys, nothing more. `parent_deployments`, `commits` and `tags` are always arrays; `voided` is null unless the event was voided.',
  });
contractSchemas.add(deploymentEventSchema, { id: 'Event' });

/**
 * One stored deployment event, exactly as every read and the stream return it.
 *
 * @public
 */
export type DeploymentEvent = z.infer<typeof deploymentEventSchema>;

/** A commit a deployment ships; `authored_at` is RFC 3339 UTC or null when not sent. @public */
export type DeploymentCommit = DeploymentEvent['commits'][number];

/** Where an event came from: `api` for pushed events, else the provider that imported it (e.g. `github`). @public */
export type DeploymentEventSource = string;
