/**
 * Points never double-count or vanish when the worker process dies: a worker is SIGKILLed right
 * after the welcome credit commits and before Temporal hears of it, then a fresh worker takes over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  createStaff,
  participantRow,
  registerIntermediary,
  signIn,
  startTestSystem,
  waitFor,
  waitForStatus,
  type TestSystem,
} from '../support/system.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let sys: TestSystem;

/** A worker in its own process, configured like the test system's, optionally set to crash. */
function workerProcess(crashAt?: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: repo,
    env: {
      ...process.env,
      DATABASE_URL: sys.config.databaseUrl,
      TEMPORAL_ADDRESS: sys.config.temporalAddress,
      TEMPORAL_TASK_QUEUE: sys.config.taskQueue,
      SMTP_URL: sys.config.smtpUrl,
      PUBLIC_URL: sys.config.publicUrl,
      TOKEN_SECRET: sys.config.tokenSecret,
      WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
      BONUS_CRASH_AT: crashAt ?? '',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));

beforeAll(async () => {
  sys = await startTestSystem({}, { worker: false });
});
afterAll(async () => sys?.close());

it('R7: the welcome points exist exactly once when the worker is SIGKILLed between the credit and its report, then restarted', async () => {
  const doomed = workerProcess('after-activation-commit');
  const support = await signIn(sys, await createStaff(sys, 'support'));
  const { participantId } = await registerIntermediary(sys);
  const task = (await sys.pool.query('SELECT id FROM review_tasks WHERE participant_id = $1', [participantId])).rows[0];

  const decision = sys.call('POST', `/admin/api/reviews/${task.id}/decision`, { decision: 'approve' }, { apiKey: null, token: support });
  expect(await exited(doomed)).toBe('SIGKILL');
  // The credit committed before the crash; the workflow does not know it yet.
  const afterCrash = await participantRow(sys, participantId);
  expect(afterCrash.balance).toBe(100);

  const survivor = workerProcess();
  try {
    expect((await decision).status).toBe(200);
    await waitForStatus(sys, participantId, 'active', 90_000);
    await waitFor(async () => (await sys.pool.query(`SELECT 1 FROM sent_mail WHERE participant_id = $1 AND kind = 'welcome' AND sent_at IS NOT NULL`, [participantId])).rowCount, 90_000);
    const { rows } = await sys.pool.query('SELECT amount FROM ledger_entries WHERE participant_id = $1', [participantId]);
    expect(rows).toEqual([{ amount: 100 }]);
    const row = await participantRow(sys, participantId);
    expect(row.member_number).toBe(afterCrash.member_number);
  } finally {
    survivor.kill('SIGTERM');
    await exited(survivor);
  }
});
