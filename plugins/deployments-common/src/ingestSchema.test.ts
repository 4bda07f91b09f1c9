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
    const result = validateDeploymentEventInput({
      ...valid,
      service: 42,
      deployment_id: undefined,
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContainEqual({
      field: 'deployment_id',
      message: 'is required',
    });
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
    const result = validateDeploymentEventInput({
      ...valid,
      parent_deployments: ['a', ''],
    });
    expect(result.ok ? [] : result.errors.map(e => e.field)).toEqual([
      'parent_deployments[1]',
    ]);
  });
});

describe('string lengths', () => {
  // docs/api.md counts UTF-16 code units; an emoji is two of them.
  const emoji = '\u{1F600}';

  it('refuses 65 emoji as a service (130 units, over 128)', () => {
    const result = validateDeploymentEventInput({ ...valid, service: emoji.repeat(65) });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'service', message: 'must be at most 128 characters' },
    ]);
  });

  it('accepts 64 emoji as a service (128 units)', () => {
    const result = validateDeploymentEventInput({ ...valid, service: emoji.repeat(64) });
    expect(result.ok).toBe(true);
  });

  it('counts a run_url in units too', () => {
    const result = validateDeploymentEventInput({
      ...valid,
      run_url: `https://ci.example.com/${emoji.repeat(1013)}`,
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'run_url', message: 'must be at most 2048 characters' },
    ]);
  });
});

describe('the insights fields', () => {
  const errorsOf = (body: Record<string, unknown>) => {
    const result = validateDeploymentEventInput({ ...valid, ...body });
    return result.ok ? [] : result.errors;
  };

  it('accepts commits as SHAs or {sha, authored_at}, titles, tags, is_test and change_type', () => {
    const result = validateDeploymentEventInput({
      ...valid,
      commits: [
        'abc1234',
        { sha: 'F'.repeat(64), authored_at: '2026-01-01T08:00:00+01:00' },
        { sha: 'def5678', authored_at: null },
      ],
      title: 't'.repeat(256),
      tags: Array.from({ length: 20 }, () => 'x'.repeat(64)),
      is_test: true,
      change_type: 'hotfix',
    });
    expect(result.ok).toBe(true);
    expect(
      errorsOf({
        commits: null,
        title: null,
        tags: null,
        is_test: null,
        change_type: null,
      }),
    ).toEqual([]);
  });

  it.each([
    ['a 6-character SHA', { commits: ['abc123'] }, 'commits[0]'],
    ['a non-hex SHA', { commits: ['xyz1234'] }, 'commits[0]'],
    ['a 65-character SHA', { commits: ['a'.repeat(65)] }, 'commits[0]'],
    [
      'a bad authored_at',
      { commits: [{ sha: 'abc1234', authored_at: 'yesterday' }] },
      'commits[0].authored_at',
    ],
    [
      'an unknown commit key',
      { commits: [{ sha: 'abc1234', author: 'x' }] },
      'commits[0].author',
    ],
    [
      '501 commits',
      { commits: Array.from({ length: 501 }, () => 'abc1234') },
      'commits',
    ],
    ['a 257-character title', { title: 't'.repeat(257) }, 'title'],
    ['21 tags', { tags: Array.from({ length: 21 }, () => 't') }, 'tags'],
    ['a 65-character tag', { tags: ['t'.repeat(65)] }, 'tags[0]'],
    ['an empty tag', { tags: [''] }, 'tags[0]'],
    ['is_test as a string', { is_test: 'true' }, 'is_test'],
    ['an unknown change_type', { change_type: 'refactor' }, 'change_type'],
  ])('rejects %s', (_name, body, field) => {
    const errors = errorsOf(body);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map(e => e.field)).toContain(field);
  });

  it('names the rule in the message', () => {
    expect(errorsOf({ change_type: 'refactor' })).toEqual([
      { field: 'change_type', message: 'must be one of feature, fix, hotfix' },
    ]);
    expect(errorsOf({ is_test: 'yes' })).toEqual([
      { field: 'is_test', message: 'must be true or false (not a string)' },
    ]);
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
