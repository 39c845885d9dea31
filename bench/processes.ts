/**
 * A whole system for a benchmark whose subject is the processes themselves (bench/soak.ts,
 * bench/footprint.ts): the servers as in bench/system.ts (a Temporal dev server, a scratch database,
 * an SMTP catcher), but the worker and the API each in a process of its own (`worker/main.ts`,
 * `api/main.ts`, as in production, the worker on a workflow bundle built ahead of time as the Docker
 * image's), so that each one's memory is its own and is read from outside:
 * its `/metrics` (`process_resident_memory_bytes`, the V8 heap) and /proc.
 *
 * The children's output goes to a log file (its path is printed), not through this process.
 * `startApiProcess` starts the API alone (bench/reads.ts, on a database of its own).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApiKey } from '../db/api-keys.js';
import { createPool, type Pool } from '../db/pool.js';
import { startMailCatcher, type MailCatcher } from '../infra/mail-catcher.js';
import { createScratchDatabase } from '../infra/scratch-database.js';
import { onFreePort } from '../infra/ports.js';
import { startTemporalDevServer } from '../infra/temporal-dev-server.js';
import { writeWorkflowBundle } from '../worker/bundle.js';
import { tsxNodeArguments } from '../worker/node-flags.js';
import { say } from './system.js';

const repo = fileURLToPath(new URL('..', import.meta.url));

export interface ChildService {
  name: 'worker' | 'api';
  pid: number;
  /** Its /metrics (the worker's on WORKER_HTTP_PORT). */
  metricsUrl: string;
  logFile: string;
}

export interface ProcessSystem {
  apiUrl: string | null;
  apiKey: string;
  pool: Pool;
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  /** The environment the children were started with (TOKEN_SECRET, PUBLIC_URL, …). */
  env: Record<string, string>;
  mail: MailCatcher;
  services: ChildService[];
  /** The dev server this system started; null on a server given by `temporalAddress`. */
  temporalServer: { pid: number; dbFile: string | null } | null;
  stop(): Promise<void>;
}

export interface ProcessSystemOptions {
  /** Configuration for both children (on top of what is chosen here). */
  env?: Record<string, string>;
  /** Start the API too (the footprint needs only the worker). */
  api?: boolean;
  /** Keep the Temporal server's state in a SQLite file (to measure its size); in memory otherwise. */
  temporalDbFile?: boolean;
  /**
   * A Temporal server already running (its namespace `default`), e.g. `npm run cluster`'s on PostgreSQL,
   * instead of a dev server started here. Each run works on task queues of its own there.
   */
  temporalAddress?: string;
}

export async function startProcessSystem(opts: ProcessSystemOptions = {}): Promise<ProcessSystem> {
  const stack: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stack.reverse()) await step().catch((err) => say(`stop: ${(err as Error).message}`));
    stack.length = 0;
  };
  const dir = mkdtempSync(join(tmpdir(), 'bonus-bench-'));
  // The logs and the bundle go with the run; a run that failed to start keeps its logs to read.
  let keepLogs = false;
  stack.push(async () => (keepLogs ? say(`logs kept in ${dir}`) : rmSync(dir, { recursive: true, force: true })));
  try {
    const dbFile = opts.temporalDbFile ? join(dir, 'temporal.sqlite') : null;
    // The worker loads the workflows bundled ahead of time, as the Docker image's does (worker/bundle.ts).
    const bundle = join(dir, 'workflow-bundle.js');
    const [server, database, mail] = await Promise.all([
      opts.temporalAddress ? null : startTemporalDevServer({ uiPort: null, log: say, ...(dbFile ? { dbFile } : {}) }),
      createScratchDatabase('bonus_bench', process.env.BENCH_DATABASE_ADMIN_URL, say),
      startMailCatcher(),
      writeWorkflowBundle(bundle),
    ]);
    if (server) stack.push(() => server.stop());
    stack.push(
      () => database.drop(),
      () => mail.stop(),
    );
    const temporalAddress = server?.address ?? opts.temporalAddress!;
    const base: Record<string, string> = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_TASK_QUEUE: `bench-${randomUUID().slice(0, 8)}`,
      SMTP_URL: mail.url,
      TOKEN_SECRET: randomUUID(),
      WORKFLOW_BUNDLE_PATH: bundle,
      ...opts.env,
    };
    const pool = createPool(database.url, 4);
    stack.push(() => pool.end());
    const services: ChildService[] = [];
    // The API first, so that the worker's mailed links point at the port it got; each on a port of its
    // own that no one took before it listened (infra/ports.ts).
    let apiUrl: string | null = null;
    if (opts.api !== false) {
      const api = await startApiProcess(base, dir);
      stack.push(() => api.stop());
      apiUrl = api.url;
      services.push({ name: 'api', pid: api.pid, metricsUrl: `${apiUrl}/metrics`, logFile: api.logFile });
    }
    const env: Record<string, string> = apiUrl && !base.PUBLIC_URL ? { ...base, PUBLIC_URL: apiUrl } : base;
    const worker = await startListening('worker', 'worker/main.ts', dir, (port) => ({ ...env, WORKER_HTTP_PORT: String(port) }));
    stack.push(() => worker.stop());
    services.push({ name: 'worker', pid: worker.pid, metricsUrl: `${worker.url}/metrics`, logFile: worker.logFile });
    const { key: apiKey } = await createApiKey(pool, 'benchmark');
    say(
      `Temporal ${temporalAddress}${server ? '' : ' (given)'}${dbFile ? ` (state in ${dbFile})` : ''}, database ${database.name} on ${database.where}; ` +
        services.map((s) => `${s.name} pid ${s.pid} (log ${s.logFile})`).join(', '),
    );
    return {
      apiUrl,
      apiKey,
      pool,
      databaseUrl: database.url,
      temporalAddress,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      env,
      mail,
      services,
      temporalServer: server && { pid: server.pid, dbFile },
      stop,
    };
  } catch (err) {
    keepLogs = true;
    await stop();
    throw err;
  }
}

