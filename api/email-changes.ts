/**
 * R21 use cases shared by the client API and the staff API: open an email-change request (its
 * workflow starts inside the transaction), attach a document, decide, confirm the new address.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { writeAudit, type Actor } from '../db/audit.js';
import { discardDocument, documentsByIds, storeDocument } from '../db/documents.js';
import { termsAt } from '../db/terms.js';
import { inTransaction, type Pool } from '../infra/db.js';
import { sha256 } from '../infra/secrets.js';
import { detectDocumentType } from '../rules/documents.js';
import { isValidEmail, normalizeEmail } from '../rules/email.js';
import {
  EmailChangeRefusal,
  confirmNewEmailUpdate,
  decideEmailChangeUpdate,
  emailChangeWorkflowId,
  submitEmailChangeDocumentUpdate,
  type ActorRef,
  type EmailChangeDocumentKind,
  type EmailChangeInput,
  type StaffRef,
} from '../workflows/messages.js';
import type { emailChangeWorkflow } from '../workflows/email-change.js';
import type { ApiDeps } from './deps.js';
import { isUuid } from './earning.js';
import { AppError } from './errors.js';
import { askWorkflow, temporalCall } from './temporal.js';

export const newEmail = z.string().trim().max(254, 'must be at most 254 characters').refine(isValidEmail, 'must be a valid email address');
export const EmailChangeDecisionRequest = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], 'must be approve or reject'),
    reason: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  })
  .refine((d) => d.decision === 'approve' || (d.reason?.length ?? 0) > 0, { path: ['reason'], message: 'is required to reject' });

/** The two documents R21 asks for, by their upload field names. */
export const DOCUMENT_FIELDS: Record<string, EmailChangeDocumentKind> = { letter: 'new_employer_letter', employmentRecord: 'employment_record' };

export const emailChangeSelect = `
  SELECT r.id, r.participant_id, p.first_name || ' ' || p.last_name AS participant_name, p.member_number::text AS member_number,
         r.old_email, r.new_email, r.status, r.letter_document_id, r.employment_document_id, r.workflow_id,
         r.documents_due_at, r.reminded_at, r.decision_reason, r.decided_by, r.decided_at, r.completed_at, r.end_reason,
         r.created_by, r.created_at
    FROM email_change_requests r JOIN participants p ON p.id = r.participant_id`;

export async function emailChangeById(pool: Pool, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await pool.query(`${emailChangeSelect} WHERE r.id = $1`, [id]);
  if (!rows[0]) return null;
  const ids = [rows[0].letter_document_id, rows[0].employment_document_id].filter(Boolean);
  return { ...rows[0], documents: ids.length ? await documentsByIds(pool, ids) : [] };
}

export async function requireEmailChange(pool: Pool, id: string) {
  const request = await emailChangeById(pool, id);
  if (!request) throw new AppError(404, 'email_change_not_found', 'No email-change request with this id', 'id');
  return request;
}

