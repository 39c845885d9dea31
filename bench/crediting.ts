/**
 * `npm run bench:crediting`: credits an event with N attendees (BENCH_N, 10,000 by default) and
 * prints the rate from the window's close to the last credit, beside the rate of inserting the same
 * number of ledger rows straight into PostgreSQL in one batched statement, in the same run.
 *
 * The crediting path: the workflow's timer fires, the window closes (an activity), then batches of
 * CREDIT_BATCH_SIZE (default 1000) each read the report lines with their participants, judge them
 * (rules/crediting.ts) and write verdicts and ledger entries in one transaction.
 */
import { randomUUID } from 'node:crypto';
import { insertActiveParticipants } from '../test/support/fixtures.js';
import { intArg, say, startBenchSystem } from './system.js';

const n = intArg('BENCH_N', 10_000);
const windowMs = 3000;
const sys = await startBenchSystem({ CREDITING_WINDOW_MS: String(windowMs) });
const post = async (path: string, body: unknown) => {
  const res = await fetch(`${sys.api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': sys.apiKey },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ id: string }>;
};

try {
  const tag = randomUUID().slice(0, 8);
  say(`writing ${n} active participants...`);
  const emailOf = await insertActiveParticipants(sys.pool, n, tag);
  const startsAt = Date.now() + 500;
  const event = await post('/api/events', {
    kind: 'destination_webinar',
    title: 'Бенчмарк',
    points: 50,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 500).toISOString(),
  });
  await new Promise((r) => setTimeout(r, startsAt + 600 - Date.now()));
  const t0 = performance.now();
  await post(`/api/events/${event.id}/attendance`, { rows: Array.from({ length: n }, (_, i) => ({ email: emailOf(i + 1), minutes: 75 })) });
  const importSeconds = (performance.now() - t0) / 1000;

  say(`report of ${n} rows imported in ${importSeconds.toFixed(2)} s; waiting for the window to close and the credits...`);
  for (;;) {
    const {
      rows: [e],
    } = await sys.pool.query('SELECT crediting_status FROM events WHERE id = $1', [event.id]);
    if (e.crediting_status === 'closed') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const {
    rows: [span],
  } = await sys.pool.query<{ credits: number; seconds: number }>(
    `SELECT count(*)::int AS credits,
            extract(epoch FROM max(l.created_at) - e.window_closes_at)::float8 AS seconds
       FROM ledger_entries l JOIN events e ON e.id::text = l.source_id
      WHERE l.source_id = $1 GROUP BY e.window_closes_at`,
    [event.id],
  );

  // The baseline: the same number of ledger rows for the same people, one INSERT … SELECT statement.
  const raw0 = performance.now();
  await sys.pool.query(
    `INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key)
     SELECT id, 50, 'credit', 'webinar', 'baseline', 'baseline:' || id FROM participants WHERE email LIKE $1`,
    [`mass.${tag}.%`],
  );
  const rawSeconds = (performance.now() - raw0) / 1000;

  console.log('');
  console.log(
    `N=${n} attendees, CREDIT_BATCH_SIZE=${sys.config.creditBatchSize}, window ${windowMs} ms, PostgreSQL ${sys.config.databaseUrl.replace(/\/\/.*@/, '//')}`,
  );
  console.log(
    `attendance report imported through the API       ${importSeconds.toFixed(2).padStart(7)} s   ${(n / importSeconds).toFixed(0).padStart(8)} rows/s`,
  );
  console.log(
    `crediting, window close → last credit (workflow)  ${span.seconds.toFixed(2).padStart(7)} s   ${(span.credits / span.seconds).toFixed(0).padStart(8)} credits/s   (${span.credits} credits)`,
  );
  console.log(
    `raw INSERT … SELECT of ${n} ledger rows             ${rawSeconds.toFixed(2).padStart(7)} s   ${(n / rawSeconds).toFixed(0).padStart(8)} rows/s`,
  );
} finally {
  await sys.stop();
}
