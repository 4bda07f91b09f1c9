import { parseLinkHeader } from './linkHeader';

describe('parseLinkHeader', () => {
  it('reads GitHub pagination links', () => {
    expect(
      parseLinkHeader(
        '<https://api.github.com/repositories/1/deployments?per_page=100&page=2>; rel="next", ' +
          '<https://api.github.com/repositories/1/deployments?per_page=100&page=5>; rel="last"',
      ),
    ).toEqual({
      next: 'https://api.github.com/repositories/1/deployments?per_page=100&page=2',
      last: 'https://api.github.com/repositories/1/deployments?per_page=100&page=5',
    });
  });

  it('accepts unquoted and multiple relations, other params and commas inside URLs', () => {
    expect(
      parseLinkHeader(
        '<https://x.test/a?q=1,2>; title="a, b"; rel=next, <https://x.test/p>; REL="prev first"',
      ),
    ).toEqual({
      next: 'https://x.test/a?q=1,2',
      prev: 'https://x.test/p',
      first: 'https://x.test/p',
    });
  });

  it('has no links for a missing or malformed header', () => {
    expect(parseLinkHeader(null)).toEqual({});
    expect(parseLinkHeader('')).toEqual({});
    expect(parseLinkHeader('https://x.test; rel="next"')).toEqual({});
    expect(parseLinkHeader('<https://x.test>; title="next"')).toEqual({});
  });
});
