import express from 'express';
import { HttpAuthService } from '@backstage/backend-plugin-api';
import { VoidService } from '../core/VoidService';
import { readJsonBody } from './jsonBody';

/** `{"reason": ...}` with at most 500 characters is far below this; more is 413. */
const MAX_VOID_BODY_BYTES = 16 * 1024;

/**
 * `POST /{id}/void`: Backstage credentials (the router's deny-by-default
 * already refused a request without them, an `X-Api-Key` alone included)
 * with `deployments.event.void`, body `{"reason": "..."}`; answers 200 with
 * the event, now carrying `voided`.
 */
export function voidRoute(options: {
  voids: VoidService;
  httpAuth: HttpAuthService;
}): express.RequestHandler {
  return async (req, res) => {
    const credentials = await options.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const event = await options.voids.voidEvent({
      id: req.params.id,
      credentials,
      body: () => readJsonBody(req, res, MAX_VOID_BODY_BYTES),
      request: req,
    });
    res.status(200).json(event);
  };
}
