import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { PromotionStage } from '@deploydash/plugin-deployments-common';
import { makeEvent } from '../../__testUtils__/fixtures';
import { PromotionStageCard } from './PromotionStageCard';

const stage = (overrides: Partial<PromotionStage>): PromotionStage => ({
  environment: 'prod',
  current: null,
  previous_environment: 'staging',
  waiting: [],
  matched_by: null,
  lagging_since: null,
  changes: { total: 0, items: [], compare_url: null },
  ...overrides,
});

describe('PromotionStageCard of an environment group', () => {
  it("shows what runs everywhere and each member's version", async () => {
    const us = makeEvent({ environment: 'prod-us', version: '1.5.0' });
    const eu = makeEvent({ environment: 'prod-eu', version: '1.6.0' });
    await renderInTestApp(
      <PromotionStageCard
        stage={stage({
          current: us,
          environments: ['prod-us', 'prod-eu', 'prod-ap'],
          members: [
            { environment: 'prod-us', current: us },
            { environment: 'prod-eu', current: eu },
            { environment: 'prod-ap', current: null },
          ],
        })}
      />,
    );
    expect(screen.getByTestId('promotion-current')).toHaveTextContent('1.5.0');
    const members = screen.getByRole('list', { name: 'Environments of prod' });
    expect(
      within(members)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual([
      'prod-us1.5.0',
      'prod-eu1.6.0',
      'prod-apnever deployed successfully',
    ]);
  });

  it('shows no member list for a stage that is no group', async () => {
    await renderInTestApp(
      <PromotionStageCard
        stage={stage({
          current: makeEvent({ version: '2.0.0' }),
          environments: ['prod'],
          members: null,
        })}
      />,
    );
    expect(screen.getByTestId('promotion-current')).toHaveTextContent('2.0.0');
    expect(screen.queryByTestId('promotion-group-members')).toBeNull();
  });
});
