/**
 * Points never double-count or vanish when the worker process dies: a worker is SIGKILLed right
 * after a credit commits and before Temporal hears of it, then a fresh worker takes over.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
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
import { insertActiveParticipants } from '../support/fixtures.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let sys: TestSystem;

/** A worker in its own process, configured like the test system's, optionally set to crash. */
function workerProcess(crashAt?: string, env: Record<string, string> = {}): ChildProcess {
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
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  endings.set(child, new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code))));
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

// How each worker process ended, recorded from its start: a crash can come before the test awaits it.
const endings = new WeakMap<ChildProcess, Promise<NodeJS.Signals | number | null>>();
const exited = (child: ChildProcess) => endings.get(child)!;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  sys = await startTestSystem({ CREDITING_WINDOW_MS: '3000', CREDIT_BATCH_SIZE: '1000' }, { worker: false });
});
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL'); // a failed test must not leave a worker behind
  await sys?.close();
});

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

it('R12: SIGKILL of the worker in the middle of crediting a 10,000-attendee event; after a restart every eligible attendee holds the points once', async () => {
  const attendees = 10_000;
  const emailOf = await insertActiveParticipants(sys.pool, attendees, randomUUID().slice(0, 8));
  const doomed = workerProcess('after-credit-batch', { CREDIT_BATCH_SIZE: '1000' });
  const startsAt = Date.now() + 200;
  const event = await sys.call('POST', '/api/events', {
    kind: 'destination_webinar', title: 'Массовый вебинар', points: 70,
    startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 300).toISOString(),
  });
  expect(event.status).toBe(201);
  await new Promise((r) => setTimeout(r, 600));
  // Everyone attended live; every tenth only 30 minutes (not eligible, R10).
  const rows = Array.from({ length: attendees }, (_, i) => ({ email: emailOf(i + 1), minutes: (i + 1) % 10 === 0 ? 30 : 75 }));
  expect((await sys.call('POST', `/api/events/${event.body.id}/attendance`, { rows })).status).toBe(201);

  expect(await exited(doomed)).toBe('SIGKILL');
  const partial = await sys.pool.query('SELECT count(*)::int AS n FROM ledger_entries WHERE source_id = $1', [event.body.id]);
  expect(partial.rows[0].n).toBeGreaterThan(0);
  expect(partial.rows[0].n).toBeLessThan(9_000);

  const survivor = workerProcess();
  try {
    const closed = await waitFor(async () => {
      const { rows: [e] } = await sys.pool.query('SELECT crediting_status, credited_count FROM events WHERE id = $1', [event.body.id]);
      return e.crediting_status === 'closed' ? e : null;
    }, 120_000);
    expect(closed.credited_count).toBe(9_000);
    const { rows: [totals] } = await sys.pool.query(
      `SELECT count(*)::int AS entries, count(DISTINCT participant_id)::int AS people, sum(amount)::int AS points
         FROM ledger_entries WHERE source_id = $1`,
      [event.body.id],
    );
    expect(totals).toEqual({ entries: 9_000, people: 9_000, points: 9_000 * 70 });
    const { rows: [outcomes] } = await sys.pool.query(
      `SELECT count(*) FILTER (WHERE credited)::int AS credited, count(*) FILTER (WHERE reason = 'below_minimum')::int AS short
         FROM event_outcomes WHERE event_id = $1`,
      [event.body.id],
    );
    expect(outcomes).toEqual({ credited: 9_000, short: 1_000 });
  } finally {
    survivor.kill('SIGTERM');
    await exited(survivor);
  }
}, 300_000);
