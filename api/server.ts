import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { loadConfig, type Config } from '../infra/config.js';
import { createPool } from '../db/pool.js';
import { componentLogger, configureLogging } from '../infra/logger.js';
import { requestIdClientInterceptor } from '../infra/request-id.js';
import { createSmtpMailer } from '../infra/mailer.js';
import { onFreePort } from '../infra/ports.js';
import { createApp } from './app.js';
import { boundedCalls } from './temporal.js';

export interface RunningApi {
  url: string;
  /**
   * Graceful shutdown, safe to call more than once: readiness turns 503 and no new connection is
   * taken; the requests in flight finish (each waits on a workflow for API_WORKFLOW_WAIT_MS at most),
   * for up to SHUTDOWN_GRACE_MS; then the connections, Temporal, mail and the pool close. Never rejects.
   */
  close(): Promise<void>;
}

/**
 * The API configured by `env` on `port`, its emailed links pointing at it unless `env` names a
 * PUBLIC_URL: the configuration comes with it, for the worker that mails those links.
 */
export async function startApiOnPort(env: NodeJS.ProcessEnv, port: number): Promise<{ config: Config; api: RunningApi }> {
  const config = loadConfig({ ...env, API_PORT: String(port), PUBLIC_URL: env.PUBLIC_URL || `http://127.0.0.1:${port}` });
  return { config, api: await startApiServer(config) };
}

/** `startApiOnPort` on a free port, and on another when that one is taken before the listen (infra/ports.ts). */
export const startApiOnFreePort = (env: NodeJS.ProcessEnv) => onFreePort((port) => startApiOnPort(env, port));

export async function startApiServer(config: Config): Promise<RunningApi> {
  configureLogging(config);
  const pool = createPool(config.databaseUrl, config.databasePoolSize, { connectTimeoutMs: config.databaseConnectTimeoutMs });
  const connection = await Connection.connect({
    address: config.temporalAddress,
    // Every call is bounded, its retries included, then retried as the SDK does by default.
    interceptors: [boundedCalls(config.apiWorkflowWaitMs), makeGrpcRetryInterceptor(defaultGrpcRetryOptions())],
  });
  // What a request sends a workflow carries its X-Request-Id in a Temporal header (infra/request-id.ts).
  const temporal = new Client({
    connection,
    namespace: config.temporalNamespace,
    interceptors: { workflow: [requestIdClientInterceptor()] },
  });
  const mailer = createSmtpMailer(config.smtpUrl, config.mailFrom);
  const app = createApp({ pool, temporal, config, mailer });
  // A port that is taken (EADDRINUSE) leaves nothing open behind: the caller may try another.
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.apiPort, config.apiHost, (err?: Error) => (err ? reject(err) : resolve(s)));
  }).catch(async (err: unknown) => {
    await connection.close().catch(() => {});
    mailer.close();
    await pool.end().catch(() => {});
    throw err;
  });
  const requests = trackRequests(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | null = null;

  async function drainAndClose(): Promise<void> {
    app.locals.draining = true; // /health/ready answers 503: a balancer sends no more
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = await requests.drain(config.shutdownGraceMs);
    if (!drained)
      log('warn', `requests still running after SHUTDOWN_GRACE_MS (${config.shutdownGraceMs} ms): their connections are closed`);
    server.closeAllConnections();
    await stopped;
    await settle('Temporal connection', connection.close());
    await settle(
      'mailer',
      Promise.resolve().then(() => mailer.close()),
    );
    await settle('database pool', withTimeout(pool.end(), config.shutdownGraceMs));
  }

  return {
    url,
    close: () => (closing ??= drainAndClose()),
  };
}

/**
 * Counts the requests in flight, so that shutdown can wait for them. While draining, every answer
 * says `Connection: close`, so keep-alive clients go elsewhere for their next request.
 */
function trackRequests(server: Server) {
  let inFlight = 0;
  let draining = false;
  const idle: Array<() => void> = [];
  server.prependListener('request', (_req, res) => {
    inFlight++;
    if (draining) res.setHeader('Connection', 'close');
    res.once('close', () => {
      if (--inFlight === 0) for (const wake of idle.splice(0)) wake();
    });
  });
  return {
    /** Resolves true once nothing is in flight, or false when `graceMs` passed first. */
    drain(graceMs: number): Promise<boolean> {
      draining = true;
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), graceMs);
        idle.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}

/** Shutdown goes on whatever one part does: its failure is logged, not thrown. */
async function settle(what: string, closing: Promise<unknown>): Promise<void> {
  await closing.catch((err) => log('warn', `closing the ${what} failed: ${String(err)}`));
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const logger = componentLogger('api');
function log(level: 'info' | 'warn', message: string): void {
  logger[level](message);
}
