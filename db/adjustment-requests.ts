/**
 * Four eyes on points: a manual adjustment above FOUR_EYES_ADJUSTMENT_LIMIT waits here
 * (`adjustment_requests`) until another staff member approves it (then the ledger posts it, in the
 * caller's transaction) or someone rejects it. Every change is guarded by the status, so a request
 * is decided once; the schema refuses an approval by the requester as well.
 */
import type { Db } from './pool.js';
import { isUuid } from './ids.js';
import { Where, filterText, listPage, type ListQuery } from './list-query.js';

export type AdjustmentRequestStatus = 'pending' | 'approved' | 'rejected';

export interface AdjustmentRequestRow {
  id: string;
  participant_id: string;
  participant_name: string;
  member_number: string | null;
  amount: number;
  reason: string;
  status: AdjustmentRequestStatus;
  requested_by_id: string;
  requested_by: string;
  created_at: Date;
  decided_by_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
}

// amount is a bigint column; adjustments are bounded far below 2^53, so it is read as a number.
const requestSelect = `
  SELECT r.id, r.participant_id, p.first_name || ' ' || p.last_name AS participant_name, p.member_number::text AS member_number,
         r.amount::int AS amount, r.reason, r.status, r.requested_by_id, r.requested_by, r.created_at,
         r.decided_by_id, r.decided_by, r.decided_at, r.decision_reason
    FROM adjustment_requests r JOIN participants p ON p.id = r.participant_id`;

/** The request as screens show it; with `lock`, its row stays locked to the end of the transaction. */
export async function adjustmentRequestById(db: Db, id: string, lock = false): Promise<AdjustmentRequestRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<AdjustmentRequestRow>(`${requestSelect} WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`, [id]);
  return rows[0] ?? null;
}

/** The console's queue (filters: status, participant_id). */
export async function listAdjustmentRequests(db: Db, q: ListQuery) {
  const where = new Where();
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  const participantId = filterText(q, 'participant_id');
  if (participantId !== undefined) where.add('participant_id::text = ?', participantId);
  return listPage(db, requestSelect, where, q);
}

/**
 * Opens a pending request, or finds the one opened earlier under the same idempotency key (a retry):
 * `opened` says which. The caller compares a found request with what it asked for.
 */
export async function openAdjustmentRequest(
  tx: Db,
  r: { id: string; participantId: string; amount: number; reason: string; key: string; requestedBy: { id: string; label: string } },
): Promise<{ request: AdjustmentRequestRow; opened: boolean }> {
  const { rowCount } = await tx.query(
    `INSERT INTO adjustment_requests (id, participant_id, amount, reason, status, idempotency_key, requested_by_id, requested_by)
     VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [r.id, r.participantId, r.amount, r.reason, r.key, r.requestedBy.id, r.requestedBy.label],
  );
  const { rows } = await tx.query<AdjustmentRequestRow>(`${requestSelect} WHERE r.idempotency_key = $1`, [r.key]);
  return { request: rows[0], opened: (rowCount ?? 0) > 0 };
}

/**
 * Records the decision on a pending request; false when it was no longer pending (decided
 * meanwhile). An approval by the requester is refused by the schema (adjustment_requests_four_eyes).
 */
export async function decideAdjustmentRequest(
  tx: Db,
  id: string,
  d: { status: 'approved' | 'rejected'; decidedBy: { id: string; label: string }; reason: string | null },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE adjustment_requests
        SET status = $2, decided_by_id = $3, decided_by = $4, decided_at = now(), decision_reason = $5
      WHERE id = $1 AND status = 'pending'`,
    [id, d.status, d.decidedBy.id, d.decidedBy.label, d.reason],
  );
  return (rowCount ?? 0) > 0;
}
