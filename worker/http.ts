/**
 * The worker's own small HTTP port (WORKER_HTTP_PORT; 0: none), for process managers and Prometheus:
 *
 *  - `/health/live`: the process answers;
 *  - `/health/ready`: 200 while the worker polls its task queue, 503 before, while stopping and after;
 *  - `/metrics`: this process's counters (the ledger entries its activities wrote, infra/metrics.ts)
 *    and, when worker/main.ts installed the Temporal runtime's Prometheus exporter, the SDK's worker
 *    metrics (task slots, poll and schedule-to-start latencies, failures), read from that exporter
 *    on loopback and served here, so that one scrape target has both.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectProcessMetrics, metricsAllowed, metricsContentType, metricsRegistry } from '../infra/metrics.js';

export interface WorkerHttpOptions {
  host: string;
  port: number;
  /** METRICS_TOKEN: /metrics needs `Authorization: Bearer <token>` when set. */
  metricsToken?: string;
  /** The worker's state now: ready while it polls. */
  state: () => { ready: boolean; state: string };
  /** Where the Temporal runtime's Prometheus exporter serves (`http://127.0.0.1:<port>/metrics`), if installed. */
  sdkMetricsUrl?: string;
}

export interface WorkerHttp {
  url: string;
  close(): Promise<void>;
}

export async function startWorkerHttp(opts: WorkerHttpOptions): Promise<WorkerHttp> {
  collectProcessMetrics();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return json(405, { error: { code: 'method_not_allowed', message: 'GET only' } });
    if (path === '/health' || path === '/health/live') return json(200, { live: true });
    if (path === '/health/ready') {
      const { ready, state } = opts.state();
      return json(ready ? 200 : 503, { ready, state });
    }
    if (path === '/metrics') {
      if (!metricsAllowed(req.headers.authorization, opts.metricsToken)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return json(401, { error: { code: 'unauthorized', message: 'Send the metrics token as Authorization: Bearer <token>' } });
      }
      void metricsText(opts.sdkMetricsUrl).then(
        (text) => res.writeHead(200, { 'Content-Type': metricsContentType, 'Cache-Control': 'no-store' }).end(text),
        (err: unknown) => json(500, { error: { code: 'internal', message: String(err) } }),
      );
      return;
    }
    json(404, { error: { code: 'not_found', message: `No route for ${req.method} ${path}` } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Our registry's text, then the SDK exporter's (its metrics are all named temporal_…, so nothing clashes). */
async function metricsText(sdkMetricsUrl: string | undefined): Promise<string> {
  const ours = await metricsRegistry.metrics();
  if (!sdkMetricsUrl) return ours;
  try {
    const res = await fetch(sdkMetricsUrl, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return `${ours}\n${await res.text()}`;
  } catch (err) {
    return `${ours}\n# The Temporal SDK's metrics could not be read from ${sdkMetricsUrl}: ${String((err as Error).message ?? err).replace(/\n/g, ' ')}\n`;
  }
}
