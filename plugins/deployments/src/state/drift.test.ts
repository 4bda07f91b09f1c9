import { PromotionResponse } from '@deploydash/plugin-deployments-common';
import { makeEvent } from '../__testUtils__/fixtures';
import { makeStage } from '../__testUtils__/insightsFixtures';
import { driftBySlot, slotKey } from './drift';

const HOUR = 3600_000;
const NOW = Date.parse('2026-01-10T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

/** checkout: dev → staging (lagging since `since`) → prod (in sync). */
function promotion(since: string | null): PromotionResponse {
  const waiting = since
    ? [
        makeEvent({ environment: 'dev', version: '1.3.0' }),
        makeEvent({ environment: 'dev', version: '1.2.0' }),
      ]
    : [];
  return {
    services: [
      {
        service: 'checkout',
        entity_ref: null,
        stages: [
          makeStage('dev'),
          makeStage('staging', {
            previous_environment: 'dev',
            waiting,
            matched_by: 'version',
            lagging_since: since,
          }),
          makeStage('prod', {
            previous_environment: 'staging',
            matched_by: 'version',
          }),
        ],
      },
    ],
  };
}

describe('driftBySlot', () => {
  const threshold = 24 * HOUR;

  it('flags a stage lagging for longer than the threshold', () => {
    const drift = driftBySlot(promotion(ago(24 * HOUR + 1)), NOW, threshold);
    expect([...drift.keys()]).toEqual([slotKey('checkout', 'staging')]);
    expect(drift.get(slotKey('checkout', 'staging'))).toEqual({
      service: 'checkout',
      environment: 'staging',
      from: 'dev',
      waiting: 2,
      since: ago(24 * HOUR + 1),
    });
  });

  it('does not flag a stage lagging for just under or exactly the threshold', () => {
    expect(
      driftBySlot(promotion(ago(24 * HOUR - 1)), NOW, threshold).size,
    ).toBe(0);
    expect(driftBySlot(promotion(ago(24 * HOUR)), NOW, threshold).size).toBe(0);
  });

  it('honours another threshold', () => {
    expect(driftBySlot(promotion(ago(2 * HOUR)), NOW, HOUR).size).toBe(1);
  });

  it('ignores stages in sync, without waiting versions or without an answer', () => {
    expect(driftBySlot(promotion(null), NOW, threshold).size).toBe(0);
    const noWaiting = promotion(ago(48 * HOUR));
    noWaiting.services[0].stages[1].waiting = [];
    expect(driftBySlot(noWaiting, NOW, threshold).size).toBe(0);
    expect(driftBySlot(undefined, NOW, threshold).size).toBe(0);
  });

  it('keys slots so that names cannot collide', () => {
    expect(slotKey('a', 'b-c')).not.toBe(slotKey('a-b', 'c'));
  });
});
