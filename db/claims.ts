/**
 * A4: claims of missing points by a participant who was not credited (`claims`), each decided once
 * before its deadline: an event's points (`kind` event), or a partner's transaction that was never
 * posted (`kind` partner, A2: the partner, the transaction's reference, date, amount or kind, and the
 * points its rule gave when the claim was filed).
 */
import type { Db } from './pool.js';
import { isUuid } from './ids.js';
import { Where, filterText, listPage, type ListQuery } from './list-query.js';

export type ClaimStatus = 'open' | 'approved' | 'rejected' | 'expired';

const claimSelect = `
  SELECT c.id, c.kind, c.participant_id, p.first_name || ' ' || p.last_name AS participant_name, p.email, c.event_id,
         e.title AS event_title, e.kind AS event_kind, coalesce(e.points, c.partner_points) AS points, c.statement, c.status,
         c.workflow_id, c.deadline_at, c.decision_reason, c.decided_by, c.decided_at, c.created_by, c.client_id, c.created_at,
         c.partner_id, pa.name AS partner_name, c.partner_reference, c.transaction_at, c.date_only, c.amount_kopecks, c.transaction_kind
    FROM claims c JOIN participants p ON p.id = c.participant_id
    LEFT JOIN events e ON e.id = c.event_id LEFT JOIN partners pa ON pa.id = c.partner_id`;

export async function claimById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${claimSelect} WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The console's claim list (filters: status, participant_id). */
export async function listClaims(db: Db, q: ListQuery) {
  const where = new Where();
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  const participantId = filterText(q, 'participant_id');
  if (participantId !== undefined) where.add('participant_id::text = ?', participantId);
  const kind = filterText(q, 'kind');
  if (kind !== undefined) where.add('kind = ?', kind);
  return listPage(db, claimSelect, where, q);
}

/** Opens a claim; false when the participant has a claim for this event open already. */
export async function insertClaim(
  tx: Db,
  c: {
    id: string;
    participantId: string;
    eventId: string;
    statement: string;
    workflowId: string;
    deadline: Date;
    createdBy: string;
    /** The API client that filed it, who alone may follow it through the client API; null: staff. */
    clientId: string | null;
  },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO claims (id, participant_id, event_id, statement, status, workflow_id, deadline_at, created_by, client_id)
     VALUES ($1, $2, $3, $4, 'open', $5, $6, $7, $8) ON CONFLICT (participant_id, event_id) WHERE status = 'open' DO NOTHING`,
    [c.id, c.participantId, c.eventId, c.statement, c.workflowId, c.deadline, c.createdBy, c.clientId],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * A2, A4: opens a claim of a partner's transaction; false when the participant has a claim for this
 * transaction of this partner open already.
 */
export async function insertPartnerClaim(
  tx: Db,
  c: {
    id: string;
    participantId: string;
    partnerId: string;
    reference: string;
    transactionAt: Date;
    dateOnly: boolean;
    amountKopecks: number | null;
    kind: string | null;
    points: number;
    statement: string;
    workflowId: string;
    deadline: Date;
    createdBy: string;
    clientId: string | null;
  },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO claims (id, kind, participant_id, partner_id, partner_reference, transaction_at, date_only, amount_kopecks, transaction_kind,
                         partner_points, statement, status, workflow_id, deadline_at, created_by, client_id)
     VALUES ($1, 'partner', $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $13, $14)
     ON CONFLICT (participant_id, partner_id, partner_reference) WHERE status = 'open' DO NOTHING`,
    [
      c.id,
      c.participantId,
      c.partnerId,
      c.reference,
      c.transactionAt,
      c.dateOnly,
      c.amountKopecks,
      c.kind,
      c.points,
      c.statement,
      c.workflowId,
      c.deadline,
      c.createdBy,
      c.clientId,
    ],
  );
  return (rowCount ?? 0) > 0;
}

/** What an approved partner claim credits (A2, A4): null for an event's claim. */
export async function partnerClaimFacts(db: Db, id: string) {
  const { rows } = await db.query<{
    participant_id: string;
    partner_id: string;
    partner_reference: string;
    transaction_at: Date;
    date_only: boolean;
    amount_kopecks: number | null;
    transaction_kind: string | null;
    partner_points: number;
  }>(
    `SELECT participant_id, partner_id, partner_reference, transaction_at, date_only, amount_kopecks, transaction_kind, partner_points
       FROM claims WHERE id = $1 AND kind = 'partner'`,
    [id],
  );
  return rows[0] ?? null;
}

/** Records the reviewer's decision on an open claim and answers it; null when it was decided before. */
export async function decideOpenClaim(
  tx: Db,
  id: string,
  d: { status: 'approved' | 'rejected'; reason: string | null; decidedBy: string },
) {
  const { rows } = await tx.query<{ participant_id: string; event_id: string; status: ClaimStatus; kind: 'event' | 'partner' }>(
    `UPDATE claims SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now()
      WHERE id = $1 AND status = 'open'
      RETURNING participant_id, event_id, status, kind`,
    [id, d.status, d.reason, d.decidedBy],
  );
  return rows[0] ?? null;
}

export async function claimStatus(db: Db, id: string): Promise<ClaimStatus> {
  const { rows } = await db.query<{ status: ClaimStatus }>('SELECT status FROM claims WHERE id = $1', [id]);
  return rows[0].status;
}

/** A4: nobody decided before the deadline. */
export async function markClaimExpired(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE claims SET status = 'expired', decided_at = now() WHERE id = $1 AND status = 'open'`, [id]);
}

/** The workflows of the participant's open claims. */
export async function openClaimWorkflows(db: Db, participantId: string): Promise<string[]> {
  const { rows } = await db.query<{ workflow_id: string }>(`SELECT workflow_id FROM claims WHERE participant_id = $1 AND status = 'open'`, [
    participantId,
  ]);
  return rows.map((r) => r.workflow_id);
}
