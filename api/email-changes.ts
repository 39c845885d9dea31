/**
 * R21 use cases shared by the client API and the staff API: open an email-change request (its
 * workflow starts inside the transaction), attach a document, decide, confirm the new address.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { writeAudit } from '../db/audit.js';
import { discardDocument, documentsByIds, storeDocument } from '../db/documents.js';
import { emailChangeByConfirmToken, emailChangeById as emailChangeRow, insertEmailChange } from '../db/email-changes.js';
import { emailHeld, participantIdentity } from '../db/participants.js';
import { termsAt } from '../db/terms.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { sha256 } from '../infra/secrets.js';
import { detectDocumentType } from '../rules/documents.js';
import { normalizeEmail } from '../rules/email.js';
import {
  EmailChangeRefusal,
  confirmNewEmailUpdate,
  decideEmailChangeUpdate,
  emailChangeWorkflowId,
  submitEmailChangeDocumentUpdate,
  type EmailChangeDocumentKind,
  type EmailChangeInput,
} from '../workflows/messages/email-change.js';
import type { ActorRef, StaffRef } from '../workflows/messages/shared.js';
import type { emailChangeWorkflow } from '../workflows/email-change.js';
import type { ApiDeps } from './deps.js';
import { owningClient, visibleTo } from './auth.js';
import { Accepted, AppError } from './errors.js';
import { askWorkflow, temporalCall, workflowWait } from './temporal.js';
import { email, text } from './text.js';

export const newEmail = email();
export const EmailChangeDecisionRequest = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], 'must be approve or reject'),
    reason: text(1000, { min: 0, multiline: true }).optional(),
  })
  .refine((d) => d.decision === 'approve' || (d.reason?.length ?? 0) > 0, { path: ['reason'], message: 'is required to reject' });

/** The two documents R21 asks for, by their upload field names. */
export const DOCUMENT_FIELDS: Record<string, EmailChangeDocumentKind> = {
  letter: 'new_employer_letter',
  employmentRecord: 'employment_record',
};

/** The request with its documents; null for an id that names none. */
export async function emailChangeById(pool: Pool, id: string) {
  const request = await emailChangeRow(pool, id);
  if (!request) return null;
  const ids = [request.letter_document_id, request.employment_document_id].filter(Boolean);
  return { ...request, documents: ids.length ? await documentsByIds(pool, ids) : [] };
}

/** The request; 404 for an id that names none, or names another API client's (`client`: see api/auth.ts `owningClient`). */
export async function requireEmailChange(pool: Pool, id: string, client?: string) {
  const request = await emailChangeById(pool, id);
  if (!request || !visibleTo(request, client))
    throw new AppError(404, 'email_change_not_found', 'No email-change request with this id', 'id');
  return request;
}

