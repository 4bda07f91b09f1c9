import { AuthService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DEPLOYMENTS_SERVICE_ANNOTATION } from '@deploydash/plugin-deployments-common';

export const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/** A repository to poll and the service its deployments belong to. */
export interface GithubRepository {
  host: string;
  /** Lower-cased, as GitHub names are case-insensitive and ids must be stable. */
  owner: string;
  name: string;
  service: string;
  entityRef: string;
}

/** `<host>/<owner>/<repo>`: names the repository in ids, checkpoints and logs. */
export const repositoryKey = (repo: GithubRepository) =>
  `${repo.host}/${repo.owner}/${repo.name}`;

const SLUG = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/;

/** The host of a `url:https://host/...` source location, if it is one. */
function sourceLocationHost(entity: Entity): string | undefined {
  const location = entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION];
  if (!location?.startsWith('url:')) return undefined;
  try {
    return new URL(location.slice(4)).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The repositories of all catalog entities annotated with
 * `github.com/project-slug`, one per repository (the first entity by ref wins
 * when several share one). `problems` lists entities that were left out.
 */
export async function findGithubRepositories(options: {
  catalog: CatalogService;
  auth: AuthService;
  defaultHost: string;
  integrationHosts: Set<string>;
}): Promise<{ repositories: GithubRepository[]; problems: string[] }> {
  const { catalog, auth, defaultHost, integrationHosts } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const entities: Entity[] = [];
  for await (const page of catalog.streamEntities(
    {
      query: {
        [`metadata.annotations.${PROJECT_SLUG_ANNOTATION}`]: { $exists: true },
      },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  )) {
    entities.push(...page);
  }

  const byKey = new Map<string, GithubRepository>();
  const problems: string[] = [];
  const withRefs = entities.map(entity => ({
    entity,
    ref: stringifyEntityRef(entity),
  }));
  withRefs.sort((a, b) => (a.ref < b.ref ? -1 : Number(a.ref > b.ref)));
  for (const { entity, ref } of withRefs) {
    const annotations = entity.metadata.annotations ?? {};
    const slug = SLUG.exec(annotations[PROJECT_SLUG_ANNOTATION]?.trim() ?? '');
    if (!slug) {
      problems.push(
        `${ref} has an invalid ${PROJECT_SLUG_ANNOTATION} (expected owner/repo)`,
      );
      continue;
    }
    // A source location on another configured GitHub host (e.g. GitHub
    // Enterprise) wins; anything else (GitLab, a typo) falls back to the default.
    const locationHost = sourceLocationHost(entity);
    const host =
      locationHost && integrationHosts.has(locationHost)
        ? locationHost
        : defaultHost;
    const repository: GithubRepository = {
      host,
      owner: slug[1].toLowerCase(),
      name: slug[2].toLowerCase(),
      service:
        annotations[DEPLOYMENTS_SERVICE_ANNOTATION]?.trim() ||
        entity.metadata.name,
      entityRef: ref,
    };
    const key = repositoryKey(repository);
    const first = byKey.get(key);
    if (first) {
      problems.push(
        `${ref} shares ${key} with ${first.entityRef}; its deployments go to ${first.service}`,
      );
    } else {
      byKey.set(key, repository);
    }
  }
  return { repositories: [...byKey.values()], problems };
}
