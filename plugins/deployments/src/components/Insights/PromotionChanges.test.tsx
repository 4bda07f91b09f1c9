import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PromotionChanges as Changes } from '@deploydash/plugin-deployments-common';
import { FakeDeploymentsApi, makeEvent } from '../../__testUtils__/fixtures';
import { makePromotion, makeStage } from '../../__testUtils__/insightsFixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { PromotionLane } from './PromotionLane';

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const REPO = 'https://github.com/acme/checkout';
const SHA_A = '4c1d9e0f2a3b4c5d6e7f8091a2b3c4d5e6f70819';
const SHA_B = '9fceb02d0ae598e95dc970b74767f19372d61af8';

function lane(
  prod: Changes,
  staging: Changes = { total: 0, items: [], compare_url: null },
) {
  const api = new FakeDeploymentsApi();
  api.promotion = makePromotion('checkout', [
    makeStage('dev', {
      current: makeEvent({ environment: 'dev', version: '1.3.0' }),
    }),
    makeStage('staging', {
      current: makeEvent({ environment: 'staging', version: '1.3.0' }),
      previous_environment: 'dev',
      matched_by: 'version',
      changes: staging,
    }),
    makeStage('prod', {
      current: makeEvent({ version: '1.1.0' }),
      previous_environment: 'staging',
      waiting: [makeEvent({ environment: 'staging', version: '1.3.0' })],
      matched_by: 'version',
      lagging_since: ago(26 * HOUR),
      changes: prod,
    }),
  ]);
  return renderWithApis(<PromotionLane service="checkout" />, { api });
}

const PROD: Changes = {
  total: 5,
  items: [
    { sha: SHA_A, authored_at: ago(2 * HOUR), url: `${REPO}/commit/${SHA_A}` },
    { sha: SHA_B, authored_at: ago(30 * HOUR), url: `${REPO}/commit/${SHA_B}` },
    { sha: 'a1b2c3d', authored_at: null, url: null },
  ],
  compare_url: `${REPO}/compare/77aa01e...4c1d9e0`,
};

describe('PromotionChanges on the promotion lane', () => {
  it('says how many changes wait for which stage, collapsed until asked', async () => {
    await lane(PROD);
    const button = await screen.findByRole('button', {
      name: '5 changes waiting for prod',
    });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId('promotion-change')).toBeNull();
    // In sync: no changes block for staging.
    expect(
      screen
        .getAllByTestId('promotion-changes')
        .map(s => s.getAttribute('data-environment')),
    ).toEqual(['prod']);
    const compare = screen.getByRole('link', {
      name: /^Compare prod with staging/,
    });
    expect(compare).toHaveAttribute('href', PROD.compare_url);
    expect(compare).toHaveTextContent('Compare');
  });

  it('lists each commit, linked when the repository is known, and how many more there are', async () => {
    await lane(PROD);
    const button = await screen.findByRole('button', {
      name: '5 changes waiting for prod',
    });
    await userEvent.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const list = screen.getByRole('list', {
      name: '5 changes waiting for prod',
    });
    expect(button).toHaveAttribute('aria-controls', list.parentElement!.id);
    const items = within(list).getAllByTestId('promotion-change');
    expect(items.map(i => i.getAttribute('data-sha'))).toEqual([
      SHA_A,
      SHA_B,
      'a1b2c3d',
    ]);
    expect(items.map(i => i.textContent)).toEqual([
      '4c1d9e0authored 2 hours ago',
      '9fceb02authored yesterday',
      'a1b2c3dauthored at an unknown time',
    ]);
    const first = within(items[0]).getByRole('link', {
      name: 'Commit 4c1d9e0 (opens in a new tab)',
    });
    expect(first).toHaveAttribute('href', `${REPO}/commit/${SHA_A}`);
    expect(first).toHaveAttribute('target', '_blank');
    // The absolute time is in the title; the full SHA too.
    expect(within(items[0]).getByText('2 hours ago')).toHaveAttribute(
      'title',
      expect.stringMatching(/\d/),
    );
    expect(within(items[0]).getByText('4c1d9e0')).toHaveAttribute(
      'title',
      SHA_A,
    );
    expect(within(items[2]).queryByRole('link')).toBeNull();
    expect(screen.getByText('and 2 more')).toBeInTheDocument();
    await userEvent.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId('promotion-change')).toBeNull();
  });

  it('opens from the keyboard, says "1 change" and leaves out what is unknown', async () => {
    await lane(
      { total: 3, items: [], compare_url: null },
      {
        total: 1,
        items: [{ sha: 'b2c3d4e', authored_at: null, url: null }],
        compare_url: null,
      },
    );
    const button = await screen.findByRole('button', {
      name: '1 change waiting for staging',
    });
    button.focus();
    await userEvent.keyboard('{Enter}');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getAllByTestId('promotion-change')).toHaveLength(1);
    expect(screen.queryByText(/more$/)).toBeNull();
    await userEvent.keyboard(' ');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('link', { name: /^Compare/ })).toBeNull();
    expect(
      screen.getByRole('button', { name: '3 changes waiting for prod' }),
    ).toBeInTheDocument();
  });
});
