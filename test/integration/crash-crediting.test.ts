/**
 * Points never double-count or vanish when the worker process dies in the middle of crediting an
 * event: a worker is SIGKILLed right after a credit batch commits and before Temporal hears of it,
 * then a fresh worker takes over. (The welcome points' crash: crash.test.ts.)
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { insertActiveParticipants } from '../../db/participants.js';
import { startTestSystem, waitFor, type TestSystem } from '../support/system.js';
import { workerProcesses } from '../support/worker-process.js';

let sys: TestSystem;
const workers = workerProcesses(() => sys);
const { exited, polling } = workers;
const workerProcess = workers.start;

beforeAll(async () => {
  // The window outlasts taking the 10,000-line report, which on a slow, loaded machine took over 10 s.
  sys = await startTestSystem({ CREDITING_WINDOW_MS: '25000', CREDIT_BATCH_SIZE: '1000' }, { worker: false });
});
afterAll(async () => {
  workers.killAll(); // a failed test must not leave a worker behind
  await sys?.close();
});

it('R12: SIGKILL of the worker in the middle of crediting a 10,000-attendee event; after a restart every eligible attendee holds the points once', async () => {
  const attendees = 10_000;
  const emailOf = await insertActiveParticipants(sys.pool, attendees, randomUUID().slice(0, 8));
  const doomed = workerProcess('after-credit-batch', { CREDIT_BATCH_SIZE: '1000' });
  await polling(doomed);
  const startsAt = Date.now() + 200;
  const event = await sys.call('POST', '/api/events', {
    kind: 'destination_webinar',
    title: 'Массовый вебинар',
    points: 70,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 300).toISOString(),
  });
  expect(event.status).toBe(201);
  await new Promise((r) => setTimeout(r, 600));
  // Everyone attended live; every tenth only 30 minutes (not eligible, R10).
  const rows = Array.from({ length: attendees }, (_, i) => ({ email: emailOf(i + 1), minutes: (i + 1) % 10 === 0 ? 30 : 75 }));
  const report = await sys.call('POST', `/api/events/${event.body.id}/attendance`, { rows });
  expect(report.status, JSON.stringify(report.body)).toBe(201);

  expect(await exited(doomed)).toBe('SIGKILL');
  const partial = await sys.pool.query('SELECT count(*)::int AS n FROM ledger_entries WHERE source_id = $1', [event.body.id]);
  expect(partial.rows[0].n).toBeGreaterThan(0);
  expect(partial.rows[0].n).toBeLessThan(9_000);

  const survivor = workerProcess();
  try {
    const closed = await waitFor(async () => {
      const {
        rows: [e],
      } = await sys.pool.query('SELECT crediting_status, credited_count FROM events WHERE id = $1', [event.body.id]);
      return e.crediting_status === 'closed' ? e : null;
    }, 120_000);
    expect(closed.credited_count).toBe(9_000);
    const {
      rows: [totals],
    } = await sys.pool.query(
      `SELECT count(*)::int AS entries, count(DISTINCT participant_id)::int AS people, sum(amount)::int AS points
         FROM ledger_entries WHERE source_id = $1`,
      [event.body.id],
    );
    expect(totals).toEqual({ entries: 9_000, people: 9_000, points: 9_000 * 70 });
    const {
      rows: [outcomes],
    } = await sys.pool.query(
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
