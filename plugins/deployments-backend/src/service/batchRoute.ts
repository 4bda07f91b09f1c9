import express from 'express';
import { IngestService } from '../core/IngestService';
import { IngestSender } from '../core/senders';
import { readJsonBody } from './jsonBody';

/** A batch of up to 1,000 events: exactly 1 MiB is accepted, one byte more is 413. */
const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * `POST /batch`: `{"events": [...]}` through the same ingest path as `POST /`
 * (auth, scopes, a rate limit counted per event, Idempotency-Key over the
 * whole body), all or nothing; answers `201 {"count", "ids"}`.
 */
export function batchIngestRoute(options: {
  ingest: IngestService;
  authenticateIngest: (req: express.Request) => Promise<IngestSender>;
}): express.RequestHandler {
  return async (req, res) => {
    const { answer, replayed } = await options.ingest.ingestBatch({
      request: req,
      sender: () => options.authenticateIngest(req),
      body: () => readJsonBody(req, res, MAX_BATCH_BYTES),
      idempotencyKey: req.header('idempotency-key'),
    });
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(201).json(answer);
  };
}
