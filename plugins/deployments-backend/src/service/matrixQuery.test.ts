import { InputError } from '@backstage/errors';
import { encodeMatrixCursor, matrixVariant, parseMatrixQuery } from './matrixQuery';

describe('parseMatrixQuery', () => {
  it('reads no parameter as the v1 matrix, with the v1 ETag (no variant)', () => {
    const request = parseMatrixQuery('');
    expect(request).toEqual({ summary: false, failuresOnly: false });
    expect(matrixVariant(request)).toBe('');
    expect(matrixVariant(parseMatrixQuery('service=checkout'))).toBe('');
    expect(matrixVariant(parseMatrixQuery('view=full&failures_only=false&q='))).toBe('');
  });

  it('normalises: repeated services deduplicated in code-point order, the owner completed', () => {
    const request = parseMatrixQuery(
      'service=b&service=a%F0%9F%98%80&service=a%EF%BD%9E&service=b&owner=Payments&view=summary&failures_only=true&q=Chk',
    );
    expect(request).toEqual({
      summary: true,
      services: ['a\uFF5E', 'a\u{1F600}', 'b'],
      owner: 'group:default/payments',
      failuresOnly: true,
      q: 'Chk',
    });
    expect(parseMatrixQuery('owner=user:ops/Jane').owner).toBe('user:ops/jane');
    const same = parseMatrixQuery('q=Chk&failures_only=true&view=summary&owner=group:default/payments&service=b&service=a%F0%9F%98%80&service=a%EF%BD%9E');
    expect(matrixVariant(same)).toBe(matrixVariant(request));
    expect(matrixVariant(request)).toMatch(/^[0-9a-f]{12}$/);
  });

  it('takes up to 100 services, beyond the 20 that Express would read as an array', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `service=s${i}`).join('&');
    expect(parseMatrixQuery(hundred).services).toHaveLength(100);
    expect(() => parseMatrixQuery(`${hundred}&service=one-more`)).toThrow(InputError);
  });

  it('pages with limit and cursor; a cursor alone reads pages of 100', () => {
    expect(parseMatrixQuery('limit=1000').page).toEqual({ limit: 1000, after: undefined });
    const cursor = encodeMatrixCursor('checkout');
    expect(parseMatrixQuery(`cursor=${cursor}`).page).toEqual({ limit: 100, after: 'checkout' });
    expect(parseMatrixQuery(`limit=5&cursor=${cursor}`).page).toEqual({ limit: 5, after: 'checkout' });
    expect(matrixVariant(parseMatrixQuery('limit=5'))).not.toBe(matrixVariant(parseMatrixQuery('limit=6')));
  });

  it.each([
    ['an unknown parameter', 'enviroment=prod'],
    ['a bracketed parameter', 'service[]=a'],
    ['limit 0', 'limit=0'],
    ['limit 1001', 'limit=1001'],
    ['limit 1e2', 'limit=1e2'],
    ['a repeated limit', 'limit=1&limit=2'],
    ['a malformed cursor', 'cursor=abc'],
    ['a cursor with stray characters', `cursor=${encodeMatrixCursor('a')}!`],
    ['a history cursor', `cursor=${Buffer.from('[1,2]').toString('base64url')}`],
    ['a bad view', 'view=compact'],
    ['a repeated view', 'view=summary&view=summary'],
    ['a bad failures_only', 'failures_only=yes'],
    ['an empty owner', 'owner='],
    ['a malformed owner', 'owner=group:'],
    ['a q of 201 characters', `q=${'x'.repeat(201)}`],
    ['a repeated q', 'q=a&q=b'],
  ])('refuses %s with an InputError (400)', (_name, query) => {
    expect(() => parseMatrixQuery(query)).toThrow(InputError);
  });
});
