import { render, screen } from '@testing-library/react';
import { makeEvent } from '../../__testUtils__/fixtures';
import { HistoryEvent } from './HistoryEvent';

/**
 * Issue 18: the drawer broke its timestamps mid-token ("2026-12-0 /
 * 3T14:41…"): every detail was `word-break: break-all`. A time now wraps
 * only between its local and its UTC form, never inside either.
 */
describe('HistoryEvent time', () => {
  it('keeps the local time and the UTC instant each on one line', () => {
    const event = makeEvent({ happened_at: '2026-12-03T14:41:52.000Z' });
    render(
      <ul>
        <HistoryEvent event={event} />
      </ul>,
    );
    const time = screen.getByTestId('history-event-time');
    const parts = [...time.querySelectorAll('[data-time-part]')];
    expect(parts.map(p => p.textContent)).toEqual([
      new Date(event.happened_at).toLocaleString(),
      '(2026-12-03T14:41:52.000Z)',
    ]);
    for (const part of parts) {
      expect(getComputedStyle(part).whiteSpace).toBe('nowrap');
    }
    expect(getComputedStyle(time).wordBreak).not.toBe('break-all');
  });
});
