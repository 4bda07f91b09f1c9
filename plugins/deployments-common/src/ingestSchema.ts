import { deploymentEventInputSchema, DeploymentEventInput } from './eventSchema';

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
