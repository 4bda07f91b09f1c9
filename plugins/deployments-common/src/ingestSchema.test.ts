import { validateDeploymentEventInput } from './ingestSchema';
import { parseRfc3339 } from './timestamp';

const valid = {
  deployment_id: 'd',
  service: 's',
  environment: 'e',
  status: 'success',
  happened_at: '2026-01-01T00:00:00Z',
};

describe('validateDeploymentEventInput', () => {
  it('says "is required" only for missing fields, and names the type for wrong ones', () => {
    const result = validateDeploymentEventInput({ ...valid, service: 42, deployment_id: undefined });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContainEqual({ field: 'deployment_id', message: 'is required' });
    const service = errors.find(e => e.field === 'service');
    expect(service?.message).not.toBe('is required');
  });

  it('reports a string run_number as a type error', () => {
    const result = validateDeploymentEventInput({ ...valid, run_number: '42' });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'run_number', message: 'must be an integer (not a string)' },
    ]);
  });

  it('names array items by index', () => {
    const result = validateDeploymentEventInput({ ...valid, parent_deployments: ['a', ''] });
    expect(result.ok ? [] : result.errors.map(e => e.field)).toEqual(['parent_deployments[1]']);
  });
});

describe('parseRfc3339', () => {
  it.each([
    ['2026-01-01T10:00:00Z', Date.UTC(2026, 0, 1, 10)],
    ['2026-01-01t10:00:00z', undefined],
    ['2024-02-29T00:00:00+01:00', Date.UTC(2024, 1, 28, 23)],
    ['2023-02-29T00:00:00Z', undefined],
    ['2026-01-01T24:00:00Z', undefined],
    ['0050-06-01T00:00:00Z', new Date('0050-06-01T00:00:00.000Z').getTime()],
    ['9999-12-31T23:00:00-05:00', undefined],
    ['0000-01-01T00:30:00+01:00', undefined],
  ])('parses %s', (text, expected) => {
    expect(parseRfc3339(text)).toBe(expected);
  });
});
