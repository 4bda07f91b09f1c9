import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readDeploymentsSettings } from '../config';
import { EnvironmentLayout } from './environmentGroups';

const settings = (environments: JsonObject) =>
  readDeploymentsSettings(new ConfigReader({ deployments: { environments } }))
    .environments;

const startupError = (environments: JsonObject) => {
  try {
    settings(environments);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('deployments.environments.groups', () => {
  it('is read in configured order, members in theirs', () => {
    expect(
      settings({ groups: { prod: ['prod-us', 'prod-eu'], edge: ['e1'] } })
        .groups,
    ).toEqual([
      { name: 'prod', members: ['prod-us', 'prod-eu'] },
      { name: 'edge', members: ['e1'] },
    ]);
  });

  it.each([
    [
      { prod: [] },
      'deployments.environments.groups.prod: a group needs at least one member',
    ],
    [
      { eu: ['prod-eu'], prod: ['prod-eu', 'prod-us'] },
      'deployments.environments.groups.prod: prod-eu is already a member of group eu',
    ],
    [
      { prod: ['prod-eu', 'prod-eu'] },
      'deployments.environments.groups.prod: prod-eu is listed twice',
    ],
    [
      { prod: ['prod-eu'], all: ['prod', 'dev'] },
      'deployments.environments.groups.all: prod is the name of a group and cannot be a member',
    ],
    [
      { prod: ['prod'] },
      'deployments.environments.groups.prod: prod is the name of a group and cannot be a member',
    ],
  ])('stops the backend naming the key: %j', (groups, message) => {
    expect(startupError({ groups })).toBe(message);
  });

  it('names the key of a value that is no list', () => {
    expect(startupError({ groups: { prod: 'prod-eu' } })).toMatch(
      /deployments\.environments\.groups\.prod/,
    );
  });

  it("puts a group's members in production (and notifications) where its name is", () => {
    const read = readDeploymentsSettings(
      new ConfigReader({
        deployments: {
          environments: {
            production: ['prod', 'live'],
            groups: { prod: ['prod-eu', 'prod-us'] },
          },
        },
      }),
    );
    expect(read.environments.production).toEqual([
      'prod-eu',
      'prod-us',
      'prod',
      'live',
    ]);
    expect(read.notifications.environments).toEqual([
      'prod-eu',
      'prod-us',
      'prod',
      'live',
    ]);
    // The default production names expand too.
    expect(settings({ groups: { production: ['p1'] } }).production).toEqual([
      'prod',
      'p1',
      'production',
    ]);
  });
});

describe('EnvironmentLayout', () => {
  const layout = new EnvironmentLayout(
    ['dev', 'prod', 'staging-b'],
    [
      { name: 'prod', members: ['prod-us', 'prod-eu'] },
      { name: 'west', members: ['a-west', 'b-west'] },
      { name: 'empty', members: ['nowhere'] },
      { name: 'staging', members: ['staging-a', 'staging-b'] },
    ],
  );
  const present = [
    'verify',
    'prod',
    'prod-eu',
    'a-west',
    'dev',
    'prod-us',
    'staging-a',
    'staging-b',
    'c',
  ];

  it('keeps members adjacent where the group is placed: by order, else by its name', () => {
    // prod by `order`; staging by its member staging-b in `order`; west by
    // its name, after verify (member a-west alone would sort first).
    expect(layout.orderEnvironments(present)).toEqual([
      'dev',
      'prod-us',
      'prod-eu',
      'prod',
      'staging-a',
      'staging-b',
      'c',
      'verify',
      'a-west',
    ]);
  });

  it('lists the groups with data, members with data only', () => {
    expect(layout.groupsWithData(present)).toEqual([
      { name: 'prod', environments: ['prod-us', 'prod-eu', 'prod'] },
      { name: 'staging', environments: ['staging-a', 'staging-b'] },
      { name: 'west', environments: ['a-west'] },
    ]);
    expect(layout.groupsWithData(['dev'])).toEqual([]);
    expect(new EnvironmentLayout([], []).orderEnvironments(['b', 'a'])).toEqual(
      ['a', 'b'],
    );
  });

  it("expands a group's name to its members and itself, other names as they are", () => {
    expect(layout.expand(['prod'])).toEqual(['prod-us', 'prod-eu', 'prod']);
    expect(layout.expand(['prod-eu', 'dev', 'prod'])).toEqual([
      'prod-eu',
      'dev',
      'prod-us',
      'prod',
    ]);
  });
});
