import { act, screen, waitFor, within } from '@testing-library/react';
import { seedServices, serviceName } from '../../__testUtils__/bigMatrix';
import { FakeMatrixServer } from '../../hooks/__testUtils__/FakeMatrixServer';
import {
  renderedServices,
  scrollToRow,
  withMatrixLayout,
} from '../../__testUtils__/matrixLayout';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { MatrixPage } from './MatrixPage';

// Count how often slot contents render, keeping the real component.
const renders = { count: 0 };
jest.mock('./SlotContent', () => {
  const { SlotContent: Real } = jest.requireActual('./SlotContent');
  return {
    SlotContent: (props: any) => {
      renders.count++;
      return <Real {...props} />;
    },
  };
});

const failure = (service: string, version: string) => ({
  service,
  environment: 'prod',
  status: 'failure' as const,
  version,
  happened_at: '2026-06-01T00:00:00.000Z',
});

/** Counts the DOM changes from `fn` until `done` passes. */
async function mutationsUntil(
  fn: () => void,
  done: () => void,
): Promise<number> {
  let count = 0;
  const observer = new MutationObserver(records => {
    count += records.length;
  });
  observer.observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
  fn();
  await waitFor(done);
  count += observer.takeRecords().length;
  observer.disconnect();
  return count;
}

describe('MatrixPage with 5,000 services × 12 environments', () => {
  let server: FakeMatrixServer;
  beforeAll(() => {
    server = new FakeMatrixServer();
    seedServices(server, 5000);
  });
  withMatrixLayout({ height: 640, width: 1200 });

  async function renderPage() {
    await renderWithApis(<MatrixPage />, { api: server });
    await screen.findAllByTestId('deployments-matrix-row');
    await waitFor(() =>
      expect(screen.getByTestId('deployments-live-indicator')).toHaveAttribute(
        'data-status',
        'live',
      ),
    );
  }

  it('renders the rows in view, and a stream frame re-renders only its slot', async () => {
    await renderPage();
    // The first page of 200 rows is loaded; about a screen of it rendered.
    expect(screen.getByTestId('matrix-count')).toHaveTextContent(
      '200 services loaded',
    );
    expect(renderedServices().length).toBeLessThanOrEqual(20);
    expect(screen.getAllByTestId('deployment-slot').length).toBeLessThanOrEqual(
      20 * 12,
    );

    renders.count = 0;
    const mutations = await mutationsUntil(
      () => {
        server.commit([failure(serviceName(3), '9.9.9')]);
      },
      () => expect(screen.getByText('9.9.9')).toBeInTheDocument(),
    );
    // One slot, rendered at most twice by StrictMode in development.
    expect(renders.count).toBeGreaterThan(0);
    expect(renders.count).toBeLessThanOrEqual(2);
    expect(mutations).toBeLessThanOrEqual(20);
  });

  it('updates a row that is not rendered, and shows it when scrolled to', async () => {
    await renderPage();
    renders.count = 0;
    server.commit([failure(serviceName(150), '7.7.7')]);
    // Give the frame time to be applied: nothing on screen changes.
    await act(() => new Promise(resolve => setTimeout(resolve, 100)));
    expect(renders.count).toBe(0);
    expect(screen.queryByText('7.7.7')).toBeNull();

    scrollToRow(145);
    expect(renderedServices()).toContain(serviceName(150));
    const cell = document.querySelector(
      `[data-service="${serviceName(150)}"][data-environment="prod"]`,
    ) as HTMLElement;
    expect(cell).toHaveAttribute('data-status', 'failure');
    expect(within(cell).getByText('7.7.7')).toBeInTheDocument();
  });
});
