import { DeploymentRun } from '@deploydash/plugin-deployments-common';
import { makeEvent } from '../__testUtils__/fixtures';
import { foldRun } from '../__testUtils__/runFixtures';
import {
  LoadedRuns,
  NO_RUNS,
  appendOlderPage,
  hasMoreRuns,
  mergeFirstPage,
  refreshLimit,
  showPending,
} from './runPages';

let seq = 100;

/** A run started `minute` minutes past ten, with the given statuses in order. */
function run(id: string, minute: number, ...statuses: string[]): DeploymentRun {
  return foldRun(
    statuses.map((status, i) =>
      makeEvent({
        id: String(seq++),
        deployment_id: id,
        status: status as DeploymentRun['status'],
        happened_at: new Date(
          Date.parse('2026-01-01T10:00:00.000Z') + minute * 60_000 + i * 1000,
        ).toISOString(),
      }),
    ),
  );
}

const ids = (runs: DeploymentRun[]) => runs.map(r => r.deployment_id);

const loaded = (
  items: DeploymentRun[],
  nextCursor: string | null,
): LoadedRuns => ({ items, pending: [], nextCursor, loaded: true });

describe('run pages', () => {
  it('takes the first page as it is', () => {
    const first = { items: [run('b', 2, 'success')], next_cursor: 'c1' };
    expect(mergeFirstPage(NO_RUNS, first)).toEqual(loaded(first.items, 'c1'));
    expect(refreshLimit(NO_RUNS, 20)).toBe(20);
  });

  it('reloads every run on screen, so a run that finished stops running', () => {
    const prev = loaded(
      [
        run('c', 3, 'success'),
        run('b', 2, 'success'),
        run('a', 1, 'in-progress'),
      ],
      'after-a',
    );
    // Room for the runs shown plus a page of new ones.
    expect(refreshLimit(prev, 2)).toBe(5);
    const finished = run('a', 1, 'in-progress', 'success');
    const older = run('z', 0, 'success');
    const next = mergeFirstPage(prev, {
      items: [
        run('d', 4, 'queued'),
        prev.items[0],
        prev.items[1],
        finished,
        older,
      ],
      next_cursor: 'after-z',
    });
    expect(ids(next.items)).toEqual(['d', 'c', 'b', 'a']);
    expect(next.items[3].status).toBe('success');
    // What the reload read past the oldest run shown comes with Load more,
    // and the cursor is the reload's: an older one reads an older log.
    expect(ids(next.pending)).toEqual(['z']);
    expect(next.nextCursor).toBe('after-z');
    expect(hasMoreRuns(next)).toBe(true);

    const more = showPending(next);
    expect(ids(more.items)).toEqual(['d', 'c', 'b', 'a', 'z']);
    expect(more.pending).toEqual([]);
    expect(more.nextCursor).toBe('after-z');
  });

  it('stays complete when everything was loaded', () => {
    const prev = loaded([run('c', 3, 'success'), run('b', 2, 'success')], null);
    const next = mergeFirstPage(prev, {
      items: [run('d', 4, 'success'), ...prev.items],
      next_cursor: null,
    });
    expect(ids(next.items)).toEqual(['d', 'c', 'b']);
    expect(hasMoreRuns(next)).toBe(false);
  });

  it('keeps as many runs on screen when more new runs came than the reload reached', () => {
    const prev = loaded(
      [run('b', 2, 'success'), run('a', 1, 'failure')],
      'after-a',
    );
    const next = mergeFirstPage(prev, {
      items: [
        run('g', 7, 'queued'),
        run('f', 6, 'waiting'),
        run('e', 5, 'success'),
        run('d', 4, 'success'),
      ],
      next_cursor: 'after-d',
    });
    expect(ids(next.items)).toEqual(['g', 'f']);
    expect(ids(next.pending)).toEqual(['e', 'd']);
    expect(next.nextCursor).toBe('after-d');
  });

  it('forgets a run the backend no longer lists', () => {
    const prev = loaded([run('b', 2, 'success'), run('a', 1, 'success')], null);
    const next = mergeFirstPage(prev, {
      items: [prev.items[0]],
      next_cursor: null,
    });
    expect(ids(next.items)).toEqual(['b']);
  });

  it('never asks for more than the backend allows', () => {
    const many = Array.from({ length: 195 }, (_, i) =>
      run(`r${i}`, i, 'success'),
    );
    expect(refreshLimit(loaded(many, 'x'), 20)).toBe(200);
  });

  it('appends an older page, keeping the fresher copy of a run seen twice', () => {
    const stale = run('b', 2, 'in-progress');
    const prev = loaded([run('c', 3, 'success'), stale], 'c2');
    const fresh = foldRun([
      ...stale.events,
      makeEvent({
        id: String(seq++),
        deployment_id: 'b',
        status: 'cancelled',
        happened_at: '2026-01-01T10:09:00.000Z',
      }),
    ]);
    const next = appendOlderPage(prev, {
      items: [fresh, run('a', 1, 'success')],
      next_cursor: null,
    });
    expect(ids(next.items)).toEqual(['c', 'b', 'a']);
    expect(next.items[1].status).toBe('cancelled');
    expect(next.nextCursor).toBeNull();

    // An older copy arriving later does not win over the fresher one.
    const again = appendOlderPage(next, { items: [stale], next_cursor: null });
    expect(again.items[1].status).toBe('cancelled');
  });
});
