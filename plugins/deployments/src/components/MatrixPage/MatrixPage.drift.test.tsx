import { act, screen, waitFor, within } from '@testing-library/react';
import {
  MatrixResponse,
  PromotionResponse,
} from '@deploydash/plugin-deployments-common';
import {
  FakeDeploymentsApi,
  makeEvent,
  slotOf,
} from '../../__testUtils__/fixtures';
import { makeStage } from '../../__testUtils__/insightsFixtures';
import { withMatrixLayout } from '../../__testUtils__/matrixLayout';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { MatrixPage } from './MatrixPage';

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function matrix(): MatrixResponse {
  const success = (id: string, service: string, environment: string) =>
    slotOf(makeEvent({ id, service, environment }));
  return {
    environments: ['dev', 'staging', 'prod'],
    services: [
      {
        service: 'checkout',
        entity_ref: null,
        slots: {
          dev: success('1', 'checkout', 'dev'),
          staging: success('2', 'checkout', 'staging'),
          prod: success('3', 'checkout', 'prod'),
        },
      },
      {
        service: 'payments',
        entity_ref: null,
        slots: {
          dev: success('4', 'payments', 'dev'),
          prod: success('5', 'payments', 'prod'),
        },
      },
    ],
  };
}

/** checkout's staging lags dev by 3 days, payments' prod lags dev by 2 hours. */
function promotion(): PromotionResponse {
  const waiting = (service: string, ...versions: string[]) =>
    versions.map(version =>
      makeEvent({ service, environment: 'dev', version }),
    );
  return {
    services: [
      {
        service: 'checkout',
        entity_ref: null,
        stages: [
          makeStage('dev'),
          makeStage('staging', {
            previous_environment: 'dev',
            waiting: waiting('checkout', '1.3.0', '1.2.0'),
            matched_by: 'version',
            lagging_since: ago(3 * 24 * HOUR),
          }),
          makeStage('prod', {
            previous_environment: 'staging',
            matched_by: 'version',
          }),
        ],
      },
      {
        service: 'payments',
        entity_ref: null,
        stages: [
          makeStage('dev'),
          makeStage('prod', {
            previous_environment: 'dev',
            waiting: waiting('payments', '2.0.0'),
            matched_by: 'sha',
            lagging_since: ago(2 * HOUR),
          }),
        ],
      },
    ],
  };
}

function slot(service: string, environment: string): HTMLElement {
  const cell = document.querySelector<HTMLElement>(
    `[data-testid="deployment-slot"][data-service="${service}"][data-environment="${environment}"]`,
  );
  if (!cell) throw new Error(`no slot ${service}/${environment}`);
  return cell;
}

const badgedSlots = () =>
  screen
    .queryAllByTestId('drift-badge')
    .map(badge => {
      const cell = badge.closest('[data-testid="deployment-slot"]');
      return `${cell?.getAttribute('data-service')}/${cell?.getAttribute(
        'data-environment',
      )}`;
    })
    .sort();

describe('MatrixPage drift badges', () => {
  let api: FakeDeploymentsApi;
  withMatrixLayout();
  afterEach(() => jest.useRealTimers());
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    api.matrix = matrix();
    api.promotion = promotion();
  });

  it('badges slots lagging longer than the default 24 hours, and only those', async () => {
    await renderWithApis(<MatrixPage />, { api });
    await waitFor(() => expect(badgedSlots()).toEqual(['checkout/staging']));
    expect(api.promotionCalls).toEqual([{}]);
    expect(
      within(slot('checkout', 'staging')).getByRole('img', {
        name: '2 versions from dev waiting since 3 days ago',
      }),
    ).toBeInTheDocument();
  });

  it('uses deployments.drift.thresholdHours from the config', async () => {
    await renderWithApis(<MatrixPage />, {
      api,
      config: { deployments: { drift: { thresholdHours: 1 } } },
    });
    await waitFor(() =>
      expect(badgedSlots()).toEqual(['checkout/staging', 'payments/prod']),
    );
    expect(
      within(slot('payments', 'prod')).getByTestId('drift-badge'),
    ).toHaveAttribute(
      'aria-label',
      '1 version from dev waiting since 2 hours ago',
    );
  });

  it('keeps the matrix working without badges when the promotion request fails', async () => {
    api.promotionError = new Error('promotion is down');
    await renderWithApis(<MatrixPage />, { api });
    await screen.findAllByTestId('deployments-matrix-row');
    await waitFor(() => expect(api.promotionCalls).toHaveLength(1));
    // Let the rejected request settle before looking.
    await act(async () => {});
    expect(screen.queryAllByTestId('drift-badge')).toHaveLength(0);
    expect(screen.queryByText(/promotion is down/)).toBeNull();
    expect(screen.getAllByTestId('deployments-matrix-row')).toHaveLength(2);
  });

  it('reloads the lanes after new events, at most every few seconds', async () => {
    // Fake time from the start, so a slow machine cannot end the interval early.
    jest.useFakeTimers();
    await renderWithApis(<MatrixPage />, { api });
    await waitFor(() => expect(badgedSlots()).toEqual(['checkout/staging']));
    expect(api.promotionCalls).toHaveLength(1);

    // staging catches up: the next reload has nothing waiting there.
    api.promotion = {
      services: api.promotion.services.map(lane => ({
        ...lane,
        stages: lane.stages.map(stage => ({
          ...stage,
          waiting: [],
          lagging_since: null,
        })),
      })),
    };
    act(() =>
      api.lastStream.emit(
        makeEvent({
          id: '10',
          service: 'checkout',
          environment: 'staging',
          version: '1.3.0',
          happened_at: new Date().toISOString(),
        }),
      ),
    );
    act(() =>
      api.lastStream.emit(
        makeEvent({
          id: '11',
          service: 'checkout',
          environment: 'prod',
          status: 'in-progress',
          version: '1.3.0',
          happened_at: new Date().toISOString(),
        }),
      ),
    );
    // A burst: nothing is reloaded before the interval ends...
    expect(api.promotionCalls).toHaveLength(1);
    await act(async () => {
      jest.advanceTimersByTime(5_000);
    });
    // ...then once, for both events.
    expect(api.promotionCalls).toHaveLength(2);
    await waitFor(() => expect(badgedSlots()).toEqual([]));
  });
});
