/**
 * Route parameters that name a row are checked for their format before any query runs: a uuid for
 * `:id`, a positive bigint for a ledger entry's `:entryId`. Anything else names no row, so it is
 * answered 404 (`not_found`, naming the parameter) instead of reaching PostgreSQL, which would refuse
 * it (22P02) or, for an over-long number, overflow.
 */
import type { RequestParamHandler, Router } from 'express';
import { isUuid } from '../db/ids.js';
import { AppError } from './errors.js';

const BIGSERIAL = /^[1-9][0-9]{0,17}$/; // below 2^63 - 1 (9.2e18)

const checked =
  (test: (value: string) => boolean, what: string): RequestParamHandler =>
  (_req, _res, next, value: string, name: string) =>
    next(test(value) ? undefined : new AppError(404, 'not_found', `No record with this ${name}: it must be ${what}`, name));

/** Registers the id checks on `router` (for every route of it with an `:id` or `:entryId`) and returns it. */
export function checkIdParams(router: Router): Router {
  router.param('id', checked(isUuid, 'a UUID'));
  router.param(
    'entryId',
    checked((v) => BIGSERIAL.test(v), 'a positive whole number'),
  );
  return router;
}

/**
 * The same checks for the route table's routes (api/route-table.ts), which run them after the route's
 * access gate: the refusal for `value` as the parameter `name`, or null (also for a name not checked).
 */
export function paramProblem(name: string, value: string): AppError | null {
  const format = ID_PARAMS[name as keyof typeof ID_PARAMS];
  if (!format || format.test(value)) return null;
  return new AppError(404, 'not_found', `No record with this ${name}: it must be ${format.what}`, name);
}

/** The checked parameters, as the OpenAPI documents describe them. */
export const ID_PARAMS = {
  id: { test: isUuid, what: 'a UUID', format: 'uuid' },
  entryId: { test: (v: string) => BIGSERIAL.test(v), what: 'a positive whole number', pattern: BIGSERIAL.source },
} as const;
