import { render, screen, within } from '@testing-library/react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import { FreezeFlaggedEvent } from '@deploydash/plugin-deployments-common';
import { makeEvent } from '../../__testUtils__/fixtures';
import { foldRun } from '../../__testUtils__/runFixtures';
import { HistoryEvent } from '../HistoryDrawer/HistoryEvent';
import { RunRow } from '../EntityDeploymentsContent/RunRow';
import { FreezeChip } from './FreezeChip';

const frozen = (overrides = {}): FreezeFlaggedEvent => ({
  ...makeEvent(overrides),
  in_freeze: { name: 'year-end', reason: 'Year-end freeze' },
});

describe('FreezeChip', () => {
  it('marks an event that happened in a freeze, with the freeze in its tooltip and for screen readers', () => {
    render(<FreezeChip event={frozen()} />);
    const chip = screen.getByTestId('freeze-chip');
    expect(chip).toHaveAttribute('data-freeze', 'year-end');
    expect(chip).toHaveAttribute(
      'title',
      'Happened during the freeze "year-end": Year-end freeze',
    );
    expect(chip).toHaveTextContent('in freeze: year-end, Year-end freeze');
  });

  it('shows nothing for an event outside a freeze, or read without in_freeze (the stream)', () => {
    const { container } = render(
      <>
        <FreezeChip
          event={{ ...makeEvent(), in_freeze: null } as FreezeFlaggedEvent}
        />
        <FreezeChip event={makeEvent()} />
        <FreezeChip events={[]} />
      </>,
    );
    expect(container).toBeEmptyDOMElement();
  });

  it('is on flagged events of the history drawer', () => {
    render(
      <ul>
        <HistoryEvent event={frozen({ id: '1' })} />
        <HistoryEvent
          event={
            { ...makeEvent({ id: '2' }), in_freeze: null } as FreezeFlaggedEvent
          }
        />
      </ul>,
    );
    const [inFreeze, outside] = screen.getAllByTestId('history-event');
    expect(within(inFreeze).getByTestId('freeze-chip')).toBeInTheDocument();
    expect(within(outside).queryByTestId('freeze-chip')).toBeNull();
  });

  it('is on a run of the entity tab when one of its events happened in a freeze', () => {
    const run = foldRun([
      {
        ...makeEvent({
          deployment_id: 'd-1',
          status: 'in-progress',
          happened_at: '2026-01-01T09:00:00.000Z',
        }),
        in_freeze: null,
      } as FreezeFlaggedEvent,
      frozen({
        deployment_id: 'd-1',
        status: 'success',
        happened_at: '2026-01-01T09:05:00.000Z',
      }),
    ]);
    const calm = foldRun([makeEvent({ deployment_id: 'd-2' })]);
    render(
      <Table>
        <TableBody>
          <RunRow run={run} />
          <RunRow run={calm} />
        </TableBody>
      </Table>,
    );
    const [first, second] = screen.getAllByTestId('recent-deployment');
    expect(within(first).getByTestId('freeze-chip')).toHaveAttribute(
      'data-freeze',
      'year-end',
    );
    expect(within(second).queryByTestId('freeze-chip')).toBeNull();
  });
});