/** R21: one open request per participant, for an address nobody else uses. */
export async function openEmailChange({ pool, temporal, config }: ApiDeps, participantId: string, address: string, actor: Actor) {
  const { rows: [participant] } = await pool.query(
    'SELECT id, email, email_normalized, status, workflow_id FROM participants WHERE id = $1',
    [participantId],
  );
  if (participant?.status !== 'active') throw new AppError(404, 'participant_not_found', 'No active participant with this id or email', 'participantId');
  const normalized = normalizeEmail(address);
  if (normalized === participant.email_normalized) throw new AppError(400, 'validation_failed', 'newEmail: is the current address', 'newEmail');
  const taken = await pool.query(
    `SELECT 1 FROM participants WHERE email_normalized = $1 AND status IN ('pending_confirmation', 'pending_verification', 'active')`,
    [normalized],
  );
  if (taken.rowCount) throw new AppError(409, 'email_in_use', 'This address belongs to another participant', 'newEmail');

  const terms = await termsAt(pool, config.program);
  const id = randomUUID();
  const input: EmailChangeInput = {
    requestId: id,
    participantWorkflowId: participant.workflow_id,
    documentsTimeoutMs: terms.emailChangeDocumentsTimeoutMs,
    reminderAfterMs: Math.min(terms.emailChangeReminderMs, terms.emailChangeDocumentsTimeoutMs),
    confirmationTimeoutMs: terms.confirmationTimeoutMs,
  };
  await inTransaction(pool, async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO email_change_requests (id, participant_id, old_email, new_email, new_email_normalized, status, workflow_id, documents_due_at, created_by)
       VALUES ($1, $2, $3, $4, $5, 'awaiting_documents', $6, now() + $7::bigint * interval '1 millisecond', $8)
       ON CONFLICT DO NOTHING`,
      [id, participantId, participant.email, address.trim(), normalized, emailChangeWorkflowId(id), input.documentsTimeoutMs, actor.label],
    );
    if (!inserted.rowCount) {
      throw new AppError(409, 'email_change_already_open', 'An email-change request is already open for this participant or this address', 'participantId');
    }
    await writeAudit(tx, actor, 'email_change.open', { type: 'email_change', id }, { participantId, newEmail: address.trim() });
    await temporalCall(() =>
      temporal.workflow.start<typeof emailChangeWorkflow>('emailChangeWorkflow', {
        workflowId: emailChangeWorkflowId(id),
        taskQueue: config.taskQueue,
        args: [input],
      }),
    );
  });
  return requireEmailChange(pool, id);
}

/** Stores each uploaded document (PDF, PNG or JPEG) and hands it to the request's workflow. */
export async function attachEmailChangeDocuments(
  { pool, temporal }: ApiDeps,
  requestId: string,
  files: Array<{ field: string; filename: string; content: Buffer }>,
  by: ActorRef,
) {
  const request = await requireEmailChange(pool, requestId);
  const notWaiting = new AppError(409, 'email_change_not_awaiting_documents', `The request is ${request.status}`, 'id');
  if (request.status !== 'awaiting_documents') throw notWaiting;
  if (files.length === 0) throw new AppError(400, 'validation_failed', 'letter: upload the letter and/or the employment record', 'letter');
  const typed = files.map((f) => {
    const kind = DOCUMENT_FIELDS[f.field];
    const contentType = detectDocumentType(f.content);
    if (!contentType) throw new AppError(415, 'unsupported_file_type', `${f.field}: upload a PDF, PNG or JPEG file`, f.field);
    return { ...f, kind, contentType };
  });
  for (const f of typed) {
    const documentId = await storeDocument(pool, { kind: f.kind, filename: f.filename, contentType: f.contentType, content: f.content });
    await askWorkflow(
      () => temporal.workflow.getHandle(request.workflow_id).executeUpdate(submitEmailChangeDocumentUpdate, { args: [{ kind: f.kind, documentId, by }] }),
      { [EmailChangeRefusal.notAwaitingDocuments]: notWaiting },
      notWaiting,
    ).catch(async (err) => {
      await discardDocument(pool, documentId); // refused: nothing refers to it
      throw err;
    });
  }
  return requireEmailChange(pool, requestId);
}

export async function decideEmailChange({ pool, temporal }: ApiDeps, requestId: string, decision: { decision: 'approve' | 'reject'; reason: string | null }, staff: StaffRef) {
  const request = await requireEmailChange(pool, requestId);
  const notOpen = new AppError(409, 'email_change_not_awaiting_review', `The request is ${request.status}`, 'id');
  if (request.status !== 'awaiting_review') throw notOpen;
  await askWorkflow(
    () => temporal.workflow.getHandle(request.workflow_id).executeUpdate(decideEmailChangeUpdate, { args: [{ ...decision, staff }] }),
    { [EmailChangeRefusal.notAwaitingReview]: notOpen },
    notOpen,
  );
  return requireEmailChange(pool, requestId);
}

/** The link sent to the new address: the token is the credential. */
export async function confirmNewEmail({ pool, temporal }: ApiDeps, token: string) {
  const { rows: [request] } = await pool.query<{ id: string; workflow_id: string; status: string; expired: boolean }>(
    `SELECT id, workflow_id, status, confirm_due_at <= now() AS expired FROM email_change_requests WHERE confirm_token_hash = $1`,
    [sha256(token)],
  );
  if (!request) throw new AppError(404, 'token_invalid', 'This link is not valid', 'token');
  const used = new AppError(410, 'token_used', 'This link has already been used or the request is closed', 'token');
  if (request.status !== 'awaiting_confirmation') throw used;
  if (request.expired) throw new AppError(410, 'token_expired', 'This link has expired', 'token');
  const view = await askWorkflow(
    () => temporal.workflow.getHandle(request.workflow_id).executeUpdate(confirmNewEmailUpdate),
    { [EmailChangeRefusal.notAwaitingConfirmation]: used },
    used,
  );
  return { requestId: request.id, status: view.status };
}
