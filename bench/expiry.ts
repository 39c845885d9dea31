/**
 * `npm run bench:expiry`: lot expiry (R20) at scale, on real servers, in one run, at each size of
 * BENCH_SIZES (lots due at once; 10000,100000,1000000 by default; BENCH_LOTS alone runs one size).
 *
 * 1. The lots (10 per participant) all due at one instant: the time from that instant to the last
 *    expiry entry written by the lot-expiry workflow (batches of CREDIT_BATCH_SIZE 5000, one
 *    transaction each, walked side by side over disjoint participants), beside two identical sets of
 *    lots annulled by one raw statement each: a bare UPDATE, and the sweep's own work without its
 *    batches: the UPDATE of the lots, the INSERT of the expiry entries and lot movements, and the
 *    stored balances lowered. The ledger invariant (stored balances included) is checked after the
 *    workflow run. The workflow learns of the new lots by its lotsChanged signal and sleeps until
 *    their instant, as it would for lots accrued long ago. Every wake-up also runs
 *    sendExpiryNotices, so EXPIRY_RECHECK_MS is BENCH_RECHECK_MS (an hour, as in production).
 * 2. With BENCH_READS > 0 (0 by default; bench/reads.ts measures reads at scale): p50/p99 of reading
 *    one participant's ledger, for a participant with 1000 entries while ledger_entries holds
 *    BENCH_LEDGER_ROWS rows (1,000,000 by default).
 */
import { randomUUID } from 'node:crypto';
import { ledgerInvariant, openLots, participantLedger } from '../db/ledger.js';
import { participantById } from '../db/participants.js';
import type { Pool } from '../db/pool.js';
import { insertActiveParticipants } from '../db/participants.js';
import { insertCreditLots } from './fixtures.js';
import { printResult, type BenchFigure } from './report.js';
import { lotExpiryWorkflowId, lotsChangedSignal } from '../workflows/messages/lot-expiry.js';
import { intArg, percentile, say, startBenchSystem, timedRuns } from './system.js';

