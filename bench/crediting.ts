/**
 * `npm run bench:crediting`: credits one event per size in BENCH_SIZES (attendees; 1000,10000,100000
 * by default; BENCH_N alone runs one size) and prints the time from the window's close to the last
 * credit committed, beside a raw insert of the same rows on the same servers in the same run.
 *
 * The crediting path: the workflow's timer fires at the window's close, the window closes (an
 * activity), then batches of CREDIT_BATCH_SIZE (BENCH_BATCH_SIZE here, 10,000 by default) each read
 * the report lines with their participants, judge them (rules/crediting.ts) and write, in one
 * transaction, what crediting writes: the outcomes (event_outcomes), the tier rows the credits lock
 * (participant_tiers), the ledger entries, their lots, their qualifying entries (A1) and the stored
 * balances. The reference writes exactly those rows for as many other fresh participants, in one
 * `INSERT … SELECT` statement (no reading into Node, no judging, no workflow). The last credit is seen
 * by polling the event's credit count every 20 ms, so the figure includes the last commit.
 *
 * Where the time goes: the workflow's history splits the span into the activities' own run time
 * (crediting batches, the other steps) and the rest (timers, workflow tasks, dispatch).
 */
import { randomUUID } from 'node:crypto';
import type { Pool } from '../db/pool.js';
import { insertActiveParticipants } from '../db/participants.js';
import { receiveReport } from '../api/earning.js';
import { attendanceLines } from '../api/earning-schemas.js';
import { eventWorkflowId } from '../workflows/messages/event-crediting.js';
import { printResult, type BenchFigure } from './report.js';
import { intArg, say, startBenchSystem } from './system.js';

