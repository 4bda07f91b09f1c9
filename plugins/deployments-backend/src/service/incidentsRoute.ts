import express from 'express';
import Router from 'express-promise-router';
import { InputError } from '@backstage/errors';
import { IngestService } from '../core/IngestService';
import { IngestSender } from '../core/senders';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { IncidentPosition, IncidentsFilter } from '../database/incidents';
import { readJsonBody } from './jsonBody';
import {
  decodePosition,
  encodePosition,
  limitParam,
  rejectUnknownParams,
  singleParam,
  timeParam,
} from './historyQuery';

/** An incident event is a few hundred bytes; more than this is 413. */
const MAX_INCIDENT_BODY_BYTES = 16 * 1024;

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_MS = 90 * DAY_MS;

const PARAMS = new Set(['service', 'environment', 'from', 'to', 'status', 'limit', 'cursor']);

/** Parses and validates the query of `GET /incidents`. */
export function parseIncidentsQuery(
  query: Record<string, unknown>,
  nowMs: number,
): { filter: IncidentsFilter; limit: number; after?: IncidentPosition } {
  rejectUnknownParams(query, PARAMS);
  const status = singleParam(query, 'status');
  if (status !== undefined && status !== 'open' && status !== 'resolved') {
    throw new InputError("Query parameter 'status' must be open or resolved");
  }
  const toMs = timeParam(query, 'to') ?? nowMs;
  const fromMs = timeParam(query, 'from') ?? toMs - DEFAULT_PERIOD_MS;
  if (fromMs >= toMs) throw new InputError("Query parameter 'from' must be before 'to'");
  const limit = limitParam(query, 200, 50);
  const cursor = singleParam(query, 'cursor');
  let after: IncidentPosition | undefined;
  if (cursor !== undefined) {
    const [anchorMs, firstId] = decodePosition(cursor, 2);
    after = { anchorMs, firstId };
  }
  return {
    filter: {
      service: singleParam(query, 'service'),
      environment: singleParam(query, 'environment'),
      fromMs,
      toMs,
      status,
    },
    limit,
    after,
  };
}

/**
 * `POST /incidents` (an ingest key or a service token, through the one
 * ingest path) and `GET /incidents` (Backstage credentials, checked by the
 * router's deny-by-default): docs/api.md "Incidents".
 */
export function incidentsRouter(options: {
  store: DeploymentsStore;
  ingest: IngestService;
  authenticateIngest: (req: express.Request) => Promise<IngestSender>;
}): express.Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const { record, created, replayed } = await options.ingest.ingestIncident({
      request: req,
      sender: () => options.authenticateIngest(req),
      body: () => readJsonBody(req, res, MAX_INCIDENT_BODY_BYTES),
      idempotencyKey: req.header('idempotency-key'),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    // A repeat (a retried webhook) stored nothing: 200 with what is stored.
    res.status(created ? 201 : 200).json(record);
  });

  router.get('/', async (req, res) => {
    const { filter, limit, after } = parseIncidentsQuery(req.query, Date.now());
    // One extra row tells whether another page exists.
    const listed = await options.store.listIncidents(filter, limit + 1, after);
    const page = listed.slice(0, limit);
    const last = page[page.length - 1];
    res.json({
      items: page.map(({ incident }) => incident),
      next_cursor:
        listed.length > limit ? encodePosition([last.position.anchorMs, last.position.firstId]) : null,
    });
  });

  return router;
}
