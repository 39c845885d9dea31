import { setFlagsFromString } from 'node:v8';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { Config } from '../infra/config.js';
import { createPool } from '../db/pool.js';
import { componentLogger } from '../infra/logger.js';
import { createSmtpMailer } from '../infra/mailer.js';
import type { lotExpiryWorkflow } from '../workflows/lot-expiry.js';
import { workflowsPath } from './bundle.js';
import { startWorkerHttp, type WorkerHttp } from './http.js';
import { requestIdActivityInterceptor, workflowInterceptorModules } from './interceptors.js';
import { ensureSearchAttributes } from './search-attributes.js';
import { ensureTierPeriodSchedule } from './tier-schedule.js';
import { lotExpiryWorkflowId } from '../workflows/messages/lot-expiry.js';

export interface RunningWorker {
  /**
   * Graceful shutdown, safe to call more than once: polling stops, running activities get
   * SHUTDOWN_GRACE_MS to finish (then they are cancelled, and Temporal runs them again elsewhere),
   * then the connections close. Never rejects.
   */
  stop(): Promise<void>;
  /** Settles when the worker has stopped: resolves after stop(), rejects if it fails on its own. */
  done: Promise<void>;
}

/**
 * Starts a worker for the program's task queue and resolves once it polls.
 * `workflowBundlePath` lets tests reuse one pre-built bundle instead of bundling again.
 */
export async function startWorker(
  config: Config,
  opts: { workflowBundlePath?: string; sdkMetricsUrl?: string } = {},
): Promise<RunningWorker> {
  // A database that goes away fails the activities of the moment, which Temporal retries: the worker
  // itself keeps running and picks up where it was when the database is back (db/pool.ts).
  const pool = createPool(config.databaseUrl, config.databasePoolSize, { connectTimeoutMs: config.databaseConnectTimeoutMs });
  const mailer = createSmtpMailer(config.smtpUrl, config.mailFrom);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  // Before taking work: the search attributes the workflows set exist (added if missing, else a clear stop).
  await ensureSearchAttributes(connection, config.temporalNamespace, (message) => logger.info(message)).catch(async (err: unknown) => {
    await connection.close().catch(() => {});
    mailer.close();
    await pool.end().catch(() => {});
    throw err;
  });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = opts.workflowBundlePath
    ? { workflowBundle: { codePath: opts.workflowBundlePath } }
    : { workflowsPath };
  // The SDK starts its workflow thread without a heap limit of its own: set one for the isolates made
  // from here on (the process's main thread keeps its own). A flag of the whole process, set before each
  // worker of the process starts its thread; every worker of a process is given the same.
  setFlagsFromString(`--max-old-space-size=${config.workerWorkflowHeapMb}`);
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    ...workflowSource,
    // The request id travels from the API through workflows into activities (worker/interceptors.ts);
    // a pre-built bundle has the workflow side bundled in (test/global-setup.ts).
    interceptors: {
      ...(opts.workflowBundlePath ? {} : { workflowModules: workflowInterceptorModules }),
      activity: [requestIdActivityInterceptor],
    },
    shutdownGraceTime: config.shutdownGraceMs,
    // The sticky cache is bounded by configuration, not by the SDK's default (a share of the heap limit):
    // a worker's memory stays flat however many participants wait (docs/benchmarks.md, Footprint).
    maxCachedWorkflows: config.workerMaxCachedWorkflows,
    // How many workflow tasks run and are polled for at once, and how many of those polls wait on the
    // task queue itself, where every new workflow's first task arrives (docs/configuration.md, issue 12).
    maxConcurrentWorkflowTaskExecutions: config.workerMaxConcurrentWorkflowTasks,
    maxConcurrentWorkflowTaskPolls: Math.min(config.workerWorkflowTaskPollers, config.workerMaxConcurrentWorkflowTasks),
    nonStickyToStickyPollRatio: config.workerNonStickyPollRatio,
    // Activities that ignore the cancellation get as long again; then the worker stops regardless.
    shutdownForceTime: 2 * config.shutdownGraceMs,
    activities: createActivities({
      pool,
      mailer,
      publicUrl: config.publicUrl,
      tokenSecret: config.tokenSecret,
      // A1: activities that change a tier signal the participant's workflow; the tier term's defaults and the period.
      temporal: client,
      program: config.program,
      tierPeriod: config.tierPeriod,
    }),
  });
  const running = worker.run();
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (worker.getState() === 'RUNNING') {
        clearInterval(poll);
        resolve();
      }
    }, 20);
    running.catch((err) => {
      clearInterval(poll);
      reject(err);
    });
  });
  await ensureLotExpiryWorkflow(config);
  await ensureTierPeriodSchedule(client, config);
  let stopping: Promise<void> | null = null;
  let http: WorkerHttp | null = null;
  const stop = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running.catch((err) => log(`the worker stopped with an error: ${String(err)}`));
    await connection.close().catch((err) => log(`closing the Temporal connection failed: ${String(err)}`));
    mailer.close();
    await pool.end().catch((err) => log(`closing the database pool failed: ${String(err)}`));
    await http?.close();
  };
  // WORKER_HTTP_PORT: readiness and metrics (worker/http.ts); `sdkMetricsUrl` when worker/main.ts installed the SDK's exporter.
  if (config.workerHttpPort) {
    http = await startWorkerHttp({
      host: config.workerHttpHost,
      port: config.workerHttpPort,
      metricsToken: config.metricsToken,
      sdkMetricsUrl: opts.sdkMetricsUrl,
      state: () => ({ ready: stopping === null && worker.getState() === 'RUNNING', state: stopping ? 'STOPPING' : worker.getState() }),
    }).catch(async (err: unknown) => {
      await (stopping ??= stop()); // a taken port (EADDRINUSE) leaves no worker polling behind
      throw err;
    });
  }
  return {
    stop: () => (stopping ??= stop()),
    done: running,
  };
}

const logger = componentLogger('worker');
function log(message: string): void {
  logger.warn(message);
}

/** R20: the one lot-expiry workflow of this task queue runs (started by the first worker, joined by the rest). */
async function ensureLotExpiryWorkflow(config: Config): Promise<void> {
  const connection = await Connection.connect({ address: config.temporalAddress });
  try {
    await new Client({ connection, namespace: config.temporalNamespace }).workflow.start<typeof lotExpiryWorkflow>('lotExpiryWorkflow', {
      workflowId: lotExpiryWorkflowId(config.taskQueue),
      taskQueue: config.taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [
        {
          noticeMs: config.program.expiryNoticeMs,
          batchSize: config.creditBatchSize,
          parallelBatches: config.creditParallelBatches,
          recheckMs: config.expiryRecheckMs,
        },
      ],
    });
  } finally {
    await connection.close();
  }
}