const sizes = (process.env.BENCH_SIZES ?? (process.env.BENCH_N ? process.env.BENCH_N : '1000,10000,100000'))
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((s) => Number.isInteger(s) && s > 0);
if (sizes.length === 0) throw new Error('BENCH_SIZES must list positive integers');
const batchSize = intArg('BENCH_BATCH_SIZE', 10_000);
// Long enough for the largest report to be imported through the API before the window closes.
const windowMs = intArg('BENCH_WINDOW_MS', Math.max(3000, Math.max(...sizes) / 5));
/** What the API's JSON parser takes (api/app.ts: 1 MB). */
const BODY_LIMIT = 1_000_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sys = await startBenchSystem({ CREDITING_WINDOW_MS: String(windowMs), CREDIT_BATCH_SIZE: String(batchSize) });
const post = async (path: string, body: unknown) => {
  const res = await fetch(`${sys.api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': sys.apiKey },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ id: string }>;
};

/**
 * Where the workflow's time went after the window's close (`closesAt`, epoch ms): per activity type,
 * how many ran, their summed run time (batches overlap when they run side by side) and their summed
 * wait to start; and the time from the close to the first batch's start (timer, closing the window,
 * planning, dispatch).
 */
async function breakdown(eventId: string, closesAt: number) {
  const history = await sys.temporal.workflow.getHandle(eventWorkflowId(eventId)).fetchHistory();
  const at = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }) =>
    Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
  const scheduled = new Map<number, { type: string; at: number }>();
  const started = new Map<number, number>();
  const run: Record<string, { count: number; ms: number; waitMs: number }> = {};
  let firstBatch = NaN;
  for (const e of history.events ?? []) {
    const s = e.activityTaskScheduledEventAttributes;
    if (s && at(e) >= closesAt) scheduled.set(Number(e.eventId), { type: s.activityType?.name ?? '?', at: at(e) });
    const st = e.activityTaskStartedEventAttributes;
    if (st) started.set(Number(st.scheduledEventId), at(e));
    const c = e.activityTaskCompletedEventAttributes;
    const sch = c && scheduled.get(Number(c.scheduledEventId));
    if (sch) {
      const begun = started.get(Number(c.scheduledEventId)) ?? sch.at;
      if (sch.type === 'creditBatch' && !(begun >= firstBatch)) firstBatch = begun;
      const r = (run[sch.type] ??= { count: 0, ms: 0, waitMs: 0 });
      r.count++;
      r.ms += at(e) - begun;
      r.waitMs += begun - sch.at;
    }
  }
  return { run, toFirstBatchMs: firstBatch - closesAt };
}

/** The reference: the rows crediting writes for `n` fresh participants, one statement. */
async function rawInsert(pool: Pool, tag: string, eventId: string, periodStart: Date, lotLifetimeMs: number) {
  const t0 = performance.now();
  const { rowCount } = await pool.query(
    `WITH p AS (SELECT id, email_normalized FROM participants WHERE email LIKE $1),
     outcomes AS (
       INSERT INTO event_outcomes (event_id, email_normalized, participant_id, live_minutes, score, credited, reason)
       SELECT $2::uuid, email_normalized, id, 75, NULL, true, NULL FROM p),
     tiers AS (
       INSERT INTO participant_tiers (participant_id, assessed_through) SELECT id, $3 FROM p ORDER BY id ON CONFLICT (participant_id) DO NOTHING),
     entries AS (
       INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key)
       SELECT id, 50, 'credit', 'webinar', $2::text, 'event:' || $2 || ':' || id FROM p
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, participant_id, amount, created_at, source_type),
     new_lots AS (
       INSERT INTO lots (participant_id, entry_id, amount, remaining, accrued_at, expires_at)
       SELECT participant_id, id, amount, amount, created_at, created_at + $4::bigint * interval '1 millisecond' FROM entries),
     qualified AS (
       INSERT INTO qualifying_entries (participant_id, entry_id, period_start, source_type, points, activities)
       SELECT participant_id, id, $3, source_type, amount, 1 FROM entries),
     balanced AS (
       INSERT INTO balances AS b (participant_id, available)
       SELECT participant_id, sum(amount) FROM entries GROUP BY participant_id ORDER BY participant_id
       ON CONFLICT (participant_id) DO UPDATE SET available = b.available + excluded.available, updated_at = now())
     SELECT 1 FROM entries`,
    [`mass.${tag}.%`, eventId, periodStart, lotLifetimeMs],
  );
  return { rows: rowCount ?? 0, seconds: (performance.now() - t0) / 1000 };
}

interface SizeResult {
  n: number;
  importSeconds: number;
  seconds: number;
  credits: number;
  duplicates: number;
  rawSeconds: number;
  rawRows: number;
  run: Record<string, { count: number; ms: number; waitMs: number }>;
  toFirstBatchMs: number;
}

async function runSize(n: number): Promise<SizeResult> {
  const [tag, refTag] = [randomUUID().slice(0, 8), randomUUID().slice(0, 8)];
  say(`N=${n}: writing 2 × ${n} active participants...`);
  const emailOf = await insertActiveParticipants(sys.pool, n, tag);
  await insertActiveParticipants(sys.pool, n, refTag);
  await sys.pool.query('VACUUM (ANALYZE) participants');
  const startsAt = Date.now() + 500;
  const event = await post('/api/events', {
    kind: 'destination_webinar',
    title: 'Бенчмарк',
    points: 50,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + 500).toISOString(),
  });
  // The reference's event: its broadcast is far ahead, so its workflow only sleeps.
  const refEvent = await post('/api/events', {
    kind: 'destination_webinar',
    title: 'Бенчмарк (reference)',
    points: 50,
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000 + 500).toISOString(),
  });
  await sleep(startsAt + 600 - Date.now());
  const t0 = performance.now();
  const rows = Array.from({ length: n }, (_, i) => ({ email: emailOf(i + 1), minutes: 75, attendance: 'live' as const }));
  if (JSON.stringify(rows).length < BODY_LIMIT) await post(`/api/events/${event.id}/attendance`, { rows });
  else {
    // The API's JSON parser takes 1 MB before the route's own (api/app.ts): a larger report goes in
    // through the same use case the route calls, without HTTP.
    const {
      rows: [benchClient],
    } = await sys.pool.query<{ id: string }>(`SELECT id FROM api_clients WHERE name = 'benchmark'`);
    await receiveReport(
      { pool: sys.pool, temporal: sys.temporal, config: sys.config, mailer: null as never },
      event.id,
      { kind: 'attendance', lines: attendanceLines({ rows }), rowCount: n, source: 'api', format: 'json', filename: null, errors: [] },
      { type: 'api_client', id: benchClient.id, label: 'api:benchmark' },
      true,
    );
  }
  const importSeconds = (performance.now() - t0) / 1000;
  const {
    rows: [{ closes }],
  } = await sys.pool.query<{ closes: Date }>('SELECT window_closes_at AS closes FROM events WHERE id = $1', [event.id]);
  if (Date.now() > closes.getTime()) throw new Error(`the import outran the window (${windowMs} ms): raise it`);
  say(`report of ${n} rows imported in ${importSeconds.toFixed(2)} s; waiting for the window to close and the credits...`);

  const credited = async () =>
    (
      await sys.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_entries WHERE source_id = $1 AND kind = 'credit'`, [
        event.id,
      ])
    ).rows[0].n;
  await sleep(closes.getTime() - Date.now());
  while ((await credited()) < n) await sleep(20);
  const seconds = (Date.now() - closes.getTime()) / 1000;
  for (;;) {
    const { rows } = await sys.pool.query('SELECT crediting_status FROM events WHERE id = $1', [event.id]);
    if (rows[0].crediting_status === 'closed') break;
    await sleep(50);
  }
  const {
    rows: [check],
  } = await sys.pool.query<{ credits: number; duplicates: number; period_start: Date }>(
    `SELECT count(*)::int AS credits, (count(*) - count(DISTINCT participant_id))::int AS duplicates,
            (SELECT min(period_start) FROM qualifying_entries q WHERE q.entry_id = min(l.id)) AS period_start
       FROM ledger_entries l WHERE source_id = $1 AND kind = 'credit'`,
    [event.id],
  );
  const {
    rows: [lifetime],
  } = await sys.pool.query<{ ms: number }>(
    `SELECT (extract(epoch FROM expires_at - accrued_at) * 1000)::bigint AS ms FROM lots
      WHERE entry_id = (SELECT min(id) FROM ledger_entries WHERE source_id = $1)`,
    [event.id],
  );
  const { run, toFirstBatchMs } = await breakdown(event.id, closes.getTime());

  say(`N=${n}: the reference, one statement...`);
  const raw = await rawInsert(sys.pool, refTag, refEvent.id, check.period_start, lifetime.ms);
  return {
    n,
    importSeconds,
    seconds,
    credits: check.credits,
    duplicates: check.duplicates,
    rawSeconds: raw.seconds,
    rawRows: raw.rows,
    run,
    toFirstBatchMs,
  };
}

