import { screen, within } from '@testing-library/react';
import { FakeDeploymentsApi, makeEvent } from '../../__testUtils__/fixtures';
import { makeStage } from '../../__testUtils__/insightsFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { PromotionLane } from './PromotionLane';

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

function stages() {
  return screen.getAllByTestId('promotion-stage');
}

function gapInto(environment: string): HTMLElement {
  const gap = screen
    .getAllByTestId('promotion-gap')
    .find(g => g.getAttribute('data-environment') === environment);
  if (!gap) throw new Error(`no gap into ${environment}`);
  return gap;
}

describe('PromotionLane', () => {
  let api: FakeDeploymentsApi;
  beforeEach(() => {
    api = new FakeDeploymentsApi();
    const released = makeEvent({
      version: '1.1.0',
      happened_at: ago(50 * HOUR),
    });
    api.promotion = {
      services: [
        {
          service: 'checkout',
          entity_ref: null,
          stages: [
            makeStage('dev', {
              current: makeEvent({
                environment: 'dev',
                version: '1.3.0',
                happened_at: ago(2 * HOUR),
              }),
            }),
            makeStage('staging', {
              current: { ...released, environment: 'staging' },
              previous_environment: 'dev',
              waiting: [
                makeEvent({ environment: 'dev', version: '1.3.0' }),
                makeEvent({ environment: 'dev', version: '1.2.0' }),
              ],
              matched_by: 'version',
              lagging_since: ago(3 * 24 * HOUR),
            }),
            makeStage('prod', {
              current: released,
              previous_environment: 'staging',
              matched_by: 'version',
            }),
          ],
        },
        {
          service: 'payments',
          entity_ref: null,
          stages: [
            makeStage('dev', {
              current: makeEvent({
                service: 'payments',
                environment: 'dev',
                version: null,
                sha: '0123456789abcdef0123456789abcdef01234567',
              }),
            }),
            makeStage('prod', {
              previous_environment: 'dev',
              waiting: [
                makeEvent({
                  service: 'payments',
                  environment: 'dev',
                  version: null,
                  sha: '0123456789abcdef0123456789abcdef01234567',
                }),
              ],
              lagging_since: ago(HOUR),
            }),
          ],
        },
      ],
    };
  });

  it('shows the stages in lane order with what runs where', async () => {
    await renderWithApis(<PromotionLane service="checkout" />, { api });
    await screen.findAllByTestId('promotion-stage');
    expect(api.promotionCalls).toEqual([{ service: 'checkout' }]);
    expect(stages().map(s => s.getAttribute('data-environment'))).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(stages()[0]).toHaveTextContent('1.3.0');
    expect(stages()[0]).toHaveTextContent('deployed 2 hours ago');
    expect(stages()[2]).toHaveTextContent('1.1.0');
  });

  it('shows the waiting versions newest first, since when and how they were matched', async () => {
    await renderWithApis(<PromotionLane service="checkout" />, { api });
    await screen.findAllByTestId('promotion-stage');
    const gap = gapInto('staging');
    expect(gap).toHaveAttribute('data-state', 'waiting');
    expect(gap).toHaveTextContent('2 waiting');
    expect(
      within(gap)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['1.3.0', '1.2.0']);
    expect(within(gap).getByTestId('promotion-since')).toHaveTextContent(
      'waiting since 3 days ago',
    );
    expect(gap).toHaveTextContent('Matched by version');

    expect(gapInto('prod')).toHaveAttribute('data-state', 'in-sync');
    expect(gapInto('prod')).toHaveTextContent('In sync');
    expect(within(gapInto('prod')).queryByRole('listitem')).toBeNull();
  });

  it('names a stage that never succeeded and versions by commit when unversioned', async () => {
    await renderWithApis(<PromotionLane service="payments" />, { api });
    await screen.findAllByTestId('promotion-stage');
    expect(stages()[0]).toHaveTextContent('0123456');
    expect(stages()[1]).toHaveTextContent('never deployed successfully');
    expect(gapInto('prod')).toHaveTextContent('1 waiting');
    expect(gapInto('prod')).toHaveTextContent(
      'No matching deployment; compared by time',
    );
  });

  it('says so when the service has no lane', async () => {
    await renderWithApis(<PromotionLane service="unknown" />, { api });
    expect(
      await screen.findByText('No environments to compare yet.'),
    ).toBeInTheDocument();
  });

  it('shows a failed request', async () => {
    api.promotionError = new Error('promotion is unavailable');
    await renderWithApis(<PromotionLane service="checkout" />, { api });
    expect(
      (await screen.findAllByText(/promotion is unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('promotion-stage')).toBeNull();
  });
});
