import express from 'express';
import { UnsupportedMediaTypeError } from '../core/errors';

const parsers = new Map<number, express.RequestHandler>();

/**
 * The request's JSON body, at most `maxBytes`; 415 unless sent as JSON,
 * body-parser's errors (413, 400) otherwise.
 */
export function readJsonBody(
  req: express.Request,
  res: express.Response,
  maxBytes: number,
): Promise<unknown> {
  if (!req.is('application/json')) {
    return Promise.reject(
      new UnsupportedMediaTypeError('The body must be sent as Content-Type: application/json'),
    );
  }
  let parse = parsers.get(maxBytes);
  if (!parse) {
    parse = express.json({ limit: maxBytes, strict: false, type: () => true });
    parsers.set(maxBytes, parse);
  }
  const parser = parse;
  return new Promise((resolveBody, reject) =>
    parser(req, res, error => (error ? reject(error) : resolveBody(req.body))),
  );
}
