import { createHash } from 'node:crypto';
import { toError } from '@backstage/errors';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { DEPLOYMENTS_SERVICE_ANNOTATION } from '@deploydash/plugin-deployments-common';
import { mapServicesToSystems } from './systemOf';
import { descendantGroups, digestWithHierarchy, GroupChildren, isGroup, mapGroupChildren } from './groupHierarchy';
import { digestWithRepositories, mapServicesToRepositories, Repository } from './repositoryLinks';

const EMPTY_RETRY_MS = 5_000;

/** A snapshot of the service name → entity ref (and owner) mapping. */
export interface ServiceLinks {
  /**
   * A digest of the mapping and the owners, part of the matrix ETag: derived
   * from them alone, so replicas with the same links agree and different
   * links differ.
   */
  digest: string;
  entityRefFor(service: string): string | null;
  /** The full entity ref (lower case) of the owner of the service's entity, or null. */
  ownerOf(service: string): string | null;
  /** The services whose entity is owned by `ownerRef` (a full entity ref, lower case). */
  servicesOwnedBy(ownerRef: string): string[];
  /** The full entity ref (lower case) of the system (`spec.system`) of the service's entity, or null. */
  systemOf(service: string): string | null;
  /**
   * The services owned by the group `groupRef` (a full entity ref, lower
   * case) or by any group below it (`spec.children`/`spec.parent`).
   */
  servicesOwnedByTeam(groupRef: string): string[];
  /** The GitHub or GitLab repository the service's entity's location annotations name, or null. */
  repositoryOf(service: string): Repository | null;
}

/**
 * The entity each service links to: the `deployments/service-name`
 * annotation wins over `metadata.name`, and an entity in the default
 * namespace wins a name clash.
 */
function linkEntities(entities: Entity[]): Map<string, Entity> {
  const byName = new Map<string, { entity: Entity; rank: number }>();
  for (const entity of entities) {
    const annotated = entity.metadata.annotations?.[DEPLOYMENTS_SERVICE_ANNOTATION];
    // Groups are read for the team hierarchy; only an annotation makes one a service.
    if (!annotated && isGroup(entity)) continue;
    const service = annotated || entity.metadata.name;
    const defaultNs = (entity.metadata.namespace ?? DEFAULT_NAMESPACE) === DEFAULT_NAMESPACE;
    const rank = (annotated ? 2 : 0) + (defaultNs ? 1 : 0);
    const existing = byName.get(service);
    if (!existing || rank > existing.rank) byName.set(service, { entity, rank });
  }
  return new Map([...byName].map(([service, { entity }]) => [service, entity]));
}

/** Builds the service → entity ref mapping (see linkEntities). */
export function mapServicesToEntities(entities: Entity[]): Map<string, string> {
  return new Map([...linkEntities(entities)].map(([service, e]) => [service, stringifyEntityRef(e)]));
}

/**
 * The owner of an entity as a full entity ref: the catalog's `ownedBy`
 * relation (already a full ref), else `spec.owner` completed as the catalog
 * does (kind `group`, the entity's namespace). Null when it has none, or an
 * unreadable one.
 */
export function ownerRefOf(entity: Entity): string | null {
  const related = entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef;
  const owner = related ?? entity.spec?.owner;
  if (typeof owner !== 'string' || owner === '') return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      }),
    );
  } catch {
    return null;
  }
}

/** Builds the service → owner ref mapping, for services whose entity has an owner. */
export function mapServicesToOwners(entities: Entity[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [service, entity] of linkEntities(entities)) {
    const owner = ownerRefOf(entity);
    if (owner !== null) owners.set(service, owner);
  }
  return owners;
}

const sortedEntries = (map: Map<string, string>) =>
  [...map].sort(([a], [b]) => Number(a > b) - Number(a < b));

/** sha256 of the mappings in sorted order (JSON, so no two mappings serialise alike). */
export function digestLinks(links: Map<string, string>, owners = new Map<string, string>()): string {
  const text = JSON.stringify([sortedEntries(links), sortedEntries(owners)]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Looks the mapping up through the catalog service once per `ttlMs` for all
 * requests (never per request per row). A stale mapping is served while it is
 * refreshed in the background; a catalog failure keeps the last good one.
 */
export class CatalogServiceLinker {
  private links = new Map<string, string>();
  private owners = new Map<string, string>();
  /** Service → system ref; not in the digest (neither the matrix nor promotion shows systems). */
  private systems = new Map<string, string>();
  private children: GroupChildren = new Map();
  /** Service → repository (promotion links commits to it): part of the digest. */
  private repositories = new Map<string, Repository>();
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
    const { links, owners, systems, repositories } = this;
    const children = this.children;
    return {
      digest: this.digest,
      entityRefFor: service => links.get(service) ?? null,
      ownerOf: service => owners.get(service) ?? null,
      systemOf: service => systems.get(service) ?? null,
      repositoryOf: service => repositories.get(service) ?? null,
      servicesOwnedBy: ownerRef => [...owners].filter(([, o]) => o === ownerRef).map(([s]) => s),
      servicesOwnedByTeam: groupRef => {
        const teams = descendantGroups(children, groupRef);
        return [...owners].filter(([, o]) => teams.has(o)).map(([s]) => s);
      },
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
            // The team hierarchy (servicesOwnedByTeam).
            { kind: 'group' },
            { [`metadata.annotations.${DEPLOYMENTS_SERVICE_ANNOTATION}`]: CATALOG_FILTER_EXISTS },
          ],
          fields: [
            'kind',
            'metadata.name',
            'metadata.namespace',
            'metadata.annotations',
            'spec.owner',
            'spec.system',
            'spec.parent',
            'spec.children',
            'relations',
          ],
        },
        { credentials },
      );
      const next = mapServicesToEntities(items);
      const owners = mapServicesToOwners(items);
      this.systems = mapServicesToSystems(items, next);
      this.empty = items.length === 0;
      const children = mapGroupChildren(items);
      const repositories = mapServicesToRepositories(linkEntities(items));
      const digest = digestWithRepositories(
        digestWithHierarchy(digestLinks(next, owners), children),
        repositories,
      );
      if (digest !== this.digest) {
        this.links = next;
        this.repositories = repositories;
        this.owners = owners;
        this.children = children;
        this.digest = digest;
      }
    } catch (error) {
      this.options.logger.warn('Could not read service links from the catalog', toError(error));
    } finally {
      this.fetchedAt = Date.now();
    }
  }
}
