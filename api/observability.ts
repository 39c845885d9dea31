/**
 * What the API tells its operators about itself: for every request a correlation id (`X-Request-Id`),
 * one JSON log line, and its count and duration by route pattern; Prometheus metrics at `/metrics`
 * (infra/metrics.ts).
 */
import { randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import { stateFigures } from '../db/metrics.js';
import { httpDuration, httpRequests, metricsAllowed, metricsContentType, metricsRegistry, stateGauges } from '../infra/metrics.js';
import { componentLogger } from '../infra/logger.js';
import { acceptableRequestId, requestContext } from '../infra/request-id.js';
import type { ApiDeps } from './deps.js';

const log = componentLogger('api');

/**
 * The route pattern a request matched (`/api/registrations/:id`), never its raw path, so that a
 * label has as many values as the API has routes; `unmatched` when no route took it (404s, static
 * files of the console).
 *
 * Express resets `req.baseUrl` when an error leaves a router, so by the time an error's answer is sent
 * the router's mount point may be gone. The mount is then what the request's path has in front of
 * the pattern's segments (mount points here hold no parameters).
 */
export function routePattern(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (!route) return 'unmatched';
  if (typeof route.path !== 'string') return String(route.path); // a RegExp route: its source is fixed text
  const pattern = route.path;
  if (req.baseUrl || /[*(?]/.test(pattern)) return `${req.baseUrl}${pattern}` || '/';
  const pathSegments = req.originalUrl.split('?')[0].split('/').filter(Boolean);
  const patternSegments = pattern.split('/').filter(Boolean);
  const mount = pathSegments.slice(0, Math.max(0, pathSegments.length - patternSegments.length));
  return `/${[...mount, ...patternSegments].join('/')}`;
}

/**
 * Every request: its id (the client's `X-Request-Id` when it is a plain token, else a new one),
 * answered in `X-Request-Id` and kept in `res.locals.requestId`; the rest of the request runs inside
 * `requestContext`, so its log lines and what it sends Temporal carry the id (infra/request-id.ts).
 * When the answer is sent (or the client went away): one log line, and the request counted and timed
 * by method, route pattern and status. The line names the path without its query (which may hold a
 * token) and never a body.
 */
export function observeRequests(): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const given = req.get('x-request-id');
    const requestId = acceptableRequestId(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.set('X-Request-Id', requestId);
    const done = () => {
      const route = routePattern(req);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = res.writableFinished ? res.statusCode : 499; // 499: the client closed the connection first
      httpRequests.inc({ method: req.method, route, status: String(status) });
      httpDuration.observe({ method: req.method, route }, seconds);
      log[status >= 500 ? 'error' : 'info'](
        {
          requestId,
          method: req.method,
          route,
          path: req.originalUrl.split('?')[0],
          status,
          durationMs: Math.round(seconds * 1000),
          client: req.apiClient?.id,
        },
        `${req.method} ${route} ${status}`,
      );
    };
    res.once('close', done);
    requestContext.run({ requestId }, next);
  };
}

/** `GET /metrics`: this process's metrics, and the system's state gauges read from the database now. */
export function metricsRouter({ pool, config }: ApiDeps): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (!metricsAllowed(req.get('authorization'), config.metricsToken)) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer')
        .json({ error: { code: 'unauthorized', message: 'Send the metrics token as Authorization: Bearer <token>' } });
      return;
    }
    await readStateGauges(() => stateFigures(pool), config.databaseConnectTimeoutMs);
    res
      .set('Cache-Control', 'no-store')
      .type(metricsContentType)
      .send(await metricsRegistry.metrics());
  });
  return router;
}

/**
 * Sets the state gauges from one query bounded by `timeoutMs`. When the database does not answer they
 * are NaN for this scrape (never a stale or a zero figure), and `bonus_state_gauges_up` is 0.
 */
async function readStateGauges(read: () => ReturnType<typeof stateFigures>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const figures = await Promise.race([
      read(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), timeoutMs))),
    ]);
    stateGauges.holdsOpen.set(figures.holdsOpen);
    stateGauges.holdsOpenPoints.set(figures.holdsOpenPoints);
    stateGauges.reviewQueueLength.set(figures.reviewQueueLength);
    stateGauges.reviewQueueOldestSeconds.set(figures.reviewQueueOldestSeconds);
    stateGauges.up.set(1);
  } catch {
    for (const gauge of [
      stateGauges.holdsOpen,
      stateGauges.holdsOpenPoints,
      stateGauges.reviewQueueLength,
      stateGauges.reviewQueueOldestSeconds,
    ])
      gauge.set(NaN);
    stateGauges.up.set(0);
  } finally {
    clearTimeout(timer);
  }
}
