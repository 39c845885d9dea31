/**
 * `npm run bench:partners`: a partner posts N accruals (BENCH_N, 100,000 by default) in bulk calls of
 * BENCH_CALL_ROWS (10,000, the most a call takes) through the API, and the run prints the rate beside
 * the rate of inserting the same rows straight into PostgreSQL in one statement, in the same run.
 * Then the pending period (BENCH_PENDING_MS, 20 s by default) ends and the partner's crediting timers
 * credit every accrual as a lot: that rate is printed too, and a replay of one whole call.
 *
 * The posting path per call: the API key and the partner, every row checked for its shape, the
 * replays looked up, the participants named found in two lookups, every row judged
 * (rules/partners.ts), the accepted rows inserted in one statement, the partner's crediting timer
 * joined (signal-with-start), the audit entry, one transaction.
 */
import { randomUUID } from 'node:crypto';
import { createApiKey } from '../db/api-keys.js';
import { insertPartner } from '../db/partners.js';
import { insertActiveParticipants } from '../db/participants.js';
import { intArg, percentile, say, startBenchSystem, timedRuns } from './system.js';
import { printResult } from './report.js';

const n = intArg('BENCH_N', 100_000);
const callRows = Math.min(intArg('BENCH_CALL_ROWS', 10_000), 10_000);
const participantsCount = Math.min(n, intArg('BENCH_PARTICIPANTS', 20_000));
const concurrency = intArg('BENCH_CONCURRENCY', 2);
const pendingMs = intArg('BENCH_PENDING_MS', 20_000);
const sys = await startBenchSystem();

