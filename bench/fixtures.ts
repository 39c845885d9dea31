/**
 * Set-based ledger fixtures for benchmarks: credits and their lots written by one statement each,
 * never row by row.
 */
import type { Pool } from '../db/pool.js';

/**
 * For every participant of each group (emails `mass.<tag>.*`, see insertActiveParticipants),
 * `perParticipant` credits of 10 points ('adjustment', unique keys) with their lots, all expiring at
 * `expiresAt`; `noticed` marks the lots' expiry notice as sent. The rows go in shuffled, so one
 * participant's entries lie scattered over the table as they would after months of crediting.
 * One statement: the lots become visible all at once. Answers how many credits were written.
 */
export async function insertCreditLots(
  pool: Pool,
  groups: Array<{ tag: string; perParticipant: number }>,
  expiresAt: Date,
  noticed = false,
): Promise<number> {
  const { rowCount } = await pool.query(
    `WITH entries AS (
       INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key, reason, created_by)
       SELECT p.id, 10, 'credit', 'adjustment', 'bench', 'bench:' || p.id || ':' || g, 'benchmark fixture', 'bench'
         FROM unnest($1::text[], $2::int[]) AS t(tag, per)
         JOIN participants p ON p.email LIKE 'mass.' || t.tag || '.%'
         CROSS JOIN LATERAL generate_series(1, t.per) g
        ORDER BY random()
       RETURNING id, participant_id, amount, created_at)
     INSERT INTO lots (participant_id, entry_id, amount, remaining, accrued_at, expires_at, noticed_at)
     SELECT participant_id, id, amount, amount, created_at, $3, CASE WHEN $4 THEN now() END FROM entries`,
    [groups.map((g) => g.tag), groups.map((g) => g.perParticipant), expiresAt, noticed],
  );
  return rowCount ?? 0;
}
