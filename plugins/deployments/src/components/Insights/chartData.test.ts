import { DoraMetrics } from '@deploydash/plugin-deployments-common';
import {
  emptyDoraMetrics,
  makeBucket,
} from '../../__testUtils__/insightsFixtures';
import { toChartPoints } from './chartData';

describe('toChartPoints', () => {
  it('converts rates to percent and seconds to hours or minutes, keeping nulls as gaps', () => {
    const busy = emptyDoraMetrics();
    busy.deployment_frequency.deployments = 4;
    busy.change_failure_rate = {
      failed: 1,
      total: 3,
      rate: 1 / 3,
      band: 'low',
      basis: 'deployments',
    };
    busy.recovery_time.median_seconds = 5400;
    busy.recovery_time.p90_seconds = 7200;
    busy.lead_time.median_seconds = 86_400;
    busy.lead_time.p90_seconds = 172_800;
    busy.deployment_duration = {
      samples: 4,
      median_seconds: 90,
      p90_seconds: 185,
    };

    expect(
      toChartPoints([makeBucket('2026-01-05', busy), makeBucket('2026-01-06')]),
    ).toEqual([
      {
        label: 'Jan 5',
        deployments: 4,
        failureRatePercent: 33.3,
        recoveryMedianHours: 1.5,
        recoveryP90Hours: 2,
        leadMedianHours: 24,
        leadP90Hours: 48,
        durationMedianMinutes: 1.5,
        durationP90Minutes: 3.08,
      },
      {
        label: 'Jan 6',
        deployments: 0,
        failureRatePercent: null,
        recoveryMedianHours: null,
        recoveryP90Hours: null,
        leadMedianHours: null,
        leadP90Hours: null,
        durationMedianMinutes: null,
        durationP90Minutes: null,
      },
    ]);
  });

  it('leaves gaps for buckets of a backend without deployment durations', () => {
    const { deployment_duration: _, ...older } = emptyDoraMetrics();
    const [point] = toChartPoints([
      makeBucket('2026-01-05', older as DoraMetrics),
    ]);
    expect(point.durationMedianMinutes).toBeNull();
    expect(point.durationP90Minutes).toBeNull();
  });
});