try {
  const tag = randomUUID().slice(0, 8);
  say(`writing ${participantsCount} active participants with member numbers...`);
  await insertActiveParticipants(sys.pool, participantsCount, tag);
  const { rows: people } = await sys.pool.query<{ member_number: number; email: string }>(
    `UPDATE participants SET member_number = nextval('member_number_seq') WHERE email LIKE $1 RETURNING member_number, email`,
    [`mass.${tag}.%`],
  );
  const partnerId = randomUUID();
  await insertPartner(sys.pool, {
    id: partnerId,
    name: `Бенчмарк ${tag}`,
    earningRule: { type: 'per_100_roubles', points: 2 },
    qualifies: true,
    pendingPeriodMs: pendingMs,
    pricePerPointKopecks: 50,
    active: true,
    createdBy: 'bench',
  });
  const { key } = await createApiKey(sys.pool, `partner ${tag}`, ['partner'], partnerId);

  // Every tenth row names its participant by email, the others by member number.
  const today = new Date().toISOString().slice(0, 10);
  const row = (i: number) => {
    const person = people[i % people.length];
    return {
      transactionId: `B-${tag}-${i}`,
      ...(i % 10 === 0 ? { email: person.email } : { memberNumber: person.member_number }),
      date: today,
      amount: 500 + (i % 97) * 100 + 0.5,
    };
  };
  const calls = Math.ceil(n / callRows);
  const bodies = Array.from({ length: calls }, (_, c) =>
    JSON.stringify({ accruals: Array.from({ length: Math.min(callRows, n - c * callRows) }, (_, j) => row(c * callRows + j)) }),
  );
  const post = async (body: string) => {
    const res = await fetch(`${sys.api.url}/api/partner/accruals/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body,
    });
    if (res.status !== 200) throw new Error(`bulk call: HTTP ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ accepted: number; replayed: number; refused: number }>;
  };

  say(`posting ${n} accruals in ${calls} bulk calls of up to ${callRows}, ${concurrency} at a time...`);
  let accepted = 0;
  const { latencies, seconds } = await timedRuns(calls, concurrency, async (c) => {
    const answer = await post(bodies[c]);
    if (answer.refused > 0) throw new Error(`${answer.refused} rows refused`);
    accepted += answer.accepted;
  });

  const replay0 = performance.now();
  const replay = await post(bodies[0]);
  const replaySeconds = (performance.now() - replay0) / 1000;
  if (replay.accepted !== 0) throw new Error('a replayed call accepted rows');

  // The baseline: the same rows, under a second partner, in one INSERT … SELECT from unnest.
  const rawPartner = randomUUID();
  await insertPartner(sys.pool, {
    id: rawPartner,
    name: `Бенчмарк raw ${tag}`,
    earningRule: { type: 'per_100_roubles', points: 2 },
    qualifies: false,
    pendingPeriodMs: 3_600_000,
    pricePerPointKopecks: 50,
    active: true,
    createdBy: 'bench',
  });
  const { rows: ids } = await sys.pool.query<{ id: string }>(`SELECT id FROM participants WHERE email LIKE $1 ORDER BY member_number`, [
    `mass.${tag}.%`,
  ]);
  const raw0 = performance.now();
  await sys.pool.query(
    `INSERT INTO partner_accruals (partner_id, transaction_id, participant_id, transaction_at, date_only, amount_kopecks, points, status, source, posted_at, due_at)
     SELECT $1, 'R-' || i, (($2::uuid[])[1 + i % $3]), current_date, true, 50000 + (i % 97) * 10000 + 50, 10 + i % 97 * 2, 'pending', 'api', now(), now() + interval '1 hour'
       FROM generate_series(0, $4::int - 1) i`,
    [rawPartner, ids.map((r) => r.id), ids.length, n],
  );
  const rawSeconds = (performance.now() - raw0) / 1000;

  say(`waiting for the pending period (${pendingMs} ms) and the credits...`);
  for (;;) {
    const {
      rows: [left],
    } = await sys.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM partner_accruals WHERE partner_id = $1 AND status = 'pending'`,
      [partnerId],
    );
    if (left.n === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const {
    rows: [span],
  } = await sys.pool.query<{ credits: number; seconds: number; timers: number }>(
    `SELECT count(*)::int AS credits, extract(epoch FROM max(credited_at) - min(due_at))::float8 AS seconds, count(DISTINCT due_at)::int AS timers
       FROM partner_accruals WHERE partner_id = $1 AND status = 'credited'`,
    [partnerId],
  );
  const {
    rows: [lots],
  } = await sys.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ledger_entries WHERE source_type = 'partner' AND source_id = $1`,
    [partnerId],
  );

  console.log('');
  console.log(
    `N=${n} accruals for ${participantsCount} participants, ${calls} calls of ${callRows}, concurrency ${concurrency}, pending ${pendingMs} ms, CREDIT_BATCH_SIZE=${sys.config.creditBatchSize}`,
  );
  console.log(
    `bulk calls through the API (judged, inserted, timer joined) ${seconds.toFixed(2).padStart(7)} s   ${(accepted / seconds).toFixed(0).padStart(8)} rows/s   (p50 ${percentile(latencies, 50).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms per call)`,
  );
  console.log(
    `one call replayed (${callRows} rows, nothing written)         ${replaySeconds.toFixed(2).padStart(7)} s   ${(callRows / replaySeconds).toFixed(0).padStart(8)} rows/s`,
  );
  console.log(
    `raw INSERT … SELECT of the same ${n} rows               ${rawSeconds.toFixed(2).padStart(7)} s   ${(n / rawSeconds).toFixed(0).padStart(8)} rows/s`,
  );
  console.log(
    `crediting, first due instant → last credit (${span.timers} timers) ${span.seconds.toFixed(2).padStart(7)} s   ${(span.credits / span.seconds).toFixed(0).padStart(8)} credits/s   (${span.credits} accruals, ${lots.n} ledger credits)`,
  );
  printResult({
    bench: 'partners',
    size: { n, participants: participantsCount, callRows, concurrency },
    figures: [
      {
        name: 'bulk calls through the API (judged, inserted, timer joined)',
        value: accepted / seconds,
        unit: 'rows/s',
        better: 'higher',
        reference: { name: 'raw INSERT … SELECT of the same rows', value: n / rawSeconds },
      },
      { name: 'one call replayed (nothing written)', value: callRows / replaySeconds, unit: 'rows/s', better: 'higher' },
      { name: 'first due instant → last credit', value: span.seconds, unit: 's', better: 'lower' },
    ],
    ok: span.credits === n,
  });
} finally {
  await sys.stop();
}
