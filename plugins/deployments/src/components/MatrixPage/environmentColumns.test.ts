import { DeploymentStatus } from '@deploydash/plugin-deployments-common';
import { makeEvent, slotOf } from '../../__testUtils__/fixtures';
import {
  displayColumns,
  STATUS_SEVERITY,
  summarizeGroup,
} from './environmentColumns';

const PROD = { name: 'prod', environments: ['prod-us', 'prod-eu', 'prod'] };
const ENVIRONMENTS = ['dev', 'prod-us', 'prod-eu', 'prod', 'verify'];
const keys = (
  expanded: string[] = [],
  environments = ENVIRONMENTS,
  groups = [PROD],
) => displayColumns(environments, groups, new Set(expanded)).map(c => c.key);

describe('displayColumns', () => {
  it('shows a collapsed group as one column where its first member is', () => {
    expect(keys()).toEqual(['env:dev', 'group:prod', 'env:verify']);
    // Reordered by a view: the group moves as one.
    expect(keys([], ['prod-us', 'prod-eu', 'prod', 'verify', 'dev'])).toEqual([
      'group:prod',
      'env:verify',
      'env:dev',
    ]);
  });

  it("shows an expanded group as its members' columns, the first one marked", () => {
    const columns = displayColumns(ENVIRONMENTS, [PROD], new Set(['prod']));
    expect(columns.map(c => c.key)).toEqual([
      'env:dev',
      'env:prod-us',
      'env:prod-eu',
      'env:prod',
      'env:verify',
    ]);
    expect(columns[1]).toEqual({
      kind: 'environment',
      key: 'env:prod-us',
      environment: 'prod-us',
      group: { name: 'prod', first: true, size: 3 },
    });
    expect(columns[2]).toMatchObject({
      group: { name: 'prod', first: false, size: 3 },
    });
    expect(columns[0]).not.toHaveProperty('group');
  });

  it('shows the environments as they are without groups, or for a hidden group', () => {
    expect(keys([], ENVIRONMENTS, [])).toEqual(
      ENVIRONMENTS.map(e => `env:${e}`),
    );
    // A hidden group: its members are not among the environments to show.
    expect(keys([], ['dev', 'verify'])).toEqual(['env:dev', 'env:verify']);
  });
});

describe('summarizeGroup', () => {
  const slot = (
    environment: string,
    status: DeploymentStatus,
    version: string | null,
  ) => slotOf(makeEvent({ environment, status, version }));

  it('is undefined when no member has data', () => {
    expect(
      summarizeGroup({ dev: slot('dev', 'success', '1') }, PROD),
    ).toBeUndefined();
  });

  it('shows the version everywhere when every member runs the same one', () => {
    const summary = summarizeGroup(
      {
        'prod-us': slot('prod-us', 'success', '1.2.0'),
        'prod-eu': slot('prod-eu', 'success', '1.2.0'),
      },
      PROD,
    );
    expect(summary).toMatchObject({
      status: 'success',
      versionText: '1.2.0',
      withData: 2,
      total: 3,
    });
  });

  it.each([
    [['success', 'failure'], 'failure'],
    [['in-progress', 'failure'], 'failure'],
    [['waiting', 'in-progress'], 'in-progress'],
    [['queued', 'waiting'], 'waiting'],
    [['cancelled', 'queued'], 'queued'],
    [['success', 'cancelled'], 'cancelled'],
  ] as Array<[DeploymentStatus[], DeploymentStatus]>)(
    'shows the worst status of %j: %s',
    (statuses, worst) => {
      const [us, eu] = statuses;
      const summary = summarizeGroup(
        {
          'prod-us': slot('prod-us', us, '1'),
          'prod-eu': slot('prod-eu', eu, '2'),
          prod: slot('prod', 'success', '2'),
        },
        PROD,
      )!;
      expect(summary.status).toBe(worst);
      expect(summary.versionText).toBe('2 versions');
      expect(summary.withData).toBe(3);
      // Worst first.
      expect(summary.members[0].slot.current.status).toBe(worst);
    },
  );

  it('orders the statuses failure, in-progress, waiting, queued, cancelled, success', () => {
    expect(STATUS_SEVERITY).toEqual([
      'failure',
      'in-progress',
      'waiting',
      'queued',
      'cancelled',
      'success',
    ]);
  });

  it('counts missing versions as one version of their own', () => {
    const summary = summarizeGroup(
      { prod: slot('prod', 'success', null) },
      PROD,
    )!;
    expect(summary).toMatchObject({
      versionText: '(no version)',
      withData: 1,
      total: 3,
    });
  });
});
