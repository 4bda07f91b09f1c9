import { ConfigReader } from '@backstage/config';
import { readGithubImportSettings } from './config';

describe('readGithubImportSettings', () => {
  it('has defaults, and knows which hosts have a GitHub integration', () => {
    const settings = readGithubImportSettings(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'ghe.acme.test',
              apiBaseUrl: 'https://ghe.acme.test/api/v3',
            },
          ],
        },
      }),
    );
    expect(settings).toEqual({
      defaultHost: 'github.com',
      integrationHosts: new Set(['ghe.acme.test']),
      schedule: {
        frequency: { minutes: 5 },
        timeout: { minutes: 10 },
        initialDelay: { seconds: 15 },
      },
      backfillMs: 30 * 86_400_000,
      lookbackMs: 86_400_000,
      workflows: [],
    });
  });

  it('reads every option', () => {
    const settings = readGithubImportSettings(
      new ConfigReader({
        deployments: {
          github: {
            host: 'ghe.acme.test',
            schedule: { frequency: { minutes: 1 }, timeout: { seconds: 50 } },
            backfillDays: 7,
            lookbackHours: 2,
            workflows: [{ file: 'deploy.yml', environment: 'prod' }],
          },
        },
      }),
    );
    expect(settings).toMatchObject({
      defaultHost: 'ghe.acme.test',
      integrationHosts: new Set(),
      schedule: { frequency: { minutes: 1 }, timeout: { seconds: 50 } },
      backfillMs: 7 * 86_400_000,
      lookbackMs: 2 * 3_600_000,
      workflows: [{ file: 'deploy.yml', environment: 'prod' }],
    });
  });

  it('rejects a window that is not positive', () => {
    expect(() =>
      readGithubImportSettings(
        new ConfigReader({ deployments: { github: { backfillDays: 0 } } }),
      ),
    ).toThrow(/backfillDays must be a positive number/);
  });
});
