/**
 * Activities of the email-change workflow (R21). Each write is guarded by the request's current
 * status, so a retried activity changes nothing twice; every step is audited.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { writeAudit } from '../db/audit.js';
import {
  cancelEmailChange,
  decideEmailChangeRequest,
  emailChangeTarget,
  endEmailChange,
  markEmailChangeCompleted,
  markEmailChangeReminded,
  setEmailChangeConfirmToken,
  setEmailChangeDocument,
  type EmailChangeTarget,
} from '../db/email-changes.js';
import { changeEmail, emailHeld, lockParticipant } from '../db/participants.js';
import { inTransaction, type Db, type Pool } from '../db/pool.js';
import type { Mailer } from '../infra/mailer.js';
import { derivedToken, sha256 } from '../infra/secrets.js';
import type { EmailChangeDocumentKind } from '../workflows/messages/email-change.js';
import type { ActorRef, StaffRef } from '../workflows/messages/shared.js';
import { deliverMail, recordMail } from './mail.js';
import { emailChangeConfirmationLetter, emailChangeReminderLetter } from './templates.js';

export interface EmailChangeDeps {
  pool: Pool;
  mailer: Mailer;
  publicUrl: string;
  tokenSecret: string;
}

async function request(db: Db, requestId: string, lock = false): Promise<EmailChangeTarget> {
  const r = await emailChangeTarget(db, requestId, lock);
  if (!r) throw ApplicationFailure.nonRetryable(`Email change ${requestId} not found`, 'EmailChangeNotFound');
  return r;
}

export function emailChangeActivities({ pool, mailer, publicUrl, tokenSecret }: EmailChangeDeps) {
  const send = async (key: string, r: EmailChangeTarget, kind: string, letter: { subject: string; text: string }) => {
    await recordMail(pool, { key, participantId: r.participant_id, kind, to: r.new_email, ...letter });
    await deliverMail(pool, mailer, key);
  };

  return {
    async recordEmailChangeDocument({
      requestId,
      kind,
      documentId,
      by,
    }: {
      requestId: string;
      kind: EmailChangeDocumentKind;
      documentId: string;
      by: ActorRef;
    }) {
      await inTransaction(pool, async (tx) => {
        // With both documents in, the request goes to a reviewer.
        if (await setEmailChangeDocument(tx, requestId, kind, documentId))
          await writeAudit(tx, by, 'email_change.document', { type: 'email_change', id: requestId }, { kind, documentId });
      });
    },

    /** The documents are late: the participant is reminded at the new address (the old mailbox is gone). */
    async remindEmailChangeDocuments({ requestId }: { requestId: string }) {
      const r = await request(pool, requestId);
      await markEmailChangeReminded(pool, requestId);
      await send(`email-change-reminder:${requestId}`, r, 'email_change_reminder', emailChangeReminderLetter(r.first_name));
    },

    async decideEmailChange({
      requestId,
      decision,
      reason,
      staff,
    }: {
      requestId: string;
      decision: 'approve' | 'reject';
      reason: string | null;
      staff: StaffRef;
    }) {
      await inTransaction(pool, async (tx) => {
        if (await decideEmailChangeRequest(tx, requestId, { decision, reason, decidedBy: staff.label }))
          await writeAudit(
            tx,
            { type: 'staff', ...staff },
            `email_change.${decision}`,
            { type: 'email_change', id: requestId },
            { reason },
          );
      });
    },

    /** A one-time link to the new address; the same request always yields the same token, stored hashed. */
    async sendNewEmailConfirmation({ requestId, expiresAt }: { requestId: string; expiresAt: number }) {
      const r = await request(pool, requestId);
      const token = derivedToken(tokenSecret, `email-change:${requestId}`);
      await setEmailChangeConfirmToken(pool, requestId, sha256(token), expiresAt);
      const link = `${publicUrl}/confirm-email-change?token=${token}`;
      await send(
        `email-change-confirm:${requestId}`,
        r,
        'email_change_confirmation',
        emailChangeConfirmationLetter(r.first_name, link, new Date(expiresAt)),
      );
    },

    /**
     * The new address becomes the participant's identity, unless another live participant took it
     * meanwhile (then the request is cancelled). Points, history and member number stay.
     */
    async applyEmailChange({
      requestId,
    }: {
      requestId: string;
    }): Promise<{ ok: true; emailNormalized: string } | { ok: false; reason: string }> {
      return inTransaction(pool, async (tx) => {
        const r = await request(tx, requestId, true);
        if (r.status === 'completed') return { ok: true, emailNormalized: r.new_email_normalized };
        const holder = (await lockParticipant(tx, r.participant_id))!;
        if (holder.status !== 'active') {
          // The participant left meanwhile (R26): a closed account keeps its address.
          await cancelEmailChange(tx, requestId, 'participant_not_active');
          return { ok: false, reason: 'participant_not_active' };
        }
        if (await emailHeld(tx, r.new_email_normalized, r.participant_id)) {
          await cancelEmailChange(tx, requestId, 'address_taken');
          return { ok: false, reason: 'address_taken' };
        }
        await changeEmail(tx, r.participant_id, r.new_email, r.new_email_normalized);
        await markEmailChangeCompleted(tx, requestId);
        await writeAudit(
          tx,
          { type: 'system', id: null, label: 'system' },
          'participant.email_changed',
          { type: 'participant', id: r.participant_id },
          {
            requestId,
            from: holder.email,
            to: r.new_email,
          },
        );
        return { ok: true, emailNormalized: r.new_email_normalized };
      });
    },

    async endEmailChange({
      requestId,
      status,
      endReason,
    }: {
      requestId: string;
      status: 'expired' | 'rejected' | 'cancelled';
      endReason: string;
    }) {
      await endEmailChange(pool, requestId, status, endReason);
    },
  };
}
