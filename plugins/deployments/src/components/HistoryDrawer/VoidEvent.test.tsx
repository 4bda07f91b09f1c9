import { ReactElement } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DeploymentEvent } from '@deploydash/plugin-deployments-common';
import { DeploymentsApiError } from '../../api/DeploymentsApiError';
import { FakeDeploymentsApi, makeEvent } from '../../__testUtils__/fixtures';
import { foldRun } from '../../__testUtils__/runFixtures';
import { renderWithPermission } from '../../__testUtils__/renderWithPermission';
import { HistoryDrawer } from './HistoryDrawer';
import { HistoryEvent } from './HistoryEvent';
import { VoidedEventsContext } from './voidedEventsContext';

const VOID = { name: 'Void this event…' };
const event = makeEvent({
  id: '42',
  service: 'checkout',
  environment: 'prod',
  version: '1.2.3',
});

/** Renders with a policy that allows `deployments.event.void` (see renderWithPermission). */
function render(element: ReactElement, api: FakeDeploymentsApi) {
  return renderWithPermission(<ul>{element}</ul>, { api, canVoid: true })
    .rendered;
}

async function openDialog() {
  await userEvent.click(await screen.findByRole('button', VOID));
  return screen.findByRole('dialog', { name: 'Void this event?' });
}

describe('voiding an event from the history', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
  });

  it('asks for a reason of 1 to 500 characters with a counter, and voids with it', async () => {
    const onVoided = jest.fn();
    await render(
      <VoidedEventsContext.Provider value={onVoided}>
        <HistoryEvent event={event} />
      </VoidedEventsContext.Provider>,
      api,
    );
    const dialog = await openDialog();
    expect(dialog).toHaveTextContent(
      'Event 42: checkout in prod, success, version 1.2.3',
    );
    const submit = within(dialog).getByRole('button', { name: 'Void event' });
    const reason = within(dialog).getByRole('textbox', { name: /Reason/ });
    expect(submit).toBeDisabled();
    expect(dialog).toHaveTextContent('0/500');

    fireEvent.change(reason, { target: { value: '   ' } });
    fireEvent.blur(reason);
    expect(dialog).toHaveTextContent('Say why this event is voided (3/500)');
    expect(submit).toBeDisabled();

    fireEvent.change(reason, { target: { value: 'x'.repeat(501) } });
    expect(dialog).toHaveTextContent('At most 500 characters (501/500)');
    expect(submit).toBeDisabled();

    fireEvent.change(reason, {
      target: { value: '  Ran in staging, not prod  ' },
    });
    expect(dialog).toHaveTextContent('28/500');
    expect(submit).toBeEnabled();
    await userEvent.click(submit);
    await waitFor(() => expect(onVoided).toHaveBeenCalledTimes(1));
    expect(api.voidCalls).toEqual([
      { id: '42', reason: 'Ran in staging, not prod' },
    ]);
    expect((onVoided.mock.calls[0][0] as DeploymentEvent).voided?.reason).toBe(
      'Ran in staging, not prod',
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows a refusal with its title and detail, and keeps the dialog and the reason', async () => {
    api.voidAnswer = id =>
      new DeploymentsApiError({
        status: 409,
        title: 'Conflict',
        detail: `Deployment event ${id} is already voided`,
      });
    await render(<HistoryEvent event={event} />, api);
    const dialog = await openDialog();
    const reason = within(dialog).getByRole('textbox', { name: /Reason/ });
    fireEvent.change(reason, { target: { value: 'duplicate' } });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Void event' }),
    );
    const conflict = await within(dialog).findByRole('alert');
    expect(conflict).toHaveTextContent('Conflict');
    expect(conflict).toHaveTextContent('Deployment event 42 is already voided');
    expect(reason).toHaveValue('duplicate');

    api.voidAnswer = () =>
      new DeploymentsApiError({
        status: 400,
        title: 'Bad Request',
        detail: 'reason: must not be empty',
        fieldErrors: [{ field: 'reason', message: 'must not be empty' }],
      });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Void event' }),
    );
    await waitFor(() =>
      expect(within(dialog).getByRole('alert')).toHaveTextContent(
        'Bad Request',
      ),
    );
    expect(
      within(dialog).getByRole('list', { name: 'Rejected fields' }),
    ).toHaveTextContent('reason must not be empty');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows a voided event struck through with who voided it and why, and no button', async () => {
    const voided = makeEvent({
      id: '43',
      voided: {
        at: '2026-01-02T10:00:00.000Z',
        by: 'user:default/jane',
        reason: 'Wrong environment',
      },
    });
    await render(<HistoryEvent event={voided} />, api);
    const item = await screen.findByTestId('history-event');
    expect(item).toHaveAttribute('data-voided', 'true');
    expect(within(item).getByTestId('voided-note')).toHaveTextContent(
      /Voided .* by user:default\/jane: Wrong environment/,
    );
    expect(item.firstElementChild).toHaveStyle('text-decoration: line-through');
    await waitFor(() => expect(screen.queryByRole('button', VOID)).toBeNull());
  });

  it('in the drawer: reloads the runs after a void, and shows voided events when asked', async () => {
    const older = makeEvent({
      id: '41',
      deployment_id: 'd1',
      happened_at: '2026-01-01T09:00:00.000Z',
    });
    api.runs = () => ({
      items: [foldRun([event]), foldRun([older])],
      next_cursor: null,
    });
    const voidedNow = {
      ...event,
      voided: {
        at: '2026-01-02T10:00:00.000Z',
        by: 'user:default/mock',
        reason: 'oops',
      },
    };
    api.history = () => ({ items: [voidedNow, older], next_cursor: null });
    await render(
      <HistoryDrawer
        target={{ service: 'checkout', environment: 'prod' }}
        onClose={jest.fn()}
      />,
      api,
    );
    const drawer = await screen.findByTestId('history-drawer');
    await waitFor(() =>
      expect(within(drawer).getAllByRole('button', VOID)).toHaveLength(2),
    );
    const runsBefore = api.runsCalls.length;

    await userEvent.click(within(drawer).getAllByRole('button', VOID)[0]);
    const dialog = await screen.findByRole('dialog', {
      name: 'Void this event?',
    });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Reason/ }), {
      target: { value: 'oops' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Void event' }),
    );
    await waitFor(() =>
      expect(api.runsCalls.length).toBeGreaterThan(runsBefore),
    );

    await userEvent.click(
      within(drawer).getByRole('checkbox', { name: 'Show voided events' }),
    );
    await waitFor(() =>
      expect(api.historyCalls.at(-1)).toMatchObject({
        include_voided: true,
        service: 'checkout',
        environment: 'prod',
      }),
    );
    const shown = await within(drawer).findAllByTestId('history-event');
    expect(shown.map(e => e.getAttribute('data-voided'))).toEqual([
      'true',
      null,
    ]);
    expect(within(shown[0]).getByTestId('voided-note')).toHaveTextContent(
      'oops',
    );
  });
});
