import { LoggerService } from '@backstage/backend-plugin-api';
import { validateDeploymentEventInput } from '@deploydash/plugin-deployments-common';
import {
  DeploymentEventProvider,
  DeploymentEventProviderConnection,
  ImportResult,
} from '@deploydash/plugin-deployments-node';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { DeploymentsStream } from '../stream/DeploymentsStream';

const PROVIDER_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * The connection a pull-mode provider imports through: the same validation
 * and store as `POST /api/deployments`, the provider's name recorded as
 * `source`, and each stored event announced on the stream.
 */
export function createProviderConnection(options: {
  provider: DeploymentEventProvider;
  store: DeploymentsStore;
  stream: DeploymentsStream;
  logger: LoggerService;
}): DeploymentEventProviderConnection {
  const { provider, store, stream, logger } = options;
  const source = provider.getProviderName();
  if (!PROVIDER_NAME.test(source) || source === 'api') {
    throw new Error(
      `Deployment event provider name '${source}' must be 1-32 lowercase letters, digits or dashes, and not 'api'`,
    );
  }
  return {
    async importEvents(events): Promise<ImportResult> {
      const result: ImportResult = { imported: [], duplicates: 0, rejected: [] };
      for (const { externalId, event } of events) {
        const validation = validateDeploymentEventInput(event);
        if (!validation.ok) {
          result.rejected.push({ externalId, errors: validation.errors });
          continue;
        }
        if (externalId.length < 1 || externalId.length > 300) {
          result.rejected.push({
            externalId,
            errors: [{ field: '(externalId)', message: 'must be 1-300 characters' }],
          });
          continue;
        }
        const stored = await store.appendImported(validation.value, Date.now(), {
          source,
          externalId,
        });
        if (stored) {
          result.imported.push(stored);
          stream.announce(stored.id);
        } else {
          result.duplicates += 1;
        }
      }
      if (result.rejected.length) {
        logger.warn(
          `Provider ${source} sent ${result.rejected.length} invalid event(s); first: ${
            result.rejected[0].externalId
          }: ${result.rejected[0].errors.map(e => `${e.field} ${e.message}`).join('; ')}`,
        );
      }
      return result;
    },
    getCursor: key => store.getImportCursor(source, key),
    setCursor: (key, value) => store.setImportCursor(source, key, value),
  };
}
