/**
 * Health for process managers and load balancers:
 *  - `/health`: the process answers (kept as it always was);
 *  - `/health/live`: the same, under the name probes expect; a live process is never restarted for
 *    its dependencies being away: it answers 503 to requests and recovers when they return;
 *  - `/health/ready`: whether to send it requests: the database and Temporal both answer, each within
 *    DATABASE_CONNECT_TIMEOUT_MS, and the process is not shutting down. Otherwise 503 with Retry-After.
 */
import { Router } from 'express';
import { pingDatabase } from '../db/health.js';
import type { ApiDeps } from './deps.js';

type Check = 'ok' | 'unavailable';

export function healthRouter({ pool, temporal, config }: ApiDeps): Router {
  const router = Router();
  const timeoutMs = config.databaseConnectTimeoutMs;

  router.get('/health', (_req, res) => void res.json({ ok: true }));
  router.get('/health/live', (_req, res) => void res.json({ live: true }));

  router.get('/health/ready', async (req, res) => {
    const [database, workflows] = await Promise.all([
      probe(() => pingDatabase(pool), timeoutMs),
      probe(() => temporal.withDeadline(Date.now() + timeoutMs, () => temporal.workflowService.getSystemInfo({})), timeoutMs),
    ]);
    const shuttingDown = req.app.locals.draining === true;
    const ready = !shuttingDown && database === 'ok' && workflows === 'ok';
    if (!ready) res.status(503).set('Retry-After', String(req.app.get('retryAfterSeconds') ?? 1));
    res.set('Cache-Control', 'no-store').json({ ready, database, temporal: workflows, shuttingDown });
  });

  return router;
}

/** 'ok' when `check` succeeds within `ms`; a failure or a hang is 'unavailable'. */
async function probe(check: () => Promise<unknown>, ms: number): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Check>((resolve) => (timer = setTimeout(() => resolve('unavailable'), ms)));
  const answered = check().then(
    (): Check => 'ok',
    (): Check => 'unavailable',
  );
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}
