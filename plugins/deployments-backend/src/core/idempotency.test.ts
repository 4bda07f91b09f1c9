import { mockServices } from '@backstage/backend-test-utils';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { IdempotencyStore } from '../database/IdempotencyStore';
import {
  bodyHash,
  canonicalJson,
  checkIdempotencyKey,
  IdempotencyKeys,
} from './idempotency';

describe('checkIdempotencyKey', () => {
  it.each([
    ['one character', 'a'],
    ['255 characters', 'k'.repeat(255)],
    [
      'every printable ASCII character, space included',
      ' !"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~',
    ],
    ['a UUID', '8e03978e-40d5-43e8-bc93-6894a57f9324'],
    [
      "the IETF draft's quoted form (the quotes are part of the key)",
      '"8e03978e"',
    ],
  ])('accepts %s', (_name, key) => {
    expect(checkIdempotencyKey(key)).toBe(key);
  });

  it('is undefined without the header', () => {
    expect(checkIdempotencyKey(undefined)).toBeUndefined();
  });

  it.each([
    ['an empty value', '', /it is 0 characters long/],
    ['256 characters', 'k'.repeat(256), /it is 256 characters long/],
    ['a tab', 'a\tb', /outside printable ASCII/],
    ['DEL', 'a\x7f', /outside printable ASCII/],
    ['a Latin-1 letter', 'café', /outside printable ASCII/],
    ['a control character', 'a\x01', /outside printable ASCII/],
  ])('refuses %s with a 400 naming the header', (_name, key, reason) => {
    let error: Error | undefined;
    try {
      checkIdempotencyKey(key);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('InputError');
    expect(error?.message).toMatch(
      /^The Idempotency-Key header must be 1-255 printable ASCII characters/,
    );
    expect(error?.message).toMatch(reason);
  });
});

describe('canonicalJson and bodyHash', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: null }], c: 'x' } }),
    ).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":1}]},"b":1}');
  });

  it('hashes bodies that differ only in key order or whitespace alike', () => {
    const a = JSON.parse(
      '{"service":"checkout","tags":["a","b"],"run_number":1}',
    );
    const b = JSON.parse(
      '{ "run_number" : 1.0,\n "tags": ["a", "b"], "service": "checkout" }',
    );
    expect(bodyHash(a)).toBe(bodyHash(b));
    expect(bodyHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes different bodies differently: values, array order, null versus absent', () => {
    const base = { service: 'checkout', tags: ['a', 'b'] };
    const hashes = [
      base,
      { ...base, service: 'search' },
      { ...base, tags: ['b', 'a'] },
      { ...base, version: null },
      { ...base, tags: 'a,b' },
    ].map(bodyHash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe('IdempotencyKeys', () => {
  it('answers 201 even when the answer cannot be remembered, keeping the key taken', async () => {
    const logger = mockServices.logger.mock();
    const store: IdempotencyStore = {
      claim: async () => 'claimed',
      complete: async () => {
        throw new Error('connection lost');
      },
      release: jest.fn(),
      deleteOlderThan: jest.fn(),
    };
    const claim = await new IdempotencyKeys(store, logger).claim(
      'key:ci',
      'k',
      {},
    );
    await expect(
      claim.complete({ id: '1' } as DeploymentEvent),
    ).resolves.toBeUndefined();
    // Releasing would let a retry store a second row.
    expect(store.release).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not remember the answer to an Idempotency-Key of key:ci',
      expect.any(Error),
    );
  });
});
