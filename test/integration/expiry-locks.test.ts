/**
 * Expiry at scale and a participant's order (R20, A5): the sweep annuls due lots in batches, each its
 * own transaction, so an order of a participant whose lots and stored balance the sweep is touching
 * waits for one batch at most, never for the whole sweep. On the real PostgreSQL, with the sweep's own
 * walk (db/ledger.ts expireDueLotsFrom, as activities/ledger.ts runs it) and no worker, so no other
 * sweep runs beside it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceOf, expireDueLotsFrom, ledgerInvariant, placeHold, type DueCursor } from '../../db/ledger.js';
import { inTransaction } from '../../db/pool.js';
import { insertActiveParticipants } from '../../db/participants.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({}, { worker: false });
});
afterAll(async () => sys?.close());

const BATCH = 500;
const LOTS_PER_PARTICIPANT = 10;

/**
 * `count` participants with LOTS_PER_PARTICIPANT lots of 10 points each, all past their instant, in
 * a shuffled order of instants, and one participant (answered) whose own due lots lie among them (one
 * in every `BATCH` / 2 lots, so every batch of the sweep touches that participant's stored balance)
 * and who holds 100 points more in a lot that is not due.
 */
async function dueLots(count: number): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  await insertActiveParticipants(sys.pool, count + 1, tag);
  const {
    rows: [{ id }],
  } = await sys.pool.query<{ id: string }>('SELECT id FROM participants WHERE email = $1', [`mass.${tag}.${count + 1}@agency.example`]);
  const total = count * LOTS_PER_PARTICIPANT;
  await sys.pool.query(
    `WITH wanted AS (
       SELECT p.id AS participant_id, g AS k FROM participants p CROSS JOIN generate_series(1, $2::int) g
        WHERE p.email LIKE $1 AND p.id <> $3
       UNION ALL
       SELECT $3, g FROM generate_series(1, $4::int) g),
     entries AS (
       INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key)
       SELECT participant_id, 10, 'credit', 'adjustment', 'fixture', 'fixture:' || participant_id || ':' || k FROM wanted
       RETURNING id, participant_id, amount),
     placed AS (
       SELECT e.*, CASE WHEN e.participant_id = $3 THEN (row_number() OVER (PARTITION BY e.participant_id ORDER BY e.id)) * $5::int
                        ELSE floor(random() * $6::int) END AS position
         FROM entries e)
     INSERT INTO lots (participant_id, entry_id, amount, remaining, accrued_at, expires_at, noticed_at)
     SELECT participant_id, id, amount, amount, now() - interval '800 days',
            now() - interval '1 hour' + position * interval '1 millisecond', now()
       FROM placed`,
    [`mass.${tag}.%`, LOTS_PER_PARTICIPANT, id, Math.ceil((2 * total) / BATCH), BATCH / 2, total],
  );
  await sys.pool.query(
    `INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key)
     VALUES ($1::uuid, 100, 'credit', 'adjustment', 'fixture', 'fixture:' || $1::text || ':kept')`,
    [id],
  );
  await sys.pool.query(
    `INSERT INTO lots (participant_id, entry_id, amount, remaining, accrued_at, expires_at)
     SELECT participant_id, id, amount, amount, now(), now() + interval '1 day' FROM ledger_entries WHERE idempotency_key = 'fixture:' || $1::text || ':kept'`,
    [id],
  );
  // The fixture wrote lots straight into the table: their participants' stored balances follow.
  await sys.pool.query(
    `INSERT INTO balances AS b (participant_id, available)
     SELECT l.participant_id, sum(l.remaining) FROM lots l JOIN participants p ON p.id = l.participant_id
      WHERE p.email LIKE $1 GROUP BY l.participant_id
     ON CONFLICT (participant_id) DO UPDATE SET available = excluded.available`,
    [`mass.${tag}.%`],
  );
  await sys.pool.query('VACUUM (ANALYZE) lots, balances');
  return id;
}

describe('expiry and orders', () => {
  it('R20, A5: an order placed while the sweep annuls thousands of due lots waits for one batch at most, not for the sweep; the sweep leaves the ledger and the stored balances whole', async () => {
    const participantId = await dueLots(2000);
    const batches: Array<{ ms: number; endedAt: number }> = [];
    let firstBatchDone = () => {};
    const firstBatch = new Promise<void>((resolve) => (firstBatchDone = resolve));

    // The sweep, walked as activities/ledger.ts walks it: one transaction per batch, two walks side by side.
    const walk = async (index: number, of: number) => {
      let from: DueCursor | null = null;
      for (;;) {
        const t0 = performance.now();
        const batch = await inTransaction(sys.pool, (tx) => expireDueLotsFrom(tx, BATCH, from, { index, of }));
        batches.push({ ms: performance.now() - t0, endedAt: performance.now() });
        firstBatchDone();
        if (batch.picked < BATCH) return;
        from = batch.last;
      }
    };
    const sweep = Promise.all([walk(0, 2), walk(1, 2)]).then(() => performance.now());

    await firstBatch;
    const t0 = performance.now();
    const placed = await inTransaction(sys.pool, (tx) =>
      placeHold(tx, { holdId: randomUUID(), participantId, amount: 60, reason: 'order during the sweep' }),
    );
    const orderDone = performance.now();
    const orderMs = orderDone - t0;
    const sweepDone = await sweep;

    expect(placed).toBe(true);
    const longest = Math.max(...batches.map((b) => b.ms));
    const during = batches.filter((b) => b.endedAt > orderDone).length;
    // The sweep went on after the order was placed: the order did not wait for it to finish.
    expect(orderDone, JSON.stringify({ orderMs, longest, batches: batches.length, during })).toBeLessThan(sweepDone);
    expect(during).toBeGreaterThan(1);
    // It waited for one batch at most (the one in flight on each walk), with room for a loaded machine.
    expect(orderMs, JSON.stringify({ orderMs, longest, batches: batches.length })).toBeLessThan(2 * longest + 500);

    const { rows } = await sys.pool.query<{ due: number }>(
      'SELECT count(*)::int AS due FROM lots WHERE participant_id = $1 AND remaining > 0 AND expires_at <= now()',
      [participantId],
    );
    expect(rows[0].due).toBe(0);
    expect(await balanceOf(sys.pool, participantId)).toEqual({ available: 40, held: 60 });
    expect(await ledgerInvariant(sys.pool)).toMatchObject({ holds: true, unbalanced: 0 });
  });
});