/**
 * The API in a process of its own (`api/main.ts`, as in production), configured by `env`, on a free
 * port (PUBLIC_URL pointing at it unless `env` names one), its output in `dir`; answers once it is ready.
 */
export function startApiProcess(env: Record<string, string>, dir: string): Promise<Child & { url: string }> {
  return startListening('api', 'api/main.ts', dir, (port) => ({
    ...env,
    API_PORT: String(port),
    PUBLIC_URL: env.PUBLIC_URL ?? `http://127.0.0.1:${port}`,
  }));
}

/**
 * A child that listens on a port (its `/health/ready` there), ready: started on a free port, and again
 * on another when its log says the port was taken before it listened (EADDRINUSE).
 */
function startListening(
  name: 'api' | 'worker',
  script: string,
  dir: string,
  envOn: (port: number) => Record<string, string>,
): Promise<Child & { url: string }> {
  return onFreePort(async (port) => {
    const child = startChild(name, script, envOn(port), dir);
    const url = `http://127.0.0.1:${port}`;
    try {
      await untilReady(`${url}/health/ready`, child);
    } catch (err) {
      await child.stop();
      throw err;
    }
    return { ...child, url };
  });
}

interface Child {
  pid: number;
  logFile: string;
  child: ChildProcess;
  exited: Promise<void>;
  stop(): Promise<void>;
}

function startChild(name: string, script: string, env: Record<string, string>, dir: string): Child {
  const logFile = join(dir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, tsxNodeArguments(script), {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => {
    running = false;
    process.removeListener('exit', killOnExit);
  });
  // A bench that crashes must not leave its children behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  return {
    pid,
    logFile,
    child,
    exited,
    async stop() {
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function untilReady(url: string, child: Child, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void child.exited.then(() => (ended = true));
  for (;;) {
    if (ended) {
      const log = tail(child.logFile);
      const err = new Error(`${url}: the process ended during start-up; its log: ${child.logFile}\n${log}`);
      throw Object.assign(err, { code: log.includes('EADDRINUSE') ? 'EADDRINUSE' : undefined });
    }
    const ok = await fetch(url)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`${url} not ready within ${timeoutMs / 1000} s; log ${child.logFile}\n${tail(child.logFile)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const tail = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-20).join('\n') : '');

// ---- memory, read from outside ---------------------------------------------------------------

export interface MemoryReading {
  /** Resident set size, bytes. */
  rss: number;
  /** V8 heap in use and reserved, bytes (absent when only /proc was read). */
  heapUsed?: number;
  heapTotal?: number;
  /** Memory outside the V8 heap that V8 knows of (buffers), bytes. */
  external?: number;
  /** A worker's: workflows in its sticky cache now (the SDK's `temporal_sticky_cache_size`). */
  cachedWorkflows?: number;
}

/** A process's memory from its Prometheus /metrics (prom-client's process and nodejs defaults). */
export async function memoryFromMetrics(metricsUrl: string, token?: string): Promise<MemoryReading> {
  const res = await fetch(metricsUrl, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  if (res.status !== 200) throw new Error(`${metricsUrl}: HTTP ${res.status}`);
  const text = await res.text();
  const metric = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)`, 'm').exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const rss = metric('process_resident_memory_bytes');
  if (rss === undefined) throw new Error(`${metricsUrl}: no process_resident_memory_bytes`);
  return {
    rss,
    heapUsed: metric('nodejs_heap_size_used_bytes'),
    heapTotal: metric('nodejs_heap_size_total_bytes'),
    external: metric('nodejs_external_memory_bytes'),
    cachedWorkflows: metric('temporal_sticky_cache_size'),
  };
}

/** A local process's resident set size from /proc (bytes), or null when it is gone. */
export function rssFromProc(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Bytes of a file and its SQLite companions (-wal, -shm), 0 for those missing. */
export function fileBytes(file: string): number {
  return ['', '-wal', '-shm'].reduce((sum, suffix) => {
    try {
      return sum + statSync(file + suffix).size;
    } catch {
      return sum;
    }
  }, 0);
}
