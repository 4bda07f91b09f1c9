import { render, screen } from '@testing-library/react';
import { makeEvent } from '../../__testUtils__/fixtures';
import { makeStage } from '../../__testUtils__/insightsFixtures';
import { PromotionGap } from './PromotionGap';

const staging = makeEvent({ environment: 'staging', version: '1.8.0' });

function gap() {
  return screen.getByTestId('promotion-gap');
}

describe('PromotionGap', () => {
  it('says "In sync" when the stage runs what the one before it promoted', () => {
    render(
      <PromotionGap
        previous={staging}
        stage={makeStage('prod', {
          current: makeEvent({ environment: 'prod', version: '1.8.0' }),
          previous_environment: 'staging',
          matched_by: 'version',
        })}
      />,
    );
    expect(gap()).toHaveAttribute('data-state', 'in-sync');
    expect(gap()).toHaveTextContent('In sync');
  });

  // Issue 18: prod ran a hotfix (1.9.0) that never went through staging
  // (1.8.0). Nothing waits, yet the two stages run different versions.
  it('does not say "In sync" for stages with different versions and no link', () => {
    render(
      <PromotionGap
        previous={staging}
        stage={makeStage('prod', {
          current: makeEvent({ environment: 'prod', version: '1.9.0' }),
          previous_environment: 'staging',
          matched_by: null,
        })}
      />,
    );
    expect(gap()).toHaveAttribute('data-state', 'differs');
    expect(gap()).not.toHaveTextContent('In sync');
    expect(gap()).toHaveTextContent('Different versions');
    expect(gap()).toHaveTextContent('prod runs 1.9.0, which staging never ran');
  });

  it('lists what waits, and says when there is nothing to promote', () => {
    const { rerender } = render(
      <PromotionGap
        previous={staging}
        stage={makeStage('prod', {
          current: makeEvent({ environment: 'prod', version: '1.7.0' }),
          previous_environment: 'staging',
          waiting: [staging],
          matched_by: 'version',
        })}
      />,
    );
    expect(gap()).toHaveAttribute('data-state', 'waiting');
    expect(gap()).toHaveTextContent('1 waiting');
    rerender(
      <PromotionGap
        previous={null}
        stage={makeStage('prod', { previous_environment: 'staging' })}
      />,
    );
    expect(gap()).toHaveAttribute('data-state', 'nothing');
    expect(gap()).toHaveTextContent('Nothing to promote');
  });
});
