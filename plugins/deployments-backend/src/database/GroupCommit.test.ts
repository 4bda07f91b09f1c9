import { GroupCommit } from './GroupCommit';

const tick = (ms = 0) => new Promise(r => setTimeout(r, ms));

/** A write that records its groups and answers each item doubled, after `ms`. */
function recordingWrite(ms = 5, fail?: (items: number[]) => boolean) {
  const groups: number[][] = [];
  const write = async (items: number[]) => {
    groups.push(items);
    await tick(ms);
    if (fail?.(items)) throw new Error(`group ${groups.length} failed`);
    return items.map(i => i * 2);
  };
  return { groups, write };
}

describe('GroupCommit', () => {
  it('writes items added within maxWaitMs together, answering each its own result', async () => {
    const { groups, write } = recordingWrite();
    const commit = new GroupCommit(write, { maxItems: 500, maxWaitMs: 2 });
    const results = await Promise.all([1, 2, 3].map(i => commit.add(i)));
    expect(results).toEqual([2, 4, 6]);
    expect(groups).toEqual([[1, 2, 3]]);
  });

  it('queues what arrives during a write and writes it as the next group, in arrival order', async () => {
    const { groups, write } = recordingWrite(20);
    const commit = new GroupCommit(write, { maxItems: 500, maxWaitMs: 1 });
    const first = commit.add(1);
    await tick(5); // the first group is being written
    const rest = [2, 3, 4].map(i => commit.add(i));
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
    expect(groups).toEqual([[1], [2, 3, 4]]);
  });

  it('writes at once when maxItems are waiting, and never more than maxItems at a time', async () => {
    const { groups, write } = recordingWrite(1);
    const commit = new GroupCommit(write, { maxItems: 3, maxWaitMs: 10_000 });
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(i => commit.add(i)));
    expect(results).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(groups.map(g => g.length)).toEqual([3, 3, 1]);
    expect(groups.flat()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('fails every item of a failed group, and only those', async () => {
    const { write } = recordingWrite(10, items => items.includes(2));
    const commit = new GroupCommit(write, { maxItems: 500, maxWaitMs: 1 });
    const first = commit.add(1);
    await tick(3);
    const failing = [2, 3].map(i => commit.add(i));
    await tick(3);
    const outcomes = await Promise.allSettled([first, ...failing]);
    const after = await commit.add(4);
    expect(outcomes.map(o => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('group 2 failed'));
    expect(after).toBe(8);
  });

  it('fails the group when the write throws before it returns a promise', async () => {
    const commit = new GroupCommit<number, number>(() => {
      throw new Error('no connection');
    });
    await expect(commit.add(1)).rejects.toThrow('no connection');
  });
});
