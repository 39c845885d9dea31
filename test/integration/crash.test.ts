/**
 * The welcome points never double-count or vanish when the worker process dies: a worker is
 * SIGKILLed right after the credit commits and before Temporal hears of it, then a fresh worker
 * takes over. (The same for an event's crediting: crash-crediting.test.ts, a file of its own so
 * that the two crashes, each waiting on Temporal's timeouts, run side by side on their own queues.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
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
import { workerProcesses } from '../support/worker-process.js';

let sys: TestSystem;
const workers = workerProcesses(() => sys);
const { exited, polling } = workers;
const workerProcess = workers.start;

beforeAll(async () => {
  sys = await startTestSystem({}, { worker: false });
});
afterAll(async () => {
  workers.killAll(); // a failed test must not leave a worker behind
  await sys?.close();
});

it('R7: the welcome points exist exactly once when the worker is SIGKILLed between the credit and its report, then restarted', async () => {
  const doomed = workerProcess('after-activation-commit');
  await polling(doomed);
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
    await waitFor(
      async () =>
        (
          await sys.pool.query(`SELECT 1 FROM sent_mail WHERE participant_id = $1 AND kind = 'welcome' AND sent_at IS NOT NULL`, [
            participantId,
          ])
        ).rowCount,
      90_000,
    );
    const { rows } = await sys.pool.query('SELECT amount FROM ledger_entries WHERE participant_id = $1', [participantId]);
    expect(rows).toEqual([{ amount: 100 }]);
    const row = await participantRow(sys, participantId);
    expect(row.member_number).toBe(afterCrash.member_number);
  } finally {
    survivor.kill('SIGTERM');
    await exited(survivor);
  }
});
