import { act, screen, waitFor } from '@testing-library/react';
import { FakeDeploymentsApi, makeEvent } from '../../__testUtils__/fixtures';
import { renderWithPermission } from '../../__testUtils__/renderWithPermission';
import { HistoryEvent } from './HistoryEvent';

// Its own file: usePermission caches the policy's answer for the whole file.
describe('voiding an event without deployments.event.void', () => {
  it('offers no "Void this event…" once the policy said no', async () => {
    const { rendered, asked } = renderWithPermission(
      <ul>
        <HistoryEvent event={makeEvent({ id: '42' })} />
      </ul>,
      { api: new FakeDeploymentsApi(), canVoid: false },
    );
    await rendered;
    expect(await screen.findByTestId('history-event')).toBeInTheDocument();
    await waitFor(() => expect(asked).toContain('deployments.event.void'));
    // Let the answer land and render.
    await act(() => new Promise(resolve => setTimeout(resolve, 50)));
    expect(
      screen.queryByRole('button', { name: 'Void this event…' }),
    ).toBeNull();
  });
});
