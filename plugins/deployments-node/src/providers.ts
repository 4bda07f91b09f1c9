import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { DeploymentEvent, FieldError } from '@deploydash/plugin-deployments-common';

/** One event a provider found at its source. @public */
export interface ImportedDeploymentEvent {
  /**
   * The event's stable id at its source (e.g. a GitHub deployment status id),
   * at most 300 characters. An event whose id was imported before is skipped:
   * importing is idempotent, so a retried poll never stores an event twice.
   */
  externalId: string;
  /** The event as a CI pipeline would POST it; validated exactly like a POST. */
  event: unknown;
}

/** What {@link DeploymentEventProviderConnection.importEvents} did. @public */
export interface ImportResult {
  /** Stored now, in the order given; each was also announced on the stream. */
  imported: DeploymentEvent[];
  /** Already stored by an earlier import; nothing was changed. */
  duplicates: number;
  /** Failed validation; nothing was stored for them. */
  rejected: Array<{ externalId: string; errors: FieldError[] }>;
}

/**
 * What the Deployments plugin gives a provider once it is connected.
 * Every event goes through the same validation and store as a POST.
 *
 * @public
 */
export interface DeploymentEventProviderConnection {
  /** Validates, stores (recording the provider as `source`) and streams events, in order. */
  importEvents(events: ImportedDeploymentEvent[]): Promise<ImportResult>;
  /**
   * The provider's checkpoint in one of its sources: where its import of
   * that source stands (e.g. a feed's ETag and newest timestamp), as it last
   * saved it; undefined before the first save. Kept in the plugin's
   * database, so every replica and the next start resume from it.
   */
  getCheckpoint(key: string): Promise<string | undefined>;
  /** Saves a checkpoint: only after the events up to it were imported, so none is skipped. */
  setCheckpoint(key: string, value: string): Promise<void>;
}

/**
 * Pull mode: a source the plugin imports deployment events from, such as a
 * CI provider's API. Like the catalog's entity providers, a provider schedules
 * its own work and uses the connection it is given.
 *
 * @public
 */
export interface DeploymentEventProvider {
  /** Recorded as `source` on every event it imports: lowercase letters, digits and dashes, at most 32. */
  getProviderName(): string;
  /** Called once, after the plugin's store is ready. */
  connect(connection: DeploymentEventProviderConnection): Promise<void>;
}

/** Lets backend modules add pull-mode providers to the Deployments plugin. @public */
export interface DeploymentsProvidersExtensionPoint {
  addProvider(...providers: DeploymentEventProvider[]): void;
}

/** @public */
export const deploymentsProvidersExtensionPoint =
  createExtensionPoint<DeploymentsProvidersExtensionPoint>({
    id: 'deployments.providers',
  });
