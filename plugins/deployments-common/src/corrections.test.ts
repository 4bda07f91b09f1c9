import {
  deploymentEventSchema,
  deploymentsPermissions,
  deploymentsEventVoidPermission,
} from './index';
import {
  validateDeploymentEventInput,
  validateVoidRequest,
} from './ingestSchema';

const valid = {
  deployment_id: 'd',
  service: 's',
  environment: 'e',
  status: 'success',
  happened_at: '2026-01-01T10:05:00Z',
};
const receivedAtMs = Date.parse('2026-01-01T10:00:00Z');
const fiveMinutes = 5 * 60_000;

describe('happened_at in the future (clock skew)', () => {
  it('accepts up to exactly the allowed skew after the receive time', () => {
    expect(
      validateDeploymentEventInput(valid, {
        receivedAtMs,
        maxClockSkewMs: fiveMinutes,
      }).ok,
    ).toBe(true);
  });

  it('rejects one millisecond beyond it, naming happened_at', () => {
    const result = validateDeploymentEventInput(
      { ...valid, happened_at: '2026-01-01T10:05:00.001Z' },
      { receivedAtMs, maxClockSkewMs: fiveMinutes },
    );
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'happened_at', message: 'is in the future' }],
    });
  });

  it('compares instants, whatever the offset it was sent with', () => {
    const result = validateDeploymentEventInput(
      { ...valid, happened_at: '2026-01-01T12:06:00+02:00' },
      { receivedAtMs, maxClockSkewMs: fiveMinutes },
    );
    expect(result.ok).toBe(false);
  });

  it('lists it with the other offending fields', () => {
    const result = validateDeploymentEventInput(
      { ...valid, status: 'done', happened_at: '2027-01-01T00:00:00Z' },
      { receivedAtMs, maxClockSkewMs: fiveMinutes },
    );
    expect(result.ok ? [] : result.errors.map(e => e.field).sort()).toEqual([
      'happened_at',
      'status',
    ]);
  });

  it('is not checked without a clock, and never for a happened_at that is not a timestamp', () => {
    expect(
      validateDeploymentEventInput({
        ...valid,
        happened_at: '2999-01-01T00:00:00Z',
      }).ok,
    ).toBe(true);
    const result = validateDeploymentEventInput(
      { ...valid, happened_at: 'tomorrow' },
      { receivedAtMs, maxClockSkewMs: fiveMinutes },
    );
    expect(result.ok ? [] : result.errors.map(e => e.message)).toEqual([
      expect.stringContaining('must be an RFC 3339 timestamp'),
    ]);
  });
});

describe('validateVoidRequest', () => {
  it.each([
    [{}, 'reason', 'is required'],
    [{ reason: '' }, 'reason', 'must not be empty'],
    [{ reason: 'x'.repeat(501) }, 'reason', 'must be at most 500 characters'],
    [{ reason: 42 }, 'reason', 'must be a string of 1 to 500 characters'],
    [{ reason: 'ok', note: 'x' }, 'note', 'is not a known field'],
    [
      { reason: 'a\u0000b' },
      'reason',
      'must not contain the NUL character (U+0000)',
    ],
    [[], '(body)', 'must be a JSON object {"reason": "..."}'],
  ])('rejects %j', (body, field, message) => {
    expect(validateVoidRequest(body)).toEqual({
      ok: false,
      errors: [{ field, message }],
    });
  });

  it('accepts 1 to 500 characters', () => {
    expect(validateVoidRequest({ reason: 'x' })).toEqual({
      ok: true,
      value: { reason: 'x' },
    });
    expect(validateVoidRequest({ reason: 'x'.repeat(500) }).ok).toBe(true);
  });
});

describe('the voided field and the void permission', () => {
  it('makes voided the last key of a stored event, null or a full record', () => {
    expect(Object.keys(deploymentEventSchema.shape).at(-1)).toBe('voided');
    const voided = deploymentEventSchema.shape.voided;
    expect(voided.safeParse(null).success).toBe(true);
    expect(
      voided.safeParse({
        at: '2026-01-01T10:00:00.000Z',
        by: 'user:default/jane',
        reason: 'wrong env',
      }).success,
    ).toBe(true);
    expect(
      voided.safeParse({
        at: '2026-01-01T10:00:00.000Z',
        by: 'user:default/jane',
      }).success,
    ).toBe(false);
  });

  it('registers deployments.event.void with the other permissions', () => {
    expect(deploymentsEventVoidPermission.name).toBe('deployments.event.void');
    expect(deploymentsPermissions.map(p => p.name)).toContain(
      'deployments.event.void',
    );
  });
});
