import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StorageApi } from '@backstage/core-plugin-api';
import { mockApis } from '@backstage/test-utils';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { withMatrixLayout } from '../../__testUtils__/matrixLayout';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { SavedView, VIEWS_BUCKET, VIEWS_KEY } from '../../hooks/savedViews';
import { MatrixPage } from './MatrixPage';
import { savedView as view } from '../../hooks/__testUtils__/savedViewFixtures';

const ENVIRONMENTS = ['dev', 'staging', 'prod'];

function matrixApi(): FakeDeploymentsApi {
  const api = new FakeDeploymentsApi();
  api.matrix = {
    environments: ENVIRONMENTS,
    services: [
      {
        service: 'checkout',
        entity_ref: null,
        slots: Object.fromEntries(
          ENVIRONMENTS.map((environment, i) => [
            environment,
            slotOf(
              makeEvent({
                id: String(i + 1),
                service: 'checkout',
                environment,
                // A failing row, so `failures=1` keeps it.
                status: environment === 'prod' ? 'failure' : 'success',
              }),
            ),
          ]),
        ),
      },
    ],
  };
  return api;
}

const search = () =>
  new URLSearchParams(screen.getByTestId('location-search').textContent ?? '');
const headers = () =>
  screen
    .getAllByTestId('deployments-matrix-column')
    .map(c => c.getAttribute('data-column-name'));
const slotEnvironments = () =>
  screen
    .getAllByTestId('deployment-slot')
    .map(s => s.getAttribute('data-environment'));
const storedViews = (storage: StorageApi) =>
  storage.forBucket(VIEWS_BUCKET).snapshot(VIEWS_KEY).value;

async function renderPage(
  options: {
    url?: string;
    storage?: StorageApi;
    api?: FakeDeploymentsApi;
  } = {},
) {
  const storage = options.storage ?? mockApis.storage();
  await renderWithApis(<MatrixPage />, {
    api: options.api ?? matrixApi(),
    storage,
    routeEntries: [options.url ?? '/deployments'],
  });
  await screen.findByTestId('deployments-matrix-row');
  return storage;
}

async function openViews() {
  await userEvent.click(screen.getByTestId('matrix-views-button'));
  return screen.findByTestId('matrix-views-menu');
}

async function saveAs(name: string) {
  const menu = await openViews();
  await userEvent.click(
    within(menu).getByRole('button', { name: 'Save current view…' }),
  );
  const dialog = await screen.findByRole('dialog', { name: /Save view/ });
  const field = within(dialog).getByLabelText(/Name/);
  await userEvent.clear(field);
  if (name) await userEvent.type(field, name);
  return dialog;
}

