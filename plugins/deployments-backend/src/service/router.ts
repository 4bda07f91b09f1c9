import express from 'express';
import Router from 'express-promise-router';
import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import { deploymentsEventReadPermission } from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { EnvironmentGroup, EnvironmentLayout } from '../environments/environmentGroups';
import { DeploymentsStream } from '../stream/DeploymentsStream';
import { CatalogServiceLinker } from '../catalog/CatalogServiceLinker';
import {
  encodePageToken,
  includeTestsParam,
  parseHistoryQuery,
  rejectUnknownParams,
  singleParam,
} from './historyQuery';
import { matrixRoute } from './matrixRoute';
import { BodyCache } from './bodyCache';
import { problemJsonHandler } from './problemJson';
import { IngestService } from '../core/IngestService';
import { IngestSender } from '../core/senders';
import { batchIngestRoute } from './batchRoute';
import { readJsonBody } from './jsonBody';
import { computeMetrics } from '../insights/metrics';
import { parseMetricsQuery } from './metricsQuery';
import { computePromotion } from '../insights/promotion';
import { readRunsPage } from './runsQuery';
import { VoidService } from '../core/VoidService';
import { voidRoute } from './voidRoute';
import { incidentsRouter } from './incidentsRoute';
import { insightsRouter } from './insightsRoutes';
import { FreezeCalendar } from '../freezes/FreezeCalendar';
import { freezesRoute } from '../freezes/freezesRoute';

/** `GET /promotion` takes only a service filter. */
const PROMOTION_PARAMS = new Set(['service']);

/** Exactly 65,536 bytes are accepted; one more is 413. */
const MAX_BODY_BYTES = 64 * 1024;

export interface RouterOptions {
  store: DeploymentsStore;
  stream: DeploymentsStream;
  linker: CatalogServiceLinker;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  /** Returns who sent an ingest (key or service), or throws a 401. */
  authenticateIngest: (req: express.Request) => Promise<IngestSender>;
  /** The one ingest path (validate, scope, limit, append, audit, announce). */
  ingest: IngestService;
  /** Voiding events (`POST /{id}/void`). */
  voids: VoidService;
  /** Open streams this process accepts before answering 503. */
  maxStreamConnections: number;
  environmentOrder: string[];
  /** The environments DORA metrics count as production. */
  productionEnvironments: string[];
  /** `deployments.environments.groups` (none when absent). */
  environmentGroups?: EnvironmentGroup[];
  /** `deployments.freezes`: `GET /freezes` and `in_freeze` on read events (none when absent). */
  freezes?: FreezeCalendar;
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { store, stream, linker, httpAuth, permissions, ingest, logger } = options;
  const router = Router();
  const promotionCache = new BodyCache(20);
  const freezes = options.freezes ?? new FreezeCalendar([]);
  const layout = new EnvironmentLayout(options.environmentOrder, options.environmentGroups);

  /**
   * What the matrix and the promotion lanes are a pure function of: the
   * committed seq (changes with every commit, in any order), the number of
   * voids (only grows, with every void) and the catalog links. Their caches
   * and the matrix ETag are keyed by it.
   */
  async function logVersion() {
    const [seq, voids, links] = await Promise.all([
      store.committedSeq(),
      store.voidCount(),
      linker.current(),
    ]);
    return { version: `${seq}.${voids}.${links.digest}`, links };
  }

  async function authorize(permission: BasicPermission, credentials: BackstageCredentials) {
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  }

