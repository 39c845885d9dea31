/**
 * The whole system for one benchmark run, on real servers: a fresh Temporal dev server (headless, in
 * memory), a scratch database (BENCH_DATABASE_ADMIN_URL, else the local server, else embedded), an
 * SMTP catcher, the worker and the API. `stop()` ends them all and drops the database.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startApiOnFreePort, type RunningApi } from '../api/server.js';
import { createApiKey } from '../db/api-keys.js';
import type { Config } from '../infra/config.js';
import { createPool, type Pool } from '../db/pool.js';
import { startMailCatcher } from '../infra/mail-catcher.js';
import { createScratchDatabase } from '../infra/scratch-database.js';
import { startTemporalDevServer } from '../infra/temporal-dev-server.js';
import { startWorker } from '../worker/worker.js';

export const say = (line: string) => console.log(`[bench] ${line}`);

export interface BenchSystem {
  config: Config;
  pool: Pool;
  temporal: Client;
  api: RunningApi;
  apiKey: string;
  stop(): Promise<void>;
}

export async function startBenchSystem(env: Record<string, string> = {}): Promise<BenchSystem> {
  const stack: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stack.reverse()) await step().catch((err) => say(`stop: ${(err as Error).message}`));
  };
  try {
    const [server, database, mail] = await Promise.all([
      startTemporalDevServer({ uiPort: null, log: say }),
      createScratchDatabase('bonus_bench', process.env.BENCH_DATABASE_ADMIN_URL, say),
      startMailCatcher(),
    ]);
    stack.push(
      () => server.stop(),
      () => database.drop(),
      () => mail.stop(),
    );
    // The API listens first, on a port no one took before it; the worker is told it.
    const { config, api } = await startApiOnFreePort({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: server.address,
      SMTP_URL: mail.url,
      TOKEN_SECRET: randomUUID(),
      ...env,
    });
    stack.push(() => api.close());
    const pool = createPool(config.databaseUrl, 4);
    stack.push(() => pool.end());
    const worker = await startWorker(config);
    stack.push(() => worker.stop());
    const connection = await Connection.connect({ address: config.temporalAddress });
    stack.push(() => connection.close());
    const { key: apiKey } = await createApiKey(pool, 'benchmark');
    say(`Temporal ${server.address}, database ${database.name} on ${database.where}, API ${api.url}`);
    return { config, pool, temporal: new Client({ connection }), api, apiKey, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs `task(i)` for i in 0..n-1 with at most `concurrency` in flight; answers each call's latency in ms. */
export async function timedRuns(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function intArg(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}
