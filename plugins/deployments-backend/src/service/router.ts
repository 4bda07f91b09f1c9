import express, { RequestHandler } from 'express';
import Router from 'express-promise-router';
import {
  AuditorService,
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
import {
  deploymentsEventCreatePermission,
  deploymentsEventReadPermission,
  validateDeploymentEventInput,
} from '@deploydash/plugin-deployments-common';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { DeploymentsStream } from '../stream/DeploymentsStream';
import { CatalogServiceLinker } from '../catalog/CatalogServiceLinker';
import {
  encodeHistoryCursor,
  includeTestsParam,
  parseHistoryQuery,
  rejectUnknownParams,
  singleParam,
} from './historyQuery';
import { buildMatrixJson, orderEnvironments } from './matrix';
import { BodyCache } from './bodyCache';
import {
  problemJsonHandler,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  ValidationFailedError,
} from './problemJson';
import { describeSender, IngestSender, outOfScope } from './ingestAuth';
import { RateLimiter } from './rateLimiter';
import { computeMetrics, parseMetricsQuery } from '../insights/metrics';
import { computePromotion } from '../insights/promotion';

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
  auditor: AuditorService;
  logger: LoggerService;
  /** Returns who sent an ingest (key or service), or throws a 401. */
  authenticateIngest: (req: express.Request) => Promise<IngestSender>;
  /** Per-key ingest limit; none when undefined. */
  rateLimiter?: RateLimiter;
  /** Open streams this process accepts before answering 503. */
  maxStreamConnections: number;
  environmentOrder: string[];
  /** The environments DORA metrics count as production. */
  productionEnvironments: string[];
}

export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { store, stream, linker, httpAuth, permissions, auditor, logger } = options;
  const router = Router();
  const matrixCache = new BodyCache(20);
  const promotionCache = new BodyCache(20);

  /**
   * What the matrix and the promotion lanes are a pure function of: the
   * committed cursor (changes with every commit, in any order) and the
   * catalog links. Their caches and the matrix ETag are keyed by it.
   */
  async function logVersion() {
    const [cursor, links] = await Promise.all([store.committedCursor(), linker.current()]);
    return { version: `${cursor}.${links.generation}`, links };
  }

  async function authorize(permission: BasicPermission, credentials: BackstageCredentials) {
    const [decision] = await permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post(
    '/',
    async (req, _res, next) => {
      const sender = await options.authenticateIngest(req);
      req.ingestSender = sender;
      if (sender.kind === 'service') {
        await authorize(deploymentsEventCreatePermission, sender.credentials);
      } else if (options.rateLimiter) {
        const waitSeconds = options.rateLimiter.take(sender.name);
        if (waitSeconds > 0) {
          throw new TooManyRequestsError(`Key '${sender.name}' is over its rate limit`, waitSeconds);
        }
      }
      if (!req.is('application/json')) {
        throw new UnsupportedMediaTypeError('The body must be sent as Content-Type: application/json');
      }
      next();
    },
    express.json({ limit: MAX_BODY_BYTES, strict: false, type: () => true }),
    async (req, res) => {
      const result = validateDeploymentEventInput(req.body);
      if (!result.ok) throw new ValidationFailedError(result.errors);
      const sender = req.ingestSender!;
      const refusal = sender.kind === 'key' ? outOfScope(sender.scope, result.value) : undefined;
      if (refusal) throw new NotAllowedError(refusal);
      const event = await store.append(result.value, Date.now());
      const from = describeSender(sender);
      logger.info(
        `Deployment event ${event.id} from ${from}: ${event.service}/${event.environment} ${event.status}`,
      );
      const audit = await auditor.createEvent({
        eventId: 'deployment-ingest',
        meta: { sender: from, id: event.id, service: event.service, environment: event.environment, status: event.status },
      });
      await audit.success();
      stream.announce(event.id);
      res.status(201).location(`/api/deployments/${event.id}`).json(event);
    },
  );

  // Every read needs Backstage user or service credentials. The plugin's auth
  // policy lets all requests through (ingest takes API keys), so reads check here.
  const requireCredentials: RequestHandler = async (req, _res, next) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    await authorize(deploymentsEventReadPermission, credentials);
    next();
  };

  router.get('/matrix', requireCredentials, async (req, res) => {
    const service = singleParam(req.query, 'service');
    // A matching tag means the projection has not changed since.
    const { version, links } = await logVersion();
    const etag = `W/"${version}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (matchesEtag(req.header('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    const body = await matrixCache.get(`${etag}|${service ?? ''}`, async () => {
      const [slots, environments] = await Promise.all([
        store.listSlotsJson({ service }),
        store.listEnvironments(),
      ]);
      return buildMatrixJson({
        slots,
        environments: orderEnvironments(environments, options.environmentOrder),
        entityRefFor: links.entityRefFor,
      });
    });
    res.type('application/json');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.acceptsEncodings('gzip') === 'gzip') {
      // Already compressed: Backstage's compression middleware passes it on.
      res.setHeader('Content-Encoding', 'gzip');
      res.send(matrixCache.gzipped(body));
    } else {
      res.send(body.json);
    }
  });

  router.get('/services', requireCredentials, async (_req, res) => {
    res.json({ items: await store.listServices() });
  });

  router.get('/environments', requireCredentials, async (_req, res) => {
    res.json({
      items: orderEnvironments(await store.listEnvironments(), options.environmentOrder),
    });
  });

  router.get('/metrics', requireCredentials, async (req, res) => {
    const request = parseMetricsQuery(req.query, options.productionEnvironments, Date.now());
    res.json(await computeMetrics(store, request));
  });

  router.get('/promotion', requireCredentials, async (req, res) => {
    rejectUnknownParams(req.query, PROMOTION_PARAMS);
    const service = singleParam(req.query, 'service');
    const { version, links } = await logVersion();
    const body = await promotionCache.get(`${version}|${service ?? ''}`, async () =>
      JSON.stringify(
        await computePromotion({
          store,
          service,
          environmentOrder: options.environmentOrder,
          entityRefFor: links.entityRefFor,
        }),
      ),
    );
    res.type('application/json').send(body.json);
  });

  router.get('/stream', requireCredentials, async (req, res) => {
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

  router.get('/', requireCredentials, async (req, res) => {
    const { filter, limit, after } = parseHistoryQuery(req.query);
    // One extra row tells whether another page exists.
    const rows = await store.listHistory(filter, limit + 1, after);
    const items = rows.slice(0, limit);
    res.json({
      items,
      next_cursor: rows.length > limit ? encodeHistoryCursor(items[items.length - 1]) : null,
    });
  });

  router.get('/:id', requireCredentials, async (req, res) => {
    const event = await store.getEvent(req.params.id);
    if (!event) throw new NotFoundError(`No deployment event with id '${req.params.id}'`);
    res.json(event);
  });

  router.use(problemJsonHandler(logger));
  return router;
}

/** `If-None-Match` may list several tags, or be `*`. */
function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some(tag => {
    const t = tag.trim();
    return t === '*' || t === etag || `W/${t}` === etag;
  });
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Who sent an ingest, once authenticated. */
    ingestSender?: IngestSender;
  }
}
