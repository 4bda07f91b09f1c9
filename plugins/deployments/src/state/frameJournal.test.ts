import { makeEvent } from '../__testUtils__/fixtures';
import { FrameJournal } from './frameJournal';

const frames = (n: number) => Array.from({ length: n }, () => makeEvent());

describe('FrameJournal', () => {
  it('keeps frames only while a fetch is open, each from its own start', () => {
    const journal = new FrameJournal();
    journal.record(frames(3));
    expect(journal.size).toBe(0);

    const first = journal.begin();
    const early = frames(2);
    journal.record(early);
    const second = journal.begin();
    const late = frames(3);
    journal.record(late);

    expect(journal.end(second)).toEqual(late);
    expect(journal.end(first)).toEqual([...early, ...late]);
    expect(journal.size).toBe(0);
  });

  it('trims what no open fetch needs and forgets released marks', () => {
    const journal = new FrameJournal();
    const old = journal.begin();
    journal.record(frames(10));
    const young = journal.begin();
    const kept = frames(2);
    journal.record(kept);
    journal.release(old);
    expect(journal.size).toBe(2);
    expect(journal.end(young)).toEqual(kept);
    expect(journal.end(old)).toEqual([]);
  });
});
