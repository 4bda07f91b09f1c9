import express from 'express';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { ServiceLinks } from '../catalog/CatalogServiceLinker';
import { EnvironmentLayout } from '../environments/environmentGroups';
import { BodyCache } from './bodyCache';
import { buildMatrixJson } from './matrix';
import { MatrixRequest, matrixVariant, parseMatrixQuery } from './matrixQuery';

/**
 * `GET /matrix`: a pure function of the log, the catalog links and the
 * normalised request, so the ETag and the cached body are keyed by the three.
 */
export function matrixRoute(options: {
  store: DeploymentsStore;
  /** The committed seq and the catalog links' digest, and those links. */
  logVersion: () => Promise<{ version: string; links: ServiceLinks }>;
  /** `deployments.environments.order` and `.groups`. */
  layout: EnvironmentLayout;
}): (req: express.Request, res: express.Response) => Promise<void> {
  const cache = new BodyCache(20);

  async function build(request: MatrixRequest, links: ServiceLinks): Promise<string> {
    const { page } = request;
    const [slots, environments] = await Promise.all([
      options.store.listSlotsJson({
        services: servicesToRead(request, links),
        serviceContains: request.q,
        failuresOnly: request.failuresOnly,
        // One service more tells whether another page follows.
        page: page && { limit: page.limit + 1, after: page.after },
      }),
      options.store.listEnvironments(),
    ]);
    return buildMatrixJson({
      slots,
      environments: options.layout.orderEnvironments(environments),
      environmentGroups: options.layout.groupsWithData(environments),
      entityRefFor: links.entityRefFor,
      summary: request.summary,
      pageLimit: page?.limit,
    });
  }

  return async (req, res) => {
    const request = parseMatrixQuery(rawQuery(req.originalUrl));
    // A matching tag means the answer has not changed since.
    const { version, links } = await options.logVersion();
    const variant = matrixVariant(request);
    const etag = `W/"${variant ? `${version}.${variant}` : version}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (matchesEtag(req.header('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    const body = await cache.get(`${etag}|${JSON.stringify(request)}`, () => build(request, links));
    res.type('application/json');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.acceptsEncodings('gzip') === 'gzip') {
      // Already compressed: Backstage's compression middleware passes it on.
      res.setHeader('Content-Encoding', 'gzip');
      res.send(cache.gzipped(body));
    } else {
      res.send(body.json);
    }
  };
}

/**
 * The named services, narrowed to those the owner owns (directly) and to
 * those of the team (its groups') when given: the filters combine by AND.
 */
function servicesToRead(request: MatrixRequest, links: ServiceLinks): string[] | undefined {
  let kept = request.services;
  const narrow = (allowed: string[]) => {
    if (kept === undefined) {
      kept = allowed;
      return;
    }
    const set = new Set(kept);
    kept = allowed.filter(service => set.has(service));
  };
  if (request.owner !== undefined) narrow(links.servicesOwnedBy(request.owner));
  if (request.team !== undefined) narrow(links.servicesOwnedByTeam(request.team));
  return kept;
}

function rawQuery(url: string): string {
  const start = url.indexOf('?');
  return start === -1 ? '' : url.slice(start + 1);
}

/** `If-None-Match` may list several tags, or be `*`. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some(tag => {
    const t = tag.trim();
    return t === '*' || t === etag || `W/${t}` === etag;
  });
}
