import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { makeEvent, slotOf } from '../../__testUtils__/fixtures';
import { toSummaryEvent } from '../../state/summaryEvent';
import { SlotCell } from './SlotCell';

function renderCell(props: Partial<Parameters<typeof SlotCell>[0]> = {}) {
  const onOpen = jest.fn();
  const result = renderInTestApp(
    <table>
      <tbody>
        <tr>
          <SlotCell
            service="checkout"
            environment="prod"
            col={1}
            active
            onOpen={onOpen}
            {...props}
          />
        </tr>
      </tbody>
    </table>,
  );
  return { onOpen, result };
}

describe('SlotCell', () => {
  it('names the status in words, not just colour', async () => {
    await renderCell({
      slot: slotOf(
        makeEvent({ status: 'failure', version: '3.1.0' }),
        makeEvent({ version: '3.0.0' }),
      ),
    }).result;
    expect(screen.getByText('Failed')).toBeInTheDocument();
    expect(screen.getByTestId('deployment-slot')).toHaveAttribute(
      'data-status',
      'failure',
    );
    expect(
      screen.getByRole('button', {
        name: 'checkout in prod: Failed, version 3.1.0, last success 3.0.0. Show history',
      }),
    ).toBeInTheDocument();
  });

  it.each([
    ['queued', 'Queued'],
    ['waiting', 'Awaiting approval'],
    ['cancelled', 'Cancelled'],
  ] as const)(
    'shows a %s slot in words, with what last succeeded',
    async (status, words) => {
      await renderCell({
        slot: slotOf(
          makeEvent({ status, version: '3.1.0' }),
          makeEvent({ version: '3.0.0' }),
        ),
      }).result;
      expect(screen.getByText(words)).toBeInTheDocument();
      expect(screen.getByTestId('slot-last-success')).toHaveTextContent(
        'Last success: 3.0.0',
      );
      expect(
        screen.getByRole('button', {
          name: `checkout in prod: ${words}, version 3.1.0, last success 3.0.0. Show history`,
        }),
      ).toBeInTheDocument();
      // Only a running deployment spins.
      expect(screen.queryByRole('progressbar', { hidden: true })).toBeNull();
    },
  );

  it('opens the drawer with Enter and Space, and on click', async () => {
    const { onOpen, result } = renderCell({ slot: slotOf(makeEvent()) });
    await result;
    const button = screen.getByRole('button');
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(onOpen).toHaveBeenLastCalledWith('checkout', 'prod');
    await userEvent.keyboard(' ');
    await userEvent.click(button);
    expect(onOpen).toHaveBeenCalledTimes(3);
  });

  it('ignores other keys', async () => {
    const { onOpen, result } = renderCell({ slot: slotOf(makeEvent()) });
    await result;
    screen.getByRole('button').focus();
    await userEvent.keyboard('a');
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('renders an empty slot without a button, as a focusable grid cell', async () => {
    await renderCell().result;
    expect(screen.queryByRole('button')).toBeNull();
    const cell = screen.getByRole('gridcell');
    expect(cell).toHaveAttribute('data-testid', 'deployment-slot');
    expect(cell).toHaveAttribute('data-status', 'none');
    expect(cell).toHaveAttribute('tabindex', '0');
    expect(cell).toHaveTextContent('Not deployed');
  });

  it("is in the tab order only while it holds the grid's tab stop", async () => {
    await renderCell({ slot: slotOf(makeEvent()), active: false }).result;
    expect(screen.getByRole('button')).toHaveAttribute('tabindex', '-1');
  });

  it('works with the summary view: names the run link from its own props', async () => {
    // The summary view's events carry no service or environment.
    const summary = toSummaryEvent(
      makeEvent({
        run_url: 'https://ci.example/runs/7',
        run_number: 7,
        actor: 'erin',
      }),
    );
    await renderCell({ slot: slotOf(summary) }).result;
    const link = screen.getByRole('link', {
      name: 'CI run for checkout in prod (opens in a new tab)',
    });
    expect(link).toHaveTextContent('Run #7');
    // One tab stop per grid: the link is reached through the drawer.
    expect(link).toHaveAttribute('tabindex', '-1');
    expect(screen.getByText('erin')).toBeInTheDocument();
  });
});
