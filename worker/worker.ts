import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { Config } from '../infra/config.js';
import { createPool } from '../infra/db.js';
import { createSmtpMailer } from '../infra/mailer.js';
import type { lotExpiryWorkflow } from '../workflows/lot-expiry.js';
import { lotExpiryWorkflowId } from '../workflows/messages.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface RunningWorker {
  stop(): Promise<void>;
}

/**
 * Starts a worker for the program's task queue and resolves once it polls.
 * `workflowBundlePath` lets tests reuse one pre-built bundle instead of bundling again.
 */
export async function startWorker(config: Config, opts: { workflowBundlePath?: string } = {}): Promise<RunningWorker> {
  const pool = createPool(config.databaseUrl);
  const mailer = createSmtpMailer(config.smtpUrl, config.mailFrom);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = opts.workflowBundlePath
    ? { workflowBundle: { codePath: opts.workflowBundlePath } }
    : { workflowsPath };
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue: config.taskQueue,
    ...workflowSource,
    activities: createActivities({ pool, mailer, publicUrl: config.publicUrl, tokenSecret: config.tokenSecret }),
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
  return {
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      mailer.close();
      await pool.end();
    },
  };
}

/** R20: the one lot-expiry workflow of this task queue runs (started by the first worker, joined by the rest). */
async function ensureLotExpiryWorkflow(config: Config): Promise<void> {
  const connection = await Connection.connect({ address: config.temporalAddress });
  try {
    await new Client({ connection, namespace: config.temporalNamespace }).workflow.start<typeof lotExpiryWorkflow>('lotExpiryWorkflow', {
      workflowId: lotExpiryWorkflowId(config.taskQueue),
      taskQueue: config.taskQueue,
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ noticeMs: config.program.expiryNoticeMs, batchSize: config.creditBatchSize, recheckMs: config.expiryRecheckMs }],
    });
  } finally {
    await connection.close();
  }
}