  // Deny by default: every path, known or not, needs Backstage credentials
  // and the read permission, except the few routes listed as public.
  router.use(async (req, _res, next) => {
    if (isPublicRoute(req)) {
      next();
      return;
    }
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    await authorize(deploymentsEventReadPermission, credentials);
    next();
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post('/', async (req, res) => {
    const { event, replayed } = await ingest.ingest({
      request: req,
      sender: () => options.authenticateIngest(req),
      body: () => readJsonBody(req, res, MAX_BODY_BYTES),
      // Checked by the core once the sender is known (401 comes first).
      idempotencyKey: req.header('idempotency-key'),
    });
    // A replay answers what the first request answered, marked as such.
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).location(`/api/deployments/${event!.id}`).json(event);
  });
  router.post('/batch', batchIngestRoute({ ingest, authenticateIngest: options.authenticateIngest }));
  // Before '/:id', which would take 'incidents' for an event id.
  router.use('/incidents', incidentsRouter({ store, ingest, authenticateIngest: options.authenticateIngest }));

  router.get('/matrix', matrixRoute({ store, logVersion, layout }));

  router.get('/services', async (_req, res) => {
    res.json({ items: await store.listServices() });
  });

  router.get('/environments', async (_req, res) => {
    res.json({
      items: layout.orderEnvironments(await store.listEnvironments()),
    });
  });

  router.get('/metrics', async (req, res) => {
    const { team, ...request } = parseMetricsQuery(
      req.query,
      options.productionEnvironments,
      Date.now(),
      names => layout.expand(names),
    );
    // A team's services together; a group nobody knows owns none (empty metrics).
    if (team !== undefined) request.services = (await linker.current()).servicesOwnedByTeam(team);
    res.json(await computeMetrics(store, request));
  });

  router.get('/promotion', async (req, res) => {
    rejectUnknownParams(req.query, PROMOTION_PARAMS);
    const service = singleParam(req.query, 'service');
    const { version, links } = await logVersion();
    const body = await promotionCache.get(`${version}|${service ?? ''}`, async () =>
      JSON.stringify(
        await computePromotion({
          store,
          service,
          environmentOrder: options.environmentOrder,
          environmentGroups: options.environmentGroups,
          entityRefFor: links.entityRefFor,
          repositoryOf: links.repositoryOf,
        }),
      ),
    );
    res.type('application/json').send(body.json);
  });

  // The organisation insights page: /insights/teams, /systems, /activity.
  router.use(
    '/insights',
    insightsRouter({ store, linker, productionEnvironments: options.productionEnvironments }),
  );

  // Before '/:id', which would take 'runs' for an event id.
  router.get('/runs', async (req, res) => {
    res.json(await readRunsPage(store, req.query, freezes));
  });

  router.get('/freezes', freezesRoute({ freezes }));

  router.get('/stream', async (req, res) => {
    const service = singleParam(req.query, 'service');
    const lastEventId =
      req.header('last-event-id') ?? singleParam(req.query, 'last_event_id');
    if (lastEventId !== undefined && !/^(0|[1-9]\d{0,15})$/.test(lastEventId)) {
      throw new InputError('Last-Event-ID must be a cursor (an event id) this API sent');
    }
    if (stream.clientCount >= options.maxStreamConnections) {
      throw new ServiceUnavailableError('Too many open streams on this backend; retry shortly');
    }
    await stream.connect(res, {
      service,
      includeTests: includeTestsParam(req.query),
      lastEventId: lastEventId === undefined ? undefined : Number(lastEventId),
    });
  });

  router.get('/', async (req, res) => {
    const { filter, limit, after } = parseHistoryQuery(req.query);
    // One extra row tells whether another page exists.
    const rows = await store.listHistory(filter, limit + 1, after);
    const items = rows.slice(0, limit);
    res.json({
      items: items.map(e => freezes.flag(e)),
      next_cursor: rows.length > limit ? encodePageToken(items[items.length - 1]) : null,
    });
  });

  router.post('/:id/void', voidRoute({ voids: options.voids, httpAuth }));

  router.get('/:id', async (req, res) => {
    const event = await store.getEvent(req.params.id);
    if (!event) throw new NotFoundError(`No deployment event with id '${req.params.id}'`);
    res.json(freezes.flag(event));
  });

  router.use(problemJsonHandler(logger));
  return router;
}

/** The only routes reachable without Backstage credentials: ingest checks its key itself. */
function isPublicRoute(req: express.Request): boolean {
  return (
    (req.method === 'POST' && (req.path === '/' || req.path === '/batch' || req.path === '/incidents')) ||
    ((req.method === 'GET' || req.method === 'HEAD') && req.path === '/health')
  );
}