const sizes = (process.env.BENCH_SIZES ?? process.env.BENCH_LOTS ?? '10000,100000,1000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((s) => Number.isInteger(s) && s > 0);
if (sizes.length === 0) throw new Error('BENCH_SIZES must list positive integers');
const ledgerRows = intArg('BENCH_LEDGER_ROWS', 1_000_000);
const reads = process.env.BENCH_READS === '0' || process.env.BENCH_READS === undefined ? 0 : intArg('BENCH_READS', 500);
const perParticipant = 10;
const env = { EXPIRY_RECHECK_MS: String(intArg('BENCH_RECHECK_MS', 3_600_000)), CREDIT_BATCH_SIZE: '5000' };
const farAhead = (day: number) => new Date(Date.UTC(2099, 0, day));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const timed = async <T>(work: () => Promise<T>) => {
  const t0 = performance.now();
  const result = await work();
  return { result, seconds: (performance.now() - t0) / 1000 };
};

/** The fixture writes lots straight into the table: their participants' stored balances follow. */
async function storeBalances(pool: Pool, tag: string) {
  await pool.query(
    `INSERT INTO balances (participant_id, available)
     SELECT l.participant_id, sum(l.remaining) FROM lots l JOIN participants p ON p.id = l.participant_id
      WHERE p.email LIKE $1 GROUP BY l.participant_id
     ON CONFLICT (participant_id) DO UPDATE SET available = excluded.available`,
    [`mass.${tag}.%`],
  );
}

const sys = await startBenchSystem(env);

interface SizeResult {
  n: number;
  participants: number;
  seconds: number;
  expired: number;
  seenSeconds: number;
  bare: { seconds: number; rows: number };
  withEntries: { seconds: number; rows: number };
  invariant: Awaited<ReturnType<typeof ledgerInvariant>>;
}

async function runSize(lotCount: number, k: number): Promise<SizeResult> {
  // Three identical sets of lots, one per way of annulling them; the two baselines' expire far ahead.
  const [swept, bare, ctes] = ['s', 'b', 'c'].map((s) => s + randomUUID().slice(0, 7));
  const participants = Math.ceil(lotCount / perParticipant);
  say(`writing 3 × ${participants} participants with ${perParticipant} lots each...`);
  for (const tag of [swept, bare, ctes]) await insertActiveParticipants(sys.pool, participants, tag);
  let fixtureSeconds = 0;
  for (const [tag, day] of [
    [bare, 10 * k + 1],
    [ctes, 10 * k + 2],
  ] as const) {
    const { seconds } = await timed(() => insertCreditLots(sys.pool, [{ tag, perParticipant }], farAhead(day)));
    await storeBalances(sys.pool, tag);
    fixtureSeconds = Math.max(fixtureSeconds, seconds);
  }
  // The swept set becomes visible in one statement, due once it and VACUUM are surely done (lots
  // due in earnest are old, long vacuumed); its expiry notices count as sent a month before.
  const due = new Date(Date.now() + 5000 + 3000 * fixtureSeconds);
  const n = await insertCreditLots(sys.pool, [{ tag: swept, perParticipant }], due, true);
  await storeBalances(sys.pool, swept);
  await sys.pool.query('VACUUM (ANALYZE) lots, ledger_entries, participants, balances');
  await sys.temporal.workflow.getHandle(lotExpiryWorkflowId(sys.config.taskQueue)).signal(lotsChangedSignal);
  if (Date.now() > due.getTime() - 1000) throw new Error(`the fixture outran its margin: due at ${due.toISOString()}`);
  say(`${n} lots due at ${due.toISOString()} (in ${((due.getTime() - Date.now()) / 1000).toFixed(1)} s); waiting for the workflow...`);

  await sleep(due.getTime() - Date.now());
  const dueLeft = `SELECT EXISTS (SELECT 1 FROM lots WHERE remaining > 0 AND expires_at <= $1) AS left`;
  while ((await sys.pool.query<{ left: boolean }>(dueLeft, [due])).rows[0].left) await sleep(100);
  const seenSeconds = (Date.now() - due.getTime()) / 1000;
  const {
    rows: [span],
  } = await sys.pool.query<{ expired: number; seconds: number }>(
    `SELECT count(*)::int AS expired, extract(epoch FROM max(created_at) - $1::timestamptz)::float8 AS seconds
       FROM ledger_entries WHERE kind = 'expire' AND created_at >= $1`,
    [due],
  );
  say('checking the ledger invariant...');
  const invariant = await ledgerInvariant(sys.pool);

  say('the baselines: one statement per set of lots...');
  const withEntries = await timed(() =>
    sys.pool.query(
      `WITH picked AS (SELECT id, participant_id, remaining FROM lots WHERE remaining > 0 AND expires_at = $1 FOR UPDATE),
     cleared AS (
       UPDATE lots SET remaining = 0, expiries = expiries + 1 FROM picked WHERE lots.id = picked.id
       RETURNING picked.id, picked.participant_id, picked.remaining AS expired),
     entries AS (
       INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key)
       SELECT participant_id, -expired, 'expire', 'expiry', id::text, 'expire:' || id || ':baseline' FROM cleared
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, participant_id, source_id, -amount AS amount),
     balanced AS (
       UPDATE balances SET available = available - lost.amount, updated_at = now()
         FROM (SELECT participant_id, sum(amount) AS amount FROM entries GROUP BY participant_id) lost
        WHERE balances.participant_id = lost.participant_id)
     INSERT INTO lot_movements (lot_id, entry_id, amount) SELECT source_id::bigint, id, amount FROM entries`,
      [farAhead(10 * k + 2)],
    ),
  );
  const bareUpdate = await timed(() =>
    sys.pool.query('UPDATE lots SET remaining = 0 WHERE remaining > 0 AND expires_at = $1', [farAhead(10 * k + 1)]),
  );
  // The bare UPDATE annulled points without entries: put them back, so the next size's invariant holds.
  await sys.pool.query('UPDATE lots SET remaining = amount WHERE expires_at = $1', [farAhead(10 * k + 1)]);
  return {
    n,
    participants,
    seconds: span.seconds,
    expired: span.expired,
    seenSeconds,
    bare: { seconds: bareUpdate.seconds, rows: bareUpdate.result.rowCount ?? 0 },
    withEntries: { seconds: withEntries.seconds, rows: withEntries.result.rowCount ?? 0 },
    invariant,
  };
}

try {
  const results: SizeResult[] = [];
  for (const [k, size] of sizes.entries()) results.push(await runSize(size, k));
  const rate = (n: number, seconds: number, unit: string) =>
    `${seconds.toFixed(2).padStart(7)} s   ${(n / seconds).toFixed(0).padStart(8)} ${unit}`;
  console.log('');
  console.log(
    `CREDIT_BATCH_SIZE=${sys.config.creditBatchSize}, EXPIRY_RECHECK_MS=${sys.config.expiryRecheckMs}, PostgreSQL ${sys.config.databaseUrl.replace(/\/\/.*@/, '//')}`,
  );
  for (const r of results) {
    console.log(`${r.n} lots due at one instant (${r.participants} participants × ${perParticipant})`);
    console.log(
      `  lot expiry, due instant → last expiry entry (workflow)   ${rate(r.n, r.seconds, 'lots/s')}   (${r.expired} entries; no lot due seen at +${r.seenSeconds.toFixed(2)} s)`,
    );
    console.log(
      `  raw UPDATE lots SET remaining = 0, one statement         ${rate(r.n, r.bare.seconds, 'lots/s')}   (${r.bare.rows} lots)`,
    );
    console.log(
      `  raw UPDATE + INSERT entries, movements, balances, one st. ${rate(r.n, r.withEntries.seconds, 'lots/s')}   (${r.withEntries.rows} lots)`,
    );
    console.log(`  workflow at ${((100 * r.withEntries.seconds) / r.seconds).toFixed(0)}% of the one-statement reference`);
    console.log(
      `  ledger invariant after the workflow run: ${r.invariant.holds ? 'holds' : 'BROKEN'} (credited ${r.invariant.credited}, expired ${r.invariant.expired}, balance ${r.invariant.balance}, broken lots ${r.invariant.broken_lots}, unbalanced ${r.invariant.unbalanced})`,
    );
  }

  if (reads > 0) {
    const [reader, crowd] = ['r', 'm'].map((s) => s + randomUUID().slice(0, 7));
    // Reads: one participant with 1000 entries among the rest of BENCH_LEDGER_ROWS, shuffled together.
    const readerEmail = await insertActiveParticipants(sys.pool, 1, reader);
    const count = async (table: string) => (await sys.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    const others = Math.max(0, Math.floor((ledgerRows - (await count('ledger_entries')) - 1000) / perParticipant));
    say(`writing ${others} more participants with ${perParticipant} credits each and one with 1000...`);
    if (others > 0) await insertActiveParticipants(sys.pool, others, crowd);
    await insertCreditLots(
      sys.pool,
      [{ tag: reader, perParticipant: 1000 }, ...(others > 0 ? [{ tag: crowd, perParticipant }] : [])],
      farAhead(3),
    );
    await sys.pool.query('VACUUM (ANALYZE) lots, ledger_entries, participants');
    const {
      rows: [{ id }],
    } = await sys.pool.query<{ id: string }>('SELECT id FROM participants WHERE email = $1', [readerEmail(1)]);
    let shown = { entries: 0, lots: 0, balance: 0 };
    const viaApi = async () => {
      const res = await fetch(`${sys.api.url}/api/registrations/${id}/ledger`, { headers: { 'x-api-key': sys.apiKey } });
      if (res.status !== 200) throw new Error(`ledger: HTTP ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { balance: number; lots: unknown[]; entries: unknown[] };
      shown = { entries: body.entries.length, lots: body.lots.length, balance: body.balance };
    };
    const viaPool = async () => {
      await participantById(sys.pool, id);
      await openLots(sys.pool, id);
      await participantLedger(sys.pool, id);
    };
    say(`${reads} reads of each kind, one at a time...`);
    const readRuns = [];
    for (const read of [viaApi, viaPool]) {
      await timedRuns(10, 1, read); // warm-up
      readRuns.push(await timedRuns(reads, 1, read));
    }

    console.log('');
    console.log(
      `ledger_entries ${await count('ledger_entries')} rows, lots ${await count('lots')}; one participant with ${shown.entries} entries, ${shown.lots} open lots, balance ${shown.balance}; ${reads} reads one at a time`,
    );
    for (const [label, r] of [
      ['GET /api/registrations/:id/ledger', readRuns[0]],
      ['participantById + openLots + participantLedger', readRuns[1]],
    ] as const) {
      console.log(
        `${label.padEnd(56)} ${(reads / r.seconds).toFixed(1).padStart(8)} reads/s   p50 ${percentile(r.latencies, 50).toFixed(1).padStart(7)} ms   p99 ${percentile(r.latencies, 99).toFixed(1).padStart(7)} ms`,
      );
    }
  }
  const ok = results.every((r) => r.invariant.holds && r.expired === r.n);
  printResult({
    bench: 'expiry',
    size: Object.fromEntries(results.map((r, i) => [`lots${i + 1}`, r.n])),
    figures: results.map((r): BenchFigure => ({
      name: `lot expiry, ${r.n.toLocaleString('en-US')} lots due at once: due instant → last expiry entry`,
      value: r.seconds,
      unit: 's',
      better: 'lower',
      reference: { name: 'one statement: UPDATE lots + INSERT entries and movements + balances', value: r.withEntries.seconds },
      target: '≥ 90% of the reference',
    })),
    notes: results.map(
      (r) =>
        `${r.n} lots: ${r.expired} expiry entries, invariant ${r.invariant.holds ? 'holds' : 'BROKEN'}, bare UPDATE ${r.bare.seconds.toFixed(2)} s`,
    ),
    ok,
  });
  if (!ok) process.exitCode = 1;
} finally {
  await sys.stop();
}