describe('MatrixPage: columns and saved views', () => {
  withMatrixLayout();

  it('shows the columns of the URL in its order, hidden ones absent, unknown names ignored', async () => {
    await renderPage({ url: '/deployments?columns=qa,prod,staging,-dev' });
    expect(headers()).toEqual(['prod', 'staging']);
    expect(slotEnvironments()).toEqual(['prod', 'staging']);
  });

  it('moves and hides an environment group as one column, named by the group', async () => {
    const api = matrixApi();
    const slots = api.matrix.services[0].slots;
    api.matrix = {
      environments: ['dev', 'prod-eu', 'prod-us'],
      environment_groups: [
        { name: 'prod', environments: ['prod-eu', 'prod-us'] },
      ],
      services: [
        {
          service: 'checkout',
          entity_ref: null,
          slots: {
            dev: slots.dev,
            'prod-eu': slots.prod,
            'prod-us': slots.prod,
          },
        },
      ],
    };
    await renderPage({ api, url: '/deployments?columns=prod,-prod-eu' });
    expect(headers()).toEqual(['prod', 'dev']);
    await userEvent.click(screen.getByTestId('matrix-columns-button'));
    const menu = await screen.findByTestId('matrix-columns-menu');
    expect(
      within(menu)
        .getAllByTestId('matrix-columns-item')
        .map(i => i.dataset.column),
    ).toEqual(['prod', 'dev']);
    expect(
      within(menu).getByText('Group: prod-eu, prod-us'),
    ).toBeInTheDocument();
    await userEvent.click(
      within(menu).getByRole('checkbox', { name: 'Show prod' }),
    );
    await waitFor(() => expect(headers()).toEqual(['dev']));
    expect(search().get('columns')).toBe('-prod');
  });

  it('hides and reorders columns from the Columns menu, by keyboard, into the URL', async () => {
    await renderPage();
    expect(headers()).toEqual(ENVIRONMENTS);
    await userEvent.click(screen.getByTestId('matrix-columns-button'));
    const menu = await screen.findByTestId('matrix-columns-menu');

    await userEvent.click(
      within(menu).getByRole('checkbox', { name: 'Show dev' }),
    );
    await waitFor(() => expect(headers()).toEqual(['staging', 'prod']));
    expect(search().get('columns')).toBe('-dev');

    const up = within(menu).getByRole('button', { name: 'Move prod up' });
    up.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(search().get('columns')).toBe('-dev,prod'));
    expect(
      within(menu).getByRole('button', { name: 'Move prod up' }),
    ).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(search().get('columns')).toBe('prod,-dev'));
    // At the top: "up" is disabled, so "down" has the focus.
    expect(
      within(menu).getByRole('button', { name: 'Move prod up' }),
    ).toBeDisabled();
    expect(
      within(menu).getByRole('button', { name: 'Move prod down' }),
    ).toHaveFocus();
    expect(headers()).toEqual(['prod', 'staging']);
    expect(
      within(menu)
        .getAllByTestId('matrix-columns-item')
        .map(
          i => `${i.dataset.hidden === 'true' ? '-' : ''}${i.dataset.column}`,
        ),
    ).toEqual(['prod', '-dev', 'staging']);
    expect(screen.getByTestId('matrix-columns-button')).toHaveTextContent(
      'Columns (1 hidden)',
    );

    await userEvent.click(
      within(menu).getByRole('button', { name: 'Reset columns' }),
    );
    await waitFor(() => expect(headers()).toEqual(ENVIRONMENTS));
    expect(search().has('columns')).toBe(false);
  });

  it('saves the view on screen, applies it after Reset, and keeps it for the next visit', async () => {
    const storage = await renderPage({
      url: '/deployments?columns=prod,-dev&q=check&failures=1',
    });
    const dialog = await saveAs('Prod first');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(storedViews(storage)).toEqual([
        view('Prod first', {
          columns: 'prod,-dev',
          q: 'check',
          failures: true,
        }),
      ]),
    );
    expect(
      await screen.findByText('Saved the view “Prod first”'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('matrix-views-button')).toHaveTextContent(
      'View: Prod first',
    );

    let menu = await openViews();
    await userEvent.click(within(menu).getByRole('button', { name: 'Reset' }));
    await waitFor(() => expect(headers()).toEqual(ENVIRONMENTS));
    expect([...search().keys()]).toEqual([]);
    expect(screen.getByLabelText('Search services')).toHaveValue('');

    menu = await openViews();
    await userEvent.click(
      within(menu).getByRole('button', { name: 'Prod first' }),
    );
    await waitFor(() => expect(headers()).toEqual(['prod', 'staging']));
    expect(search().get('columns')).toBe('prod,-dev');
    expect(search().get('q')).toBe('check');
    expect(search().get('failures')).toBe('1');
    expect(screen.getByLabelText('Failures only')).toBeChecked();
  });

  it('lists the saved views on the next visit (same person, same store)', async () => {
    const storage = mockApis.storage();
    const first = await renderWithApis(<MatrixPage />, {
      api: matrixApi(),
      storage,
      routeEntries: ['/deployments?columns=-staging'],
    });
    await screen.findByTestId('deployments-matrix-row');
    const dialog = await saveAs('No staging');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved the view “No staging”');
    first.unmount();

    await renderPage({ storage });
    expect(headers()).toEqual(ENVIRONMENTS);
    const menu = await openViews();
    await userEvent.click(
      within(menu).getByRole('button', { name: 'No staging' }),
    );
    await waitFor(() => expect(headers()).toEqual(['dev', 'prod']));
  });

  it('replaces a view of the same name after asking', async () => {
    const storage = mockApis.storage();
    await storage
      .forBucket(VIEWS_BUCKET)
      .set(VIEWS_KEY, [view('Mine', { columns: '-prod' }), view('Other')]);
    await renderPage({ url: '/deployments?columns=staging', storage });
    const dialog = await saveAs('Mine');
    expect(
      within(dialog).getByText(/Saving replaces the view of this name/),
    ).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const confirm = await screen.findByRole('dialog', {
      name: 'Replace “Mine”?',
    });
    expect(
      within(confirm).getByRole('button', { name: 'Replace' }),
    ).toHaveFocus();
    expect(storedViews(storage)).toEqual([
      view('Mine', { columns: '-prod' }),
      view('Other'),
    ]);
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Replace' }),
    );
    await waitFor(() =>
      expect(storedViews(storage)).toEqual([
        view('Mine', { columns: 'staging' }),
        view('Other'),
      ]),
    );
    expect(
      await screen.findByText('Replaced the view “Mine”'),
    ).toBeInTheDocument();
  });

  it('takes names of 1 to 60 characters', async () => {
    const storage = await renderPage();
    const dialog = await saveAs('x'.repeat(61));
    expect(
      within(dialog).getByText('At most 60 characters (this has 61).'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
    await userEvent.clear(within(dialog).getByLabelText(/Name/));
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/Name/), 'x'.repeat(60));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(storedViews(storage)).toEqual([view('x'.repeat(60))]),
    );
  });

  it('deletes a view', async () => {
    const storage = mockApis.storage();
    await storage
      .forBucket(VIEWS_BUCKET)
      .set(VIEWS_KEY, [view('a'), view('b')]);
    await renderPage({ storage });
    const menu = await openViews();
    await userEvent.click(
      within(menu).getByRole('button', { name: 'Delete the view a' }),
    );
    await waitFor(() => expect(storedViews(storage)).toEqual([view('b')]));
    expect(
      within(menu)
        .getAllByTestId('saved-view')
        .map(v => v.dataset.name),
    ).toEqual(['b']);
  });

  it('keeps at most 50 views and says so; a full list still replaces', async () => {
    const storage = mockApis.storage();
    const fifty = Array.from({ length: 50 }, (_, i) => view(`view ${i + 1}`));
    await storage.forBucket(VIEWS_BUCKET).set(VIEWS_KEY, fifty);
    await renderPage({ url: '/deployments?columns=-dev', storage });
    const menu = await openViews();
    expect(within(menu).getByTestId('saved-views-count')).toHaveTextContent(
      '50 of 50 views saved, the most there can be: delete one to save another.',
    );
    await userEvent.click(
      within(menu).getByRole('button', { name: 'Save current view…' }),
    );
    let dialog = await screen.findByRole('dialog', { name: /Save view/ });
    await userEvent.type(within(dialog).getByLabelText(/Name/), 'view 51');
    expect(
      within(dialog).getByText(/50 views are saved, the most there can be/),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();

    await userEvent.clear(within(dialog).getByLabelText(/Name/));
    await userEvent.type(within(dialog).getByLabelText(/Name/), 'view 7');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    dialog = await screen.findByRole('dialog', { name: 'Replace “view 7”?' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Replace' }),
    );
    await waitFor(() =>
      expect((storedViews(storage) as SavedView[])[6]).toEqual(
        view('view 7', { columns: '-dev' }),
      ),
    );
    expect(storedViews(storage)).toHaveLength(50);
  });

  it('lists only the well-formed views of what storage holds', async () => {
    const storage = mockApis.storage();
    await storage
      .forBucket(VIEWS_BUCKET)
      .set(VIEWS_KEY, [
        { name: 'Good', columns: 'prod' },
        { name: 42 },
        { name: 'Bad', failures: 'yes' },
        'junk',
      ]);
    await renderPage({ storage });
    const menu = await openViews();
    expect(
      within(menu)
        .getAllByTestId('saved-view')
        .map(v => v.dataset.name),
    ).toEqual(['Good']);
    await userEvent.click(within(menu).getByRole('button', { name: 'Good' }));
    await waitFor(() => expect(headers()).toEqual(['prod', 'dev', 'staging']));
  });

  it('says when nothing is stored', async () => {
    await renderPage();
    const menu = await openViews();
    expect(within(menu).getByText(/No saved views yet/)).toBeInTheDocument();
    expect(within(menu).getByTestId('saved-views-count')).toHaveTextContent(
      '0 of 50 views saved.',
    );
  });
});

