import { createHash } from 'node:crypto';
import { toError } from '@backstage/errors';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { DEFAULT_NAMESPACE, Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { DEPLOYMENTS_SERVICE_ANNOTATION } from '@deploydash/plugin-deployments-common';

const EMPTY_RETRY_MS = 5_000;

/** A snapshot of the service name → entity ref mapping. */
export interface ServiceLinks {
  /**
   * A digest of the mapping, part of the matrix ETag: derived from the links
   * alone, so replicas with the same links agree and different links differ.
   */
  digest: string;
  entityRefFor(service: string): string | null;
}

/**
 * Builds the mapping: the `deployments/service-name` annotation wins over
 * `metadata.name`, and an entity in the default namespace wins a name clash.
 */
export function mapServicesToEntities(entities: Entity[]): Map<string, string> {
  const byName = new Map<string, { ref: string; rank: number }>();
  for (const entity of entities) {
    const annotated = entity.metadata.annotations?.[DEPLOYMENTS_SERVICE_ANNOTATION];
    const service = annotated || entity.metadata.name;
    const defaultNs = (entity.metadata.namespace ?? DEFAULT_NAMESPACE) === DEFAULT_NAMESPACE;
    const rank = (annotated ? 2 : 0) + (defaultNs ? 1 : 0);
    const existing = byName.get(service);
    if (!existing || rank > existing.rank) {
      byName.set(service, { ref: stringifyEntityRef(entity), rank });
    }
  }
  return new Map([...byName].map(([service, { ref }]) => [service, ref]));
}

/** sha256 of the mapping in sorted order (JSON, so no two mappings serialise alike). */
export function digestLinks(links: Map<string, string>): string {
  const sorted = [...links].sort(([a], [b]) => Number(a > b) - Number(a < b));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
}

/**
 * Looks the mapping up through the catalog service once per `ttlMs` for all
 * requests (never per request per row). A stale mapping is served while it is
 * refreshed in the background; a catalog failure keeps the last good one.
 */
export class CatalogServiceLinker {
  private links = new Map<string, string>();
  private digest = digestLinks(this.links);
  private fetchedAt = -Infinity;
  /** Until the catalog has answered with entities (it may still be starting), retry soon. */
  private empty = true;
  private refreshing?: Promise<void>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      ttlMs: number;
    },
  ) {}

  async current(): Promise<ServiceLinks> {
    const age = Date.now() - this.fetchedAt;
    if (age > (this.empty ? EMPTY_RETRY_MS : this.options.ttlMs)) {
      const refresh = this.refresh();
      // Only the very first lookup waits; later ones serve the stale mapping.
      if (this.fetchedAt === -Infinity) await refresh;
    }
    const links = this.links;
    return {
      digest: this.digest,
      entityRefFor: service => links.get(service) ?? null,
    };
  }

  private refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async load(): Promise<void> {
    try {
      const credentials = await this.options.auth.getOwnServiceCredentials();
      const { items } = await this.options.catalog.getEntities(
        {
          filter: [
            { kind: 'component' },
            { [`metadata.annotations.${DEPLOYMENTS_SERVICE_ANNOTATION}`]: CATALOG_FILTER_EXISTS },
          ],
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.annotations'],
        },
        { credentials },
      );
      const next = mapServicesToEntities(items);
      this.empty = items.length === 0;
      const digest = digestLinks(next);
      if (digest !== this.digest) {
        this.links = next;
        this.digest = digest;
      }
    } catch (error) {
      this.options.logger.warn('Could not read service links from the catalog', toError(error));
    } finally {
      this.fetchedAt = Date.now();
    }
  }
}