try {
  const results: SizeResult[] = [];
  for (const n of sizes) results.push(await runSize(n));

  console.log('');
  console.log(
    `CREDIT_BATCH_SIZE=${sys.config.creditBatchSize}, window ${windowMs} ms, PostgreSQL ${sys.config.databaseUrl.replace(/\/\/.*@/, '//')}`,
  );
  for (const r of results) {
    console.log(`N=${r.n} attendees`);
    console.log(
      `  attendance report imported through the API            ${r.importSeconds.toFixed(2).padStart(7)} s   ${(r.n / r.importSeconds).toFixed(0).padStart(8)} rows/s`,
    );
    console.log(
      `  window close → last credit committed (workflow)       ${r.seconds.toFixed(2).padStart(7)} s   ${(r.credits / r.seconds).toFixed(0).padStart(8)} credits/s   (${r.credits} credits, ${r.duplicates} duplicates)`,
    );
    console.log(
      `  raw INSERT … SELECT of the same rows, one statement   ${r.rawSeconds.toFixed(2).padStart(7)} s   ${(r.rawRows / r.rawSeconds).toFixed(0).padStart(8)} credits/s   (${r.rawRows} credits)`,
    );
    console.log(`  workflow / raw: ${(r.seconds / r.rawSeconds).toFixed(2)}×`);
    const parts = Object.entries(r.run).map(
      ([type, x]) => `${type} ×${x.count} ${x.ms.toFixed(0)} ms (+${x.waitMs.toFixed(0)} ms to start)`,
    );
    console.log(
      `  where the time goes (workflow history): window close → first batch started ${r.toFirstBatchMs.toFixed(0)} ms; ${parts.join(', ')}`,
    );
  }
  const ok = results.every((r) => r.duplicates === 0 && r.credits === r.n);
  printResult({
    bench: 'crediting',
    size: Object.fromEntries(results.map((r, i) => [`n${i + 1}`, r.n])),
    figures: results.map((r): BenchFigure => ({
      name: `window close → last credit, ${r.n.toLocaleString('en-US')} attendees`,
      value: r.seconds,
      unit: 's',
      better: 'lower',
      reference: {
        name: 'raw INSERT … SELECT of the same rows (outcomes, tier rows, entries, lots, qualifying entries, balances)',
        value: r.rawSeconds,
      },
      target: '≤ 2× the reference (≥ 50%)',
    })),
    notes: results.map((r) => `N=${r.n}: ${r.credits} credits, ${r.duplicates} duplicates, batch ${sys.config.creditBatchSize}`),
    ok,
  });
  if (!ok) process.exitCode = 1;
} finally {
  await sys.stop();
}
