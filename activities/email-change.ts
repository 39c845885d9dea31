/**
 * Activities of the email-change workflow (R21). Each write is guarded by the request's current
 * status, so a retried activity changes nothing twice; every step is audited.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { writeAudit } from '../db/audit.js';
import { inTransaction, type Db, type Pool } from '../infra/db.js';
import type { Mailer } from '../infra/mailer.js';
import { derivedToken, sha256 } from '../infra/secrets.js';
import type { ActorRef, EmailChangeDocumentKind, StaffRef } from '../workflows/messages.js';
import { deliverMail, recordMail } from './mail.js';
import { emailChangeConfirmationLetter, emailChangeReminderLetter } from './templates.js';

export interface EmailChangeDeps {
  pool: Pool;
  mailer: Mailer;
  publicUrl: string;
  tokenSecret: string;
}

interface RequestRow {
  id: string;
  participant_id: string;
  new_email: string;
  new_email_normalized: string;
  status: string;
  first_name: string;
}

async function request(db: Db, requestId: string, lock = false): Promise<RequestRow> {
  const { rows } = await db.query<RequestRow>(
    `SELECT r.id, r.participant_id, r.new_email, r.new_email_normalized, r.status, p.first_name
       FROM email_change_requests r JOIN participants p ON p.id = r.participant_id WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
    [requestId],
  );
  if (!rows[0]) throw ApplicationFailure.nonRetryable(`Email change ${requestId} not found`, 'EmailChangeNotFound');
  return rows[0];
}

const column = (kind: EmailChangeDocumentKind) => (kind === 'new_employer_letter' ? 'letter_document_id' : 'employment_document_id');
const otherKind = (kind: EmailChangeDocumentKind): EmailChangeDocumentKind => (kind === 'new_employer_letter' ? 'employment_record' : 'new_employer_letter');

export function emailChangeActivities({ pool, mailer, publicUrl, tokenSecret }: EmailChangeDeps) {
  const send = async (key: string, r: RequestRow, kind: string, letter: { subject: string; text: string }) => {
    await recordMail(pool, { key, participantId: r.participant_id, kind, to: r.new_email, ...letter });
    await deliverMail(pool, mailer, key);
  };

  return {
    async recordEmailChangeDocument({ requestId, kind, documentId, by }: { requestId: string; kind: EmailChangeDocumentKind; documentId: string; by: ActorRef }) {
      await inTransaction(pool, async (tx) => {
        // With both documents in, the request goes to a reviewer.
        const { rowCount } = await tx.query(
          `UPDATE email_change_requests
              SET ${column(kind)} = $2,
                  status = CASE WHEN ${column(otherKind(kind))} IS NOT NULL THEN 'awaiting_review' ELSE status END
            WHERE id = $1 AND status = 'awaiting_documents' AND ${column(kind)} IS DISTINCT FROM $2`,
          [requestId, documentId],
        );
        if (rowCount) await writeAudit(tx, by, 'email_change.document', { type: 'email_change', id: requestId }, { kind, documentId });
      });
    },

    /** The documents are late: the participant is reminded at the new address (the old mailbox is gone). */
    async remindEmailChangeDocuments({ requestId }: { requestId: string }) {
      const r = await request(pool, requestId);
      await pool.query('UPDATE email_change_requests SET reminded_at = coalesce(reminded_at, now()) WHERE id = $1', [requestId]);
      await send(`email-change-reminder:${requestId}`, r, 'email_change_reminder', emailChangeReminderLetter(r.first_name));
    },

    async decideEmailChange({ requestId, decision, reason, staff }: { requestId: string; decision: 'approve' | 'reject'; reason: string | null; staff: StaffRef }) {
      await inTransaction(pool, async (tx) => {
        const { rowCount } = await tx.query(
          `UPDATE email_change_requests
              SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now(),
                  end_reason = CASE WHEN $2 = 'rejected' THEN $3 END
            WHERE id = $1 AND status = 'awaiting_review'`,
          [requestId, decision === 'approve' ? 'awaiting_confirmation' : 'rejected', reason, staff.label],
        );
        if (rowCount) await writeAudit(tx, { type: 'staff', ...staff }, `email_change.${decision}`, { type: 'email_change', id: requestId }, { reason });
      });
    },

    /** A one-time link to the new address; the same request always yields the same token, stored hashed. */
    async sendNewEmailConfirmation({ requestId, expiresAt }: { requestId: string; expiresAt: number }) {
      const r = await request(pool, requestId);
      const token = derivedToken(tokenSecret, `email-change:${requestId}`);
      await pool.query(
        `UPDATE email_change_requests SET confirm_token_hash = $2, confirm_due_at = to_timestamp($3 / 1000.0) WHERE id = $1`,
        [requestId, sha256(token), expiresAt],
      );
      const link = `${publicUrl}/confirm-email-change?token=${token}`;
      await send(`email-change-confirm:${requestId}`, r, 'email_change_confirmation', emailChangeConfirmationLetter(r.first_name, link, new Date(expiresAt)));
    },

    /**
     * The new address becomes the participant's identity, unless another live participant took it
     * meanwhile (then the request is cancelled). Points, history and member number stay.
     */
    async applyEmailChange({ requestId }: { requestId: string }): Promise<{ ok: true; emailNormalized: string } | { ok: false; reason: string }> {
      return inTransaction(pool, async (tx) => {
        const r = await request(tx, requestId, true);
        if (r.status === 'completed') return { ok: true, emailNormalized: r.new_email_normalized };
        const { rows: [holder] } = await tx.query<{ status: string }>('SELECT status FROM participants WHERE id = $1 FOR UPDATE', [r.participant_id]);
        if (holder.status !== 'active') {
          // The participant left meanwhile (R26): a closed account keeps its address.
          await tx.query(`UPDATE email_change_requests SET status = 'cancelled', end_reason = 'participant_not_active' WHERE id = $1`, [requestId]);
          return { ok: false, reason: 'participant_not_active' };
        }
        const taken = await tx.query(
          `SELECT 1 FROM participants WHERE email_normalized = $1 AND id <> $2
              AND status IN ('pending_confirmation', 'pending_verification', 'active')`,
          [r.new_email_normalized, r.participant_id],
        );
        if (taken.rowCount) {
          await tx.query(`UPDATE email_change_requests SET status = 'cancelled', end_reason = 'address_taken' WHERE id = $1`, [requestId]);
          return { ok: false, reason: 'address_taken' };
        }
        const { rows: [old] } = await tx.query<{ email: string }>('SELECT email FROM participants WHERE id = $1 FOR UPDATE', [r.participant_id]);
        await tx.query('UPDATE participants SET email = $2, email_normalized = $3 WHERE id = $1', [r.participant_id, r.new_email, r.new_email_normalized]);
        await tx.query(`UPDATE email_change_requests SET status = 'completed', completed_at = now() WHERE id = $1`, [requestId]);
        await writeAudit(tx, { type: 'system', id: null, label: 'system' }, 'participant.email_changed', { type: 'participant', id: r.participant_id }, {
          requestId,
          from: old.email,
          to: r.new_email,
        });
        return { ok: true, emailNormalized: r.new_email_normalized };
      });
    },

    async endEmailChange({ requestId, status, endReason }: { requestId: string; status: 'expired' | 'rejected' | 'cancelled'; endReason: string }) {
      await pool.query(
        `UPDATE email_change_requests SET status = $2, end_reason = $3
          WHERE id = $1 AND status IN ('awaiting_documents', 'awaiting_review', 'awaiting_confirmation')`,
        [requestId, status, endReason],
      );
    },
  };
}
