/**
 * R21: requests to change a participant's email (`email_change_requests`): two documents, a
 * reviewer, then a link to the new address. Every change is guarded by the request's status, so
 * a repeated call changes nothing twice. The participant's address itself is db/participants.ts's.
 */
import type { Db } from './pool.js';
import { OPEN_EMAIL_CHANGE_STATUSES } from '../workflows/messages/email-change.js';
import { isUuid } from './ids.js';
import { Where, filterText, listPage, type ListQuery } from './list-query.js';
import { sqlList } from './sql-list.js';

export type EmailChangeDocumentKind = 'new_employer_letter' | 'employment_record';

const emailChangeSelect = `
  SELECT r.id, r.participant_id, p.first_name || ' ' || p.last_name AS participant_name, p.member_number::text AS member_number,
         r.old_email, r.new_email, r.status, r.letter_document_id, r.employment_document_id, r.workflow_id,
         r.documents_due_at, r.reminded_at, r.decision_reason, r.decided_by, r.decided_at, r.completed_at, r.end_reason,
         r.created_by, r.created_by_type, r.created_by_id, r.client_id, r.created_at
    FROM email_change_requests r JOIN participants p ON p.id = r.participant_id`;

/** The request as screens show it; null for an id that names none. */
export async function emailChangeById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${emailChangeSelect} WHERE r.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The console's queue (filters: status, participant_id). */
export async function listEmailChanges(db: Db, q: ListQuery) {
  const where = new Where();
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  const participantId = filterText(q, 'participant_id');
  if (participantId !== undefined) where.add('participant_id::text = ?', participantId);
  return listPage(db, emailChangeSelect, where, q);
}

/** The request whose link to the new address has this hash, with whether the link has expired. */
export async function emailChangeByConfirmToken(db: Db, tokenHash: string) {
  const { rows } = await db.query<{ id: string; workflow_id: string; status: string; expired: boolean }>(
    `SELECT id, workflow_id, status, confirm_due_at <= now() AS expired FROM email_change_requests WHERE confirm_token_hash = $1`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** What the request's workflow acts on: the new address, the status and whom to greet. */
export interface EmailChangeTarget {
  id: string;
  participant_id: string;
  new_email: string;
  new_email_normalized: string;
  status: string;
  first_name: string;
}

/** The request; with `lock`, its row stays locked to the end of the transaction. */
export async function emailChangeTarget(db: Db, id: string, lock = false): Promise<EmailChangeTarget | null> {
  const { rows } = await db.query<EmailChangeTarget>(
    `SELECT r.id, r.participant_id, r.new_email, r.new_email_normalized, r.status, p.first_name
       FROM email_change_requests r JOIN participants p ON p.id = r.participant_id WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

/** Opens a request awaiting its documents until `documentsTimeoutMs` from now; false when one is open for the participant or the address. */
export async function insertEmailChange(
  tx: Db,
  r: {
    id: string;
    participantId: string;
    oldEmail: string;
    newEmail: string;
    newEmailNormalized: string;
    workflowId: string;
    documentsTimeoutMs: number;
    /** who opened it (four eyes: a staff member who did may not approve it) */
    createdBy: { type: 'staff' | 'api_client'; id: string; label: string };
  },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO email_change_requests (id, participant_id, old_email, new_email, new_email_normalized, status, workflow_id, documents_due_at,
                                        created_by, created_by_type, created_by_id, client_id)
     VALUES ($1, $2, $3, $4, $5, 'awaiting_documents', $6, now() + $7::bigint * interval '1 millisecond', $8, $9, $10, $11)
     ON CONFLICT DO NOTHING`,
    [
      r.id,
      r.participantId,
      r.oldEmail,
      r.newEmail,
      r.newEmailNormalized,
      r.workflowId,
      r.documentsTimeoutMs,
      r.createdBy.label,
      r.createdBy.type,
      r.createdBy.id,
      // an API client owns the request it opened: only it follows the request through the client API
      r.createdBy.type === 'api_client' ? r.createdBy.id : null,
    ],
  );
  return (rowCount ?? 0) > 0;
}

const column = (kind: EmailChangeDocumentKind) => (kind === 'new_employer_letter' ? 'letter_document_id' : 'employment_document_id');
const otherKind = (kind: EmailChangeDocumentKind): EmailChangeDocumentKind =>
  kind === 'new_employer_letter' ? 'employment_record' : 'new_employer_letter';

/**
 * The document of `kind` belongs to the request while it awaits documents; with both in, it goes
 * to a reviewer. False when nothing changed (not awaiting documents, or this very document again).
 */
export async function setEmailChangeDocument(tx: Db, id: string, kind: EmailChangeDocumentKind, documentId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE email_change_requests
        SET ${column(kind)} = $2,
            status = CASE WHEN ${column(otherKind(kind))} IS NOT NULL THEN 'awaiting_review' ELSE status END
      WHERE id = $1 AND status = 'awaiting_documents' AND ${column(kind)} IS DISTINCT FROM $2`,
    [id, documentId],
  );
  return (rowCount ?? 0) > 0;
}

/** The first reminder's instant is kept. */
export async function markEmailChangeReminded(db: Db, id: string): Promise<void> {
  await db.query('UPDATE email_change_requests SET reminded_at = coalesce(reminded_at, now()) WHERE id = $1', [id]);
}

/** The reviewer's decision on a request awaiting review; false when it was not awaiting one. */
export async function decideEmailChangeRequest(
  tx: Db,
  id: string,
  d: { decision: 'approve' | 'reject'; reason: string | null; decidedBy: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE email_change_requests
        SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now(),
            end_reason = CASE WHEN $2 = 'rejected' THEN $3 END
      WHERE id = $1 AND status = 'awaiting_review'`,
    [id, d.decision === 'approve' ? 'awaiting_confirmation' : 'rejected', d.reason, d.decidedBy],
  );
  return (rowCount ?? 0) > 0;
}

/** The hash of the link to the new address, valid until `dueAt` (epoch ms). */
export async function setEmailChangeConfirmToken(db: Db, id: string, tokenHash: string, dueAt: number): Promise<void> {
  await db.query(`UPDATE email_change_requests SET confirm_token_hash = $2, confirm_due_at = to_timestamp($3 / 1000.0) WHERE id = $1`, [
    id,
    tokenHash,
    dueAt,
  ]);
}

/** The request is cancelled (the participant left, or another took the address meanwhile). */
export async function cancelEmailChange(tx: Db, id: string, endReason: string): Promise<void> {
  await tx.query(`UPDATE email_change_requests SET status = 'cancelled', end_reason = $2 WHERE id = $1`, [id, endReason]);
}

export async function markEmailChangeCompleted(tx: Db, id: string): Promise<void> {
  await tx.query(`UPDATE email_change_requests SET status = 'completed', completed_at = now() WHERE id = $1`, [id]);
}

/** An open request ends (expired, rejected or cancelled), saying why; a closed one stays as it is. */
export async function endEmailChange(db: Db, id: string, status: 'expired' | 'rejected' | 'cancelled', endReason: string): Promise<void> {
  await db.query(
    `UPDATE email_change_requests SET status = $2, end_reason = $3
      WHERE id = $1 AND status IN ${sqlList(OPEN_EMAIL_CHANGE_STATUSES)}`,
    [id, status, endReason],
  );
}
