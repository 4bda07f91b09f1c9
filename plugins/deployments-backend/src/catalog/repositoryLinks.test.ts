import {
  commitUrl,
  compareUrl,
  digestWithRepositories,
  repositoryFromLocation,
  repositoryFromRunUrl,
} from './repositoryLinks';

describe('repositoryFromLocation', () => {
  it.each([
    ['url:https://github.com/acme/api/tree/main/', { kind: 'github', url: 'https://github.com/acme/api' }],
    ['url:https://github.com/acme/api.git', { kind: 'github', url: 'https://github.com/acme/api' }],
    ['url:https://github.acme.com/team/api/blob/main/catalog-info.yaml', { kind: 'github', url: 'https://github.acme.com/team/api' }],
    ['url:https://gitlab.com/acme/platform/api/-/tree/main/', { kind: 'gitlab', url: 'https://gitlab.com/acme/platform/api' }],
    ['url:https://gitlab.com/acme/api/blob/main/catalog-info.yaml', { kind: 'gitlab', url: 'https://gitlab.com/acme/api' }],
    ['url:https://code.acme.test:8443/acme/api/-/blob/main/x.yaml', { kind: 'gitlab', url: 'https://code.acme.test:8443/acme/api' }],
  ])('reads %s', (location, expected) => {
    expect(repositoryFromLocation(location)).toEqual(expected);
  });

  it.each([
    'file:/srv/catalog-info.yaml',
    'url:https://bitbucket.org/acme/api/src/main/',
    'url:https://raw.githubusercontent.com/acme/api/main/catalog-info.yaml',
    'url:https://github.com/acme',
    'url:ftp://github.com/acme/api',
    'not a url',
  ])('knows no repository in %s', location => {
    expect(repositoryFromLocation(location)).toBeNull();
  });
});

describe('repositoryFromRunUrl', () => {
  it.each([
    ['https://github.com/acme/api/actions/runs/42', { kind: 'github', url: 'https://github.com/acme/api' }],
    ['https://ghe.acme.test/acme/api/actions/runs/42/attempts/2', { kind: 'github', url: 'https://ghe.acme.test/acme/api' }],
    ['https://gitlab.com/acme/sub/api/-/pipelines/9', { kind: 'gitlab', url: 'https://gitlab.com/acme/sub/api' }],
    ['https://code.acme.test/acme/api/-/jobs/9', { kind: 'gitlab', url: 'https://code.acme.test/acme/api' }],
  ])('reads %s', (runUrl, expected) => {
    expect(repositoryFromRunUrl(runUrl)).toEqual(expected);
  });

  it.each([
    null,
    'https://ci.example.com/api/runs/1',
    'https://github.com/acme/api/actions/runs',
    'https://gitlab.com/api/-/pipelines/9',
    'https://gitlab.com/acme/api/-/merge_requests/9',
  ])('knows no repository in %s', runUrl => {
    expect(repositoryFromRunUrl(runUrl)).toBeNull();
  });
});

it('builds GitHub and GitLab commit and compare links', () => {
  const github = { kind: 'github' as const, url: 'https://github.com/acme/api' };
  const gitlab = { kind: 'gitlab' as const, url: 'https://gitlab.com/acme/api' };
  expect(commitUrl(github, 'abc1234')).toBe('https://github.com/acme/api/commit/abc1234');
  expect(compareUrl(github, 'a1', 'b2')).toBe('https://github.com/acme/api/compare/a1...b2');
  expect(commitUrl(gitlab, 'abc1234')).toBe('https://gitlab.com/acme/api/-/commit/abc1234');
  expect(compareUrl(gitlab, 'a1', 'b2')).toBe('https://gitlab.com/acme/api/-/compare/a1...b2');
});

it('folds repositories into the links digest, leaving it alone without any', () => {
  const repo = { kind: 'github' as const, url: 'https://github.com/acme/api' };
  expect(digestWithRepositories('0123456789abcdef', new Map())).toBe('0123456789abcdef');
  const one = digestWithRepositories('0123456789abcdef', new Map([['api', repo]]));
  expect(one).toMatch(/^[0-9a-f]{16}$/);
  expect(one).not.toBe('0123456789abcdef');
  expect(digestWithRepositories('0123456789abcdef', new Map([['api', { ...repo, url: `${repo.url}2` }]]))).not.toBe(one);
});
