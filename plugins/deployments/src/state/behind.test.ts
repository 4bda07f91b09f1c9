import { BEHIND_AFTER_MS, behindState } from './behind';

describe('behindState', () => {
  it('is behind once the oldest outstanding work is older than the limit', () => {
    expect(behindState(10_000, [undefined, undefined])).toEqual({
      behind: false,
    });
    expect(behindState(10_000, [9_000, undefined])).toEqual({
      behind: false,
      recheckInMs: BEHIND_AFTER_MS - 1_000 + 1,
    });
    expect(behindState(10_000, [9_500, 6_999])).toEqual({ behind: true });
  });
});
