import { makeEvent } from '../__testUtils__/fixtures';
import { groupByDeployment, sortNewestFirst } from './groupByDeployment';

describe('groupByDeployment', () => {
  it('groups by deployment id, newest group first, with the duration', () => {
    const events = [
      makeEvent({
        id: '1',
        deployment_id: 'd1',
        status: 'in-progress',
        happened_at: '2026-01-01T10:00:00.000Z',
      }),
      makeEvent({
        id: '3',
        deployment_id: 'd2',
        status: 'in-progress',
        happened_at: '2026-01-01T11:00:00.000Z',
      }),
      makeEvent({
        id: '2',
        deployment_id: 'd1',
        status: 'success',
        happened_at: '2026-01-01T10:04:12.000Z',
      }),
    ];
    const groups = groupByDeployment(events);
    expect(groups.map(g => g.deploymentId)).toEqual(['d2', 'd1']);
    expect(groups[1].events.map(e => e.id)).toEqual(['2', '1']);
    expect(groups[1].durationMs).toBe(252_000);
    expect(groups[0].durationMs).toBe(0);
  });

  it('removes duplicates from overlapping pages', () => {
    const e = makeEvent({ id: '5' });
    expect(sortNewestFirst([e, { ...e }])).toHaveLength(1);
  });
});
