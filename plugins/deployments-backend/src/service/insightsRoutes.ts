import Router from 'express-promise-router';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { CatalogServiceLinker } from '../catalog/CatalogServiceLinker';
import { computeGroupInsights } from '../insights/groupInsights';
import { computeActivity } from '../insights/activity';
import { parseActivityQuery, parseGroupInsightsQuery } from './insightsQuery';

/**
 * `GET /insights/teams`, `/insights/systems` and `/insights/activity`: the
 * organisation insights page. Mounted behind the router's deny-by-default
 * middleware (Backstage credentials and the read permission).
 */
export function insightsRouter(options: {
  store: DeploymentsStore;
  linker: CatalogServiceLinker;
  productionEnvironments: string[];
}) {
  const { store, linker, productionEnvironments } = options;
  const router = Router();

  for (const groupBy of ['team', 'system'] as const) {
    router.get(`/${groupBy}s`, async (req, res) => {
      const { fromMs, toMs } = parseGroupInsightsQuery(req.query, Date.now());
      const [services, links] = await Promise.all([store.listServices(), linker.current()]);
      res.json(
        await computeGroupInsights(store, {
          groupBy,
          services,
          keyOf: groupBy === 'team' ? links.ownerOf : links.systemOf,
          environments: productionEnvironments,
          fromMs,
          toMs,
        }),
      );
    });
  }

  router.get('/activity', async (req, res) => {
    const { fromMs, toMs, tz, team } = parseActivityQuery(req.query, Date.now());
    const services =
      team === undefined ? undefined : (await linker.current()).servicesOwnedByTeam(team);
    res.json(
      await computeActivity(store, {
        environments: productionEnvironments,
        services,
        team,
        fromMs,
        toMs,
        tz,
      }),
    );
  });

  return router;
}
