import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A GitHub Actions workflow whose runs are deployments to one environment. @public */
export interface DeployWorkflow {
  file: string;
  environment: string;
}

/** `deployments.github`, with defaults applied. @public */
export interface GithubImportSettings {
  /** Host of entities whose source location names no configured GitHub host. */
  defaultHost: string;
  /** Every host listed under `integrations.github`. */
  integrationHosts: Set<string>;
  schedule: SchedulerServiceTaskScheduleDefinition;
  backfillMs: number;
  lookbackMs: number;
  workflows: DeployWorkflow[];
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 15 },
};

const HOUR_MS = 3_600_000;

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new InputError(
      `deployments.github.${key} must be a positive number, got ${value}`,
    );
  }
  return value;
}

export function readGithubImportSettings(
  rootConfig: Config,
): GithubImportSettings {
  const config = rootConfig.getOptionalConfig('deployments.github');
  const read = (key: string, fallback: number) =>
    config ? positive(config, key, fallback) : fallback;
  const scheduleConfig = config?.getOptionalConfig('schedule');
  return {
    defaultHost: config?.getOptionalString('host') ?? 'github.com',
    // ScmIntegrations always has a github.com entry, configured or not; the
    // module only runs where an operator configured one.
    integrationHosts: new Set(
      (rootConfig.getOptionalConfigArray('integrations.github') ?? []).map(
        c => c.getOptionalString('host') ?? 'github.com',
      ),
    ),
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE,
    backfillMs: read('backfillDays', 30) * 24 * HOUR_MS,
    lookbackMs: read('lookbackHours', 24) * HOUR_MS,
    workflows: (config?.getOptionalConfigArray('workflows') ?? []).map(w => ({
      file: w.getString('file'),
      environment: w.getString('environment'),
    })),
  };
}
