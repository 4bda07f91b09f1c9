import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readDeploymentsSettings } from '../config';
import { isNotificationsBackendAvailable } from './setupNotifications';

const read = (deployments: JsonObject) =>
  readDeploymentsSettings(new ConfigReader({ deployments })).notifications;

const readError = (deployments: JsonObject) => {
  try {
    read(deployments);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
};

describe('deployments.notifications', () => {
  it('defaults: on, the production environments, every kind, 30 minutes of waiting', () => {
    expect(read({})).toEqual({
      enabled: true,
      environments: ['prod', 'production'],
      events: ['failure', 'recovered', 'waiting'],
      waitingAfterMs: 1_800_000,
    });
    expect(
      read({ environments: { production: ['live'] } }).environments,
    ).toEqual(['live']);
  });

  it('reads every key', () => {
    expect(
      read({
        environments: { production: ['live'] },
        notifications: {
          enabled: false,
          environments: ['prod', 'eu-prod'],
          events: ['failure', 'failure', 'waiting'],
          waitingAfter: { hours: 1 },
        },
      }),
    ).toEqual({
      enabled: false,
      environments: ['prod', 'eu-prod'],
      events: ['failure', 'waiting'],
      waitingAfterMs: 3_600_000,
    });
    expect(
      read({ notifications: { waitingAfter: '45m' } }).waitingAfterMs,
    ).toBe(2_700_000);
    expect(
      read({ notifications: { waitingAfter: 'PT2H' } }).waitingAfterMs,
    ).toBe(7_200_000);
    expect(read({ notifications: { events: [] } }).events).toEqual([]);
  });

  it('names the key and the problem of a bad value', () => {
    expect(
      readError({ notifications: { events: ['failure', 'deployed'] } }),
    ).toBe(
      "deployments.notifications.events: unknown event 'deployed'; use any of failure, recovered, waiting",
    );
    expect(readError({ notifications: { waitingAfter: 'soon' } })).toMatch(
      /^deployments\.notifications\.waitingAfter must be a duration such as \{ minutes: 5 \}, '5m' or 'PT5M'/,
    );
    expect(readError({ notifications: { waitingAfter: { minutes: 0 } } })).toBe(
      'deployments.notifications.waitingAfter must be a positive duration, got {"minutes":0}',
    );
    expect(readError({ notifications: { enabled: 'sometimes' } })).toMatch(
      /deployments\.notifications\.enabled/,
    );
    expect(readError({ notifications: { environments: 'prod' } })).toMatch(
      /deployments\.notifications\.environments/,
    );
  });
});

describe('isNotificationsBackendAvailable', () => {
  const instance = (...pluginIds: string[]) =>
    mockServices.rootInstanceMetadata.mock({
      getInstalledPlugins: async () =>
        pluginIds.map(pluginId => ({ pluginId, modules: [] })),
    });

  it('is true when the plugin is installed in this backend', async () => {
    expect(
      await isNotificationsBackendAvailable(
        instance('catalog', 'notifications'),
        new ConfigReader({}),
      ),
    ).toBe(true);
  });

  it('is true when discovery routes the plugin to another backend (a split deployment)', async () => {
    const config = new ConfigReader({
      discovery: {
        endpoints: [
          {
            target: 'http://notify.internal/api/{{pluginId}}',
            plugins: ['notifications', 'signals'],
          },
        ],
      },
    });
    expect(
      await isNotificationsBackendAvailable(instance('catalog'), config),
    ).toBe(true);
  });

  it('is false otherwise', async () => {
    const config = new ConfigReader({
      discovery: {
        endpoints: [
          { target: 'http://search.internal/api/search', plugins: ['search'] },
        ],
      },
    });
    expect(
      await isNotificationsBackendAvailable(
        instance('catalog', 'deployments'),
        config,
      ),
    ).toBe(false);
  });
});