/** R21: one open request per participant, for an address nobody else uses. */
export async function openEmailChange({ pool, temporal, config }: ApiDeps, participantId: string, address: string, actor: ActorRef) {
  const participant = await participantIdentity(pool, participantId);
  if (participant?.status !== 'active')
    throw new AppError(404, 'participant_not_found', 'No active participant with this id or email', 'participantId');
  const normalized = normalizeEmail(address);
  if (normalized === participant.email_normalized)
    throw new AppError(400, 'validation_failed', 'newEmail: is the current address', 'newEmail');
  if (await emailHeld(pool, normalized)) throw new AppError(409, 'email_in_use', 'This address belongs to another participant', 'newEmail');

  const terms = await termsAt(pool, config.program);
  const id = randomUUID();
  const input: EmailChangeInput = {
    requestId: id,
    participantWorkflowId: participant.workflow_id,
    documentsTimeoutMs: terms.emailChangeDocumentsTimeoutMs,
    reminderAfterMs: Math.min(terms.emailChangeReminderMs, terms.emailChangeDocumentsTimeoutMs),
    confirmationTimeoutMs: terms.confirmationTimeoutMs,
    openedBy: actor,
  };
  await inTransaction(pool, async (tx) => {
    const inserted = await insertEmailChange(tx, {
      id,
      participantId,
      oldEmail: participant.email,
      newEmail: address.trim(),
      newEmailNormalized: normalized,
      workflowId: emailChangeWorkflowId(id),
      documentsTimeoutMs: input.documentsTimeoutMs,
      createdBy: actor,
    });
    if (!inserted) {
      throw new AppError(
        409,
        'email_change_already_open',
        'An email-change request is already open for this participant or this address',
        'participantId',
      );
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
  { pool, temporal, config }: ApiDeps,
  requestId: string,
  files: Array<{ field: string; filename: string; content: Buffer }>,
  by: ActorRef,
) {
  const request = await requireEmailChange(pool, requestId, owningClient(by));
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
    const documentId = await storeDocument(pool, {
      kind: f.kind,
      filename: f.filename,
      contentType: f.contentType,
      content: f.content,
      uploadedBy: by,
    });
    await askWorkflow(
      workflowWait({ temporal, config }, `/api/email-changes/${requestId}`),
      () =>
        temporal.workflow
          .getHandle(request.workflow_id)
          .startUpdate(submitEmailChangeDocumentUpdate, { args: [{ kind: f.kind, documentId, by }], waitForStage: 'ACCEPTED' }),
      { [EmailChangeRefusal.notAwaitingDocuments]: notWaiting },
      notWaiting,
    ).catch(async (err) => {
      if (err instanceof Accepted) throw err; // the workflow has the document and records it
      await discardDocument(pool, documentId); // refused: nothing refers to it
      throw err;
    });
  }
  return requireEmailChange(pool, requestId);
}

/**
 * A reviewer's decision, which the request's workflow takes or refuses. Four eyes: the workflow
 * refuses an approval by the staff member who opened the request or uploaded one of its documents
 * (403 `four_eyes`); nothing changes, the request still awaits review, and the attempt is audited.
 */
export async function decideEmailChange(
  { pool, temporal, config }: ApiDeps,
  requestId: string,
  decision: { decision: 'approve' | 'reject'; reason: string | null },
  staff: StaffRef,
) {
  const request = await requireEmailChange(pool, requestId);
  const notOpen = new AppError(409, 'email_change_not_awaiting_review', `The request is ${request.status}`, 'id');
  if (request.status !== 'awaiting_review') throw notOpen;
  const fourEyes = async () => {
    await writeAudit(
      pool,
      { type: 'staff', ...staff },
      'email_change.four_eyes_refused',
      { type: 'email_change', id: requestId },
      { decision: decision.decision },
    );
    return new AppError(
      403,
      'four_eyes',
      'Four eyes: you opened this request or uploaded one of its documents, so another staff member must approve it',
      'decision',
    );
  };
  await askWorkflow(
    workflowWait({ temporal, config }, `/admin/api/email-changes/${requestId}`),
    () =>
      temporal.workflow
        .getHandle(request.workflow_id)
        .startUpdate(decideEmailChangeUpdate, { args: [{ ...decision, staff }], waitForStage: 'ACCEPTED' }),
    { [EmailChangeRefusal.notAwaitingReview]: notOpen, [EmailChangeRefusal.fourEyes]: fourEyes },
    notOpen,
  );
  return requireEmailChange(pool, requestId);
}

/** The link sent to the new address: the token is the credential. */
export async function confirmNewEmail({ pool, temporal, config }: ApiDeps, token: string) {
  const request = await emailChangeByConfirmToken(pool, sha256(token));
  if (!request) throw new AppError(404, 'token_invalid', 'This link is not valid', 'token');
  const used = new AppError(410, 'token_used', 'This link has already been used or the request is closed', 'token');
  if (request.status !== 'awaiting_confirmation') throw used;
  const expired = new AppError(410, 'token_expired', 'This link has expired', 'token');
  if (request.expired) throw expired;
  // The workflow decides, once, whether this confirmation or the deadline came first; its answer says which.
  const view = await askWorkflow(
    workflowWait({ temporal, config }, `/api/email-changes/${request.id}`),
    () => temporal.workflow.getHandle(request.workflow_id).startUpdate(confirmNewEmailUpdate, { waitForStage: 'ACCEPTED' }),
    { [EmailChangeRefusal.notAwaitingConfirmation]: used },
    // The workflow ended before it answered: the request's row says how (it is written before the end).
    async () => ((await requireEmailChange(pool, request.id)).status === 'expired' ? expired : used),
  );
  if (view.status === 'expired') throw expired;
  return { requestId: request.id, status: view.status };
}
