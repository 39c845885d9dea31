/**
 * The process's Prometheus metrics (prom-client), served at `/metrics` by the API (api/metrics.ts)
 * and by the worker's own small HTTP port (worker/http.ts).
 *
 * Counters count what happened *in this process* since it started: the API counts the requests and
 * the registrations it took; points credited, spent and expired are counted where the ledger writes
 * them (db/ledger.ts), after the transaction commits, so each process counts its own: the worker its
 * activities', the API its staff adjustments'. Sum them over the processes in Prometheus
 * (`sum(rate(...))`). Gauges of the whole system's state (holds open, the review queue) are read from
 * the database when the API is scraped (db/metrics.ts): every API process reports the same values.
 *
 * Each metric is made once per process: a module loaded twice (tests run several systems in one
 * process) gets the one already registered.
 */
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

export const metricsRegistry = register;
export const metricsContentType = register.contentType;

const once = <T>(name: string, make: () => T): T => (register.getSingleMetric(name) as T | undefined) ?? make();

/** Whether `authorization` carries METRICS_TOKEN; anyone may read the metrics when none is configured. */
export function metricsAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(/^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

let processMetrics = false;
/** CPU, memory, event-loop lag, handles: prom-client's defaults, once per process. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register });
}

// ---- HTTP (the API) --------------------------------------------------------------------------------

/** Requests by route pattern (`POST /api/registrations/:id`, never the raw path) and status. */
export const httpRequests = once(
  'http_requests_total',
  () =>
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'] as const,
    }),
);

export const httpDuration = once(
  'http_request_duration_seconds',
  () =>
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route pattern (requests that wait on a workflow take up to API_WORKFLOW_WAIT_MS)',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
);

// ---- business counters -----------------------------------------------------------------------------

/** A registration the API took (201 stored, or 202 taken and being stored). */
export const registrationsTaken = once(
  'bonus_registrations_total',
  () => new Counter({ name: 'bonus_registrations_total', help: 'Registrations taken by this API process (answered 201 or 202)' }),
);

const ledgerEntries = once(
  'bonus_ledger_entries_total',
  () =>
    new Counter({
      name: 'bonus_ledger_entries_total',
      help: 'Ledger entries written by this process, by kind (credit, spend, expire, annul) and source type',
      labelNames: ['kind', 'source'] as const,
    }),
);
const ledgerPoints = once(
  'bonus_ledger_points_total',
  () =>
    new Counter({
      name: 'bonus_ledger_points_total',
      help: 'Points moved by the ledger entries this process wrote, by kind (credit, spend, expire, annul) and source type',
      labelNames: ['kind', 'source'] as const,
    }),
);

export type LedgerKind = 'credit' | 'spend' | 'expire' | 'annul';

/** Counts ledger entries that were committed. */
export function countLedgerEntries(kind: LedgerKind, entries: ReadonlyArray<{ source: string; points: number }>): void {
  for (const { source, points } of entries) {
    ledgerEntries.inc({ kind, source });
    ledgerPoints.inc({ kind, source }, Math.abs(points));
  }
}

// ---- gauges of the system's state, set at scrape time (db/metrics.ts) ---------------------------------

export const stateGauges = {
  holdsOpen: once(
    'bonus_holds_open',
    () => new Gauge({ name: 'bonus_holds_open', help: 'Holds not yet captured or released (orders and donations waiting)' }),
  ),
  holdsOpenPoints: once(
    'bonus_holds_open_points',
    () => new Gauge({ name: 'bonus_holds_open_points', help: 'Points in holds not yet captured or released' }),
  ),
  reviewQueueLength: once(
    'bonus_review_queue_length',
    () => new Gauge({ name: 'bonus_review_queue_length', help: 'Review tasks open (R4, R22)' }),
  ),
  reviewQueueOldestSeconds: once(
    'bonus_review_queue_oldest_age_seconds',
    () => new Gauge({ name: 'bonus_review_queue_oldest_age_seconds', help: 'Age of the oldest open review task (0 when none is open)' }),
  ),
  up: once(
    'bonus_state_gauges_up',
    () =>
      new Gauge({
        name: 'bonus_state_gauges_up',
        help: '1 when the gauges above were read from the database at this scrape, 0 when it did not answer',
      }),
  ),
};
