import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  deployments?: {
    /**
     * Pull mode: import deployments from GitHub for every catalog entity
     * annotated `github.com/project-slug`. Credentials and API URLs come from
     * `integrations.github`; the module does nothing unless that lists `host`.
     */
    github?: {
      /**
       * The GitHub host of entities whose `backstage.io/source-location` does
       * not name a configured GitHub host. Defaults to `github.com`.
       * @visibility backend
       */
      host?: string;
      /**
       * When to poll. Defaults to every 5 minutes, a 10 minute timeout and a
       * 15 second initial delay. One poll runs at a time across all replicas.
       * @visibility backend
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * How far back the first poll of a repository imports, in days.
       * Defaults to 30.
       * @visibility backend
       */
      backfillDays?: number;
      /**
       * Later polls also revisit deployments created this many hours before
       * the newest change already imported, because an old deployment can
       * still get a new status. Defaults to 24.
       * @visibility backend
       */
      lookbackHours?: number;
      /**
       * Also import the runs of these GitHub Actions workflows as
       * deployments, for repositories that do not use GitHub Deployments.
       * A repository without the workflow file is skipped quietly.
       * @visibility backend
       */
      workflows?: Array<{
        /**
         * The workflow file name in `.github/workflows`, e.g. `deploy-prod.yml`.
         * @visibility backend
         */
        file: string;
        /**
         * The environment its runs deploy to, e.g. `prod`.
         * @visibility backend
         */
        environment: string;
      }>;
    };
  };
}
