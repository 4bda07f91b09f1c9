import { z } from 'zod';
import { CHANGE_TYPES, DEPLOYMENT_STATUSES } from './types';
import { parseRfc3339 } from './timestamp';

const noNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'must not contain the NUL character (U+0000)';

const text = (min: number, max: number) =>
  z
    .string()
    .min(min, `must be at least ${min} character${min === 1 ? '' : 's'}`)
    .max(max, `must be at most ${max} characters`)
    .refine(noNul, NUL_MESSAGE);

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
  );

const commitSha = z
  .string({ error: 'must be a commit SHA (7–64 hexadecimal characters)' })
  .regex(/^[0-9a-fA-F]{7,64}$/, 'must be a commit SHA (7–64 hexadecimal characters)');

/** A shipped commit: its SHA, or its SHA and when it was authored (for lead time). */
const commitInput = z.union([commitSha, z.strictObject({ sha: commitSha, authored_at: optional(rfc3339) })], {
  error: 'must be a commit SHA (7–64 hexadecimal characters) or an object {"sha", "authored_at"}',
});

/**
 * The body of `POST /api/deployments`, exactly as the contract lists it.
 * Unknown fields are rejected, never silently dropped.
 *
 * @public
 */
export const deploymentEventInputSchema = z.strictObject({
  deployment_id: text(1, 200),
  service: text(1, 128),
  environment: text(1, 64),
  status: z.enum(DEPLOYMENT_STATUSES, {
    error: `must be one of ${DEPLOYMENT_STATUSES.join(', ')}`,
  }),
  happened_at: rfc3339,
  version: optional(text(0, 128)),
  run_url: optional(
    z
      .string()
      .max(2048, 'must be at most 2048 characters')
      .refine(isHttpUrl, 'must be an absolute http(s) URL'),
  ),
  run_number: optional(
    z
      .number({ error: 'must be an integer (not a string)' })
      .int('must be an integer')
      .min(0, 'must be 0 or greater')
      .max(Number.MAX_SAFE_INTEGER, 'must be at most 2^53 - 1'),
  ),
  actor: optional(text(0, 256)),
  ref: optional(text(0, 256)),
  sha: optional(text(0, 64)),
  parent_deployments: optional(
    z.array(text(1, 200)).max(32, 'must have at most 32 items'),
  ),
  // Insights additions: all optional, so existing clients are unaffected.
  commits: optional(z.array(commitInput).max(500, 'must have at most 500 items')),
  title: optional(text(0, 256)),
  tags: optional(z.array(text(1, 64)).max(20, 'must have at most 20 items')),
  is_test: optional(z.boolean({ error: 'must be true or false (not a string)' })),
  change_type: optional(
    z.enum(CHANGE_TYPES, { error: `must be one of ${CHANGE_TYPES.join(', ')}` }),
  ),
});

/** A validated ingest body. @public */
export type DeploymentEventInput = z.infer<typeof deploymentEventInputSchema>;

/** One offending field of a rejected body. @public */
export interface FieldError {
  field: string;
  message: string;
}

/** The outcome of {@link validateDeploymentEventInput}. @public */
export type ValidationResult =
  | { ok: true; value: DeploymentEventInput }
  | { ok: false; errors: FieldError[] };

function fieldName(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
}

/**
 * Validates an ingest body and lists every offending field, not just the first.
 *
 * @public
 */
export function validateDeploymentEventInput(body: unknown): ValidationResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      errors: [{ field: '(body)', message: 'must be a JSON object' }],
    };
  }
  const result = deploymentEventInputSchema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          field: fieldName([...issue.path, key]),
          message: 'is not a known field',
        });
      }
    } else if (
      issue.path.length === 1 &&
      (body as Record<string, unknown>)[String(issue.path[0])] === undefined
    ) {
      errors.push({ field: fieldName(issue.path), message: 'is required' });
    } else {
      errors.push({ field: fieldName(issue.path), message: issue.message });
    }
  }
  return { ok: false, errors };
}
