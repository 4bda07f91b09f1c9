import { Knex } from 'knex';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockCredentials } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { startDeploymentsBackend } from './testBackend';

/**
 * The plugin with Backstage's real scheduler: the default test scheduler runs
 * a task once at startup and never on its schedule.
 */
export async function startWithRealScheduler(knex: Knex, config?: JsonObject) {
  const api = await startDeploymentsBackend({ knex, config, services: [schedulerServiceFactory] });
  return {
    ...api,
    /** The plugin's tasks, as its scheduler reports them over HTTP. */
    tasks: async () =>
      (await (await api.get('/.backstage/scheduler/v1/tasks')).json()) as {
        tasks: Array<{ taskId: string; scope: string }>;
      },
    /** Runs a task now, as an operator would; answers the HTTP status (409 while it runs). */
    trigger: async (taskId: string) =>
      (
        await fetch(`${api.baseUrl}/.backstage/scheduler/v1/tasks/${taskId}/trigger`, {
          method: 'POST',
          headers: { Authorization: mockCredentials.user.header() },
        })
      ).status,
  };
}
