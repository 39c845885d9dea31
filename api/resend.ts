/**
 * Support's way to help a participant whose one-time link got lost: send it again, to the
 * participant's own address. Staff never see a usable link themselves (api/mail-masking.ts).
 *
 *  - a registration's confirmation (R3): through the participant's workflow, which mails a fresh
 *    link and voids the earlier ones (and audits who asked);
 *  - an email change's confirmation (R21): the same link again, to the new address, while the
 *    request waits for it (a new sent_mail record, audited).
 *
 * Each is idempotent under the request's Idempotency-Key (a retried click sends nothing more) and
 * rate-limited per participant or request: AUTH_FAILURE_LIMIT within AUTH_WINDOW_MS, then 429 with
 * Retry-After (api/rate-limit.ts), so no one can flood a mailbox from the console.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { deliverMail, recordMail } from '../activities/mail.js';
import { writeAudit } from '../db/audit.js';
import { isUuid } from '../db/ids.js';
import { emailChangeLinkState, mailByKey, mailToResend } from '../db/mail-resend.js';
import { participantById } from '../db/participants.js';
import { inTransaction } from '../db/pool.js';
import { ParticipantRefusal, resendConfirmationUpdate } from '../workflows/messages/participant.js';
import type { StaffRef } from '../workflows/messages/shared.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { limit } from './rate-limit.js';
import { askWorkflow, workflowWait } from './temporal.js';

/** The request's Idempotency-Key, if it sent one (1–200 visible ASCII characters). */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
    throw new AppError(400, 'validation_failed', 'Idempotency-Key: must be 1 to 200 visible ASCII characters', 'Idempotency-Key');
  }
  return key;
}

const short = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 24);

async function limitResends(deps: ApiDeps, bucket: string): Promise<void> {
  await limit(deps.pool, [{ key: `resend:${bucket}`, limit: deps.config.authFailureLimit }], deps.config.authWindowMs);
}

/** R3: a fresh confirmation link for a registration still waiting for it. */
export async function resendRegistrationConfirmation(
  deps: ApiDeps,
  r: { participantId: string; staff: StaffRef; idempotencyKey?: string },
): Promise<void> {
  const { pool, temporal } = deps;
  const participant = isUuid(r.participantId) ? await participantById(pool, r.participantId) : null;
  if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
  const notPending = new AppError(409, 'not_awaiting_confirmation', `The registration is ${participant.status}`);
  if (participant.status !== 'pending_confirmation') throw notPending;
  await limitResends(deps, `confirmation:${participant.id}`);
  await askWorkflow(
    workflowWait(deps, `/admin/api/participants/${participant.id}`),
    () =>
      temporal.workflow.getHandle(participant.workflow_id).startUpdate(resendConfirmationUpdate, {
        args: [{ staff: r.staff }],
        waitForStage: 'ACCEPTED',
        // The same key is the same update: the workflow answers it once and sends one link.
        ...(r.idempotencyKey ? { updateId: `resend-confirmation:${short(r.idempotencyKey)}` } : {}),
      }),
    { [ParticipantRefusal.notAwaitingConfirmation]: notPending },
    notPending,
  );
}

/** The key the email-change workflow records its confirmation mail under (activities/email-change.ts). */
const emailChangeMailKey = (requestId: string) => `email-change-confirm:${requestId}`;

/** R21: the confirmation link of an approved email change, again, to the new address. */
export async function resendEmailChangeConfirmation(
  deps: ApiDeps,
  r: { requestId: string; staff: StaffRef; idempotencyKey?: string },
): Promise<void> {
  const { pool } = deps;
  const state = isUuid(r.requestId) ? await emailChangeLinkState(pool, r.requestId) : null;
  if (!state) throw new AppError(404, 'email_change_not_found', 'No email-change request with this id', 'id');
  const key = `${emailChangeMailKey(r.requestId)}:resend:${short(r.idempotencyKey ?? randomUUID())}`;
  if (!(await mailByKey(pool, key))) {
    if (state.status !== 'awaiting_confirmation' || !state.live) {
      throw new AppError(
        409,
        'not_awaiting_confirmation',
        `The email change is ${state.status === 'awaiting_confirmation' ? 'past its deadline' : state.status}`,
      );
    }
    const original = await mailByKey(pool, emailChangeMailKey(r.requestId));
    if (!original) throw new AppError(409, 'not_awaiting_confirmation', 'The confirmation link has not been sent yet');
    await limitResends(deps, `email-change:${r.requestId}`);
    await inTransaction(pool, async (tx) => {
      const { rowCount } = await recordMail(tx, {
        key,
        participantId: original.participant_id,
        kind: original.kind,
        to: original.to_address,
        subject: original.subject,
        text: original.body_text,
      });
      if (rowCount) {
        await writeAudit(tx, { type: 'staff', ...r.staff }, 'email_change.resend_confirmation', { type: 'email_change', id: r.requestId });
      }
    });
  }
  await deliverMail(pool, deps.mailer, key);
}

/** The mail view's "resend": the link of a confirmation mail, sent again the way its kind allows. */
export async function resendMail(
  deps: ApiDeps,
  r: { mailId: string; staff: StaffRef; idempotencyKey?: string },
): Promise<{ kind: string }> {
  const mail = isUuid(r.mailId) ? await mailToResend(deps.pool, r.mailId) : null;
  if (!mail) throw new AppError(404, 'mail_not_found', 'No mail with this id', 'id');
  if (mail.kind === 'confirmation' && mail.participant_id) {
    await resendRegistrationConfirmation(deps, { participantId: mail.participant_id, staff: r.staff, idempotencyKey: r.idempotencyKey });
  } else if (mail.kind === 'email_change_confirmation') {
    const requestId = /^email-change-confirm:([0-9a-f-]{36})/.exec(mail.idempotency_key)?.[1];
    if (!requestId) throw new AppError(409, 'not_resendable', 'This mail cannot be sent again');
    await resendEmailChangeConfirmation(deps, { requestId, staff: r.staff, idempotencyKey: r.idempotencyKey });
  } else {
    // Codes and reset links are asked for by the participant, who gets a fresh one; other mail has no link to lose.
    throw new AppError(409, 'not_resendable', 'Only confirmation links are sent again; the participant asks for a new code or reset link');
  }
  return { kind: mail.kind };
}
