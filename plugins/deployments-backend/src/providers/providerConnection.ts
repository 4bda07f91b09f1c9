import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DeploymentEventProvider,
  DeploymentEventProviderConnection,
  ImportResult,
} from '@deploydash/plugin-deployments-node';
import { IngestService } from '../core/IngestService';
import { ValidationFailedError } from '../core/errors';
import { ImportCheckpoints } from '../core/ImportCheckpoints';

const PROVIDER_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * The connection a pull-mode provider imports through: the same ingest core
 * as `POST /api/deployments` (validation, audit, stream), the provider's name
 * recorded as `source`, and its checkpoints kept in the plugin's database.
 */
export function createProviderConnection(options: {
  provider: DeploymentEventProvider;
  ingest: IngestService;
  checkpoints: ImportCheckpoints;
  logger: LoggerService;
}): DeploymentEventProviderConnection {
  const { provider, ingest, checkpoints, logger } = options;
  const name = provider.getProviderName();
  if (!PROVIDER_NAME.test(name) || name === 'api') {
    throw new Error(
      `Deployment event provider name '${name}' must be 1-32 lowercase letters, digits or dashes, and not 'api'`,
    );
  }
  return {
    async importEvents(events): Promise<ImportResult> {
      const result: ImportResult = { imported: [], duplicates: 0, rejected: [] };
      for (const { externalId, event } of events) {
        if (externalId.length < 1 || externalId.length > 300) {
          result.rejected.push({
            externalId,
            errors: [{ field: '(externalId)', message: 'must be 1-300 characters' }],
          });
          continue;
        }
        try {
          const { event: stored } = await ingest.ingest({
            sender: { kind: 'provider', name },
            body: event,
            externalId,
          });
          if (stored) result.imported.push(stored);
          else result.duplicates += 1;
        } catch (error) {
          if (!(error instanceof ValidationFailedError)) throw error;
          result.rejected.push({ externalId, errors: error.errors });
        }
      }
      if (result.rejected.length) {
        const [first] = result.rejected;
        logger.warn(
          `Provider ${name} sent ${result.rejected.length} invalid event(s); first: ${
            first.externalId
          }: ${first.errors.map(e => `${e.field} ${e.message}`).join('; ')}`,
        );
      }
      return result;
    },
    getCheckpoint: key => checkpoints.get(name, key),
    setCheckpoint: (key, value) => checkpoints.set(name, key, value),
  };
}
