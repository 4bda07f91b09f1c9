import { act, screen, waitFor, within } from '@testing-library/react';
import { seedServices, serviceName } from '../../__testUtils__/bigMatrix';
import {
  renderedServices,
  scrollToRow,
  withMatrixLayout,
} from '../../__testUtils__/matrixLayout';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { FakeMatrixServer } from '../../hooks/__testUtils__/FakeMatrixServer';
import { MatrixPage } from './MatrixPage';

const ENVIRONMENTS = ['dev', 'staging', 'prod'];

const loadedCount = () =>
  Number(
    /(\d+)/.exec(screen.getByTestId('matrix-count').textContent ?? '')![1],
  );

const slot = (service: string, environment: string) =>
  document.querySelector<HTMLElement>(
    `[data-testid="deployment-slot"][data-service="${service}"][data-environment="${environment}"]`,
  );

describe('MatrixPage paging through 2,000 services', () => {
  withMatrixLayout({ height: 640, width: 1200 });

  it('fetches pages while scrolling until every service is rendered, with live updates on and off screen', async () => {
    const server = new FakeMatrixServer();
    seedServices(server, 2000, ENVIRONMENTS);
    await renderWithApis(<MatrixPage />, { api: server });
    await screen.findAllByTestId('deployments-matrix-row');
    expect(server.pageQueries[0]).toMatchObject({
      view: 'summary',
      limit: 200,
    });
    await waitFor(() => expect(server.streams.length).toBe(1));

    // A frame for a service whose page is not loaded yet.
    server.commit([
      {
        service: serviceName(1500),
        environment: 'prod',
        status: 'failure',
        version: '6.6.6',
        happened_at: '2026-06-01T00:00:00.000Z',
      },
    ]);

    // Scroll to the end of what is loaded until nothing more comes.
    for (let pass = 0; pass < 20; pass++) {
      if (/^All/.test(screen.getByTestId('matrix-count').textContent ?? '')) {
        break;
      }
      const before = loadedCount();
      scrollToRow(before - 5);
      await waitFor(() =>
        expect(screen.getByTestId('matrix-count')).not.toHaveTextContent(
          `${before} services loaded`,
        ),
      );
    }
    expect(screen.getByTestId('matrix-count')).toHaveTextContent(
      'All 2000 services',
    );
    // Each page once, each after the one before.
    const cursors = server.pageQueries.map(q => q.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(cursors).toHaveLength(10);

    scrollToRow(1995);
    expect(renderedServices()).toContain(serviceName(1999));
    expect(screen.queryByTestId('matrix-loading-more')).toBeNull();

    scrollToRow(1495);
    expect(
      within(slot(serviceName(1500), 'prod')!).getByText('6.6.6'),
    ).toBeInTheDocument();

    // A frame for a row far off screen shows once it is scrolled to.
    server.commit([
      {
        service: serviceName(5),
        environment: 'dev',
        status: 'in-progress',
        version: '8.8.8',
        happened_at: '2026-06-01T00:00:00.000Z',
      },
    ]);
    await act(() => new Promise(resolve => setTimeout(resolve, 100)));
    scrollToRow(0);
    await waitFor(() =>
      expect(slot(serviceName(5), 'dev')).toHaveAttribute(
        'data-status',
        'in-progress',
      ),
    );
  });
});
