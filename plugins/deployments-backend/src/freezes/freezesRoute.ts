import express from 'express';
import { InputError } from '@backstage/errors';
import { rejectUnknownParams, singleParam } from '../service/historyQuery';
import { FreezeCalendar } from './FreezeCalendar';

const FREEZES_PARAMS = new Set(['service', 'environment']);

/**
 * `GET /freezes`: the active and upcoming freeze windows, optionally only
 * those covering one service and/or environment. Read auth is the
 * router's (deny by default); nothing here touches the database.
 */
export function freezesRoute(options: { freezes: FreezeCalendar; now?: () => number }): express.RequestHandler {
  const now = options.now ?? Date.now;
  return (req, res) => {
    rejectUnknownParams(req.query, FREEZES_PARAMS);
    const filter: { service?: string; environment?: string } = {};
    for (const name of FREEZES_PARAMS) {
      const value = singleParam(req.query, name);
      if (value === '') throw new InputError(`Query parameter '${name}' must not be empty`);
      if (value !== undefined) filter[name as 'service' | 'environment'] = value;
    }
    res.json(options.freezes.windows(now(), filter));
  };
}