describe('MatrixPage: Copy link', () => {
  withMatrixLayout();
  const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  afterEach(() => {
    if (original) Object.defineProperty(navigator, 'clipboard', original);
    else delete (navigator as any).clipboard;
  });
  const setClipboard = (value: unknown) =>
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value,
    });

  it('copies the URL of the view on screen and says so', async () => {
    const writeText = jest.fn(async () => {});
    setClipboard({ writeText });
    await renderPage({ url: '/deployments?columns=prod,-dev&q=check' });
    const menu = await openViews();
    await userEvent.click(
      within(menu).getByRole('button', { name: 'Copy link' }),
    );
    expect(await screen.findByText('Link copied')).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledTimes(1);
    const copied = new URL(writeText.mock.calls[0][0 as never] as string);
    expect(copied.pathname).toBe('/deployments');
    expect(copied.searchParams.get('columns')).toBe('prod,-dev');
    expect(copied.searchParams.get('q')).toBe('check');
  });

  it('shows the link to copy by hand when there is no clipboard', async () => {
    setClipboard(undefined);
    await renderPage({ url: '/deployments?columns=-dev' });
    const menu = await openViews();
    await userEvent.click(
      within(menu).getByRole('button', { name: 'Copy link' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Link to this view',
    });
    const link = within(dialog).getByTestId('view-link') as HTMLInputElement;
    expect(new URL(link.value).search).toBe('?columns=-dev');
    expect(screen.queryByText('Link copied')).not.toBeInTheDocument();
  });

  it('shows the link when the browser refuses to copy', async () => {
    setClipboard({
      writeText: jest.fn(async () => Promise.reject(new Error('denied'))),
    });
    await renderPage({ url: '/deployments?q=pay' });
    const menu = await openViews();
    await userEvent.click(
      within(menu).getByRole('button', { name: 'Copy link' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Link to this view',
    });
    expect(within(dialog).getByTestId('view-link')).toHaveValue(
      `${window.location.origin}/deployments?q=pay`,
    );
  });
});
