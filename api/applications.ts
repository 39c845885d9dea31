/**
 * A7 use cases shared by the client API and the staff API: an organisation applies (its documents
 * stored and its workflow started inside one transaction), attaches a signed document, and a manager
 * decides.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { applicationById as applicationRow, insertApplication, type ApplicationRow } from '../db/applications.js';
import { writeAudit } from '../db/audit.js';
import { hasActiveContract } from '../db/contracts.js';
import { discardDocument, documentsByIds, storeDocument } from '../db/documents.js';
import { termsAt } from '../db/terms.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { detectDocumentType } from '../rules/documents.js';
import { innProblem } from '../rules/inn.js';
import { innNeedsKpp, kppProblem } from '../rules/kpp.js';
import type { applicationWorkflow } from '../workflows/application.js';
import {
  APPLICATION_STATUSES,
  ApplicationRefusal,
  applicationWorkflowId,
  decideApplicationUpdate,
  submitApplicationDocumentUpdate,
  type ApplicationDocumentKind,
  type ApplicationInput,
} from '../workflows/messages/application.js';
import type { ActorRef, StaffRef } from '../workflows/messages/shared.js';
import { owningClient, visibleTo } from './auth.js';
import type { ApiDeps } from './deps.js';
import { Accepted, AppError } from './errors.js';
import { INN_MESSAGES } from './schemas.js';
import { askWorkflow, temporalCall, workflowWait } from './temporal.js';
import { email, optionalText, text } from './text.js';

const KPP_MESSAGES = {
  wrong_length: 'must have 9 characters',
  wrong_characters: 'must be digits, with capital Latin letters A–Z allowed only in positions 5 and 6',
} as const;

export const ApplicationRequest = z
  .strictObject({
    legalName: text(300).meta({ description: "The organisation's full legal name, e.g. ООО «Ромашка Тур»" }),
    inn: text(12).superRefine((inn, ctx) => {
      const problem = innProblem(inn);
      if (problem) ctx.addIssue({ code: 'custom', message: INN_MESSAGES[problem] });
    }),
    // Letters are taken in either case: a KPP's letters are capitals.
    kpp: optionalText(9)
      .transform((kpp) => kpp?.toUpperCase())
      .superRefine((kpp, ctx) => {
        const problem = kpp === undefined ? null : kppProblem(kpp);
        if (problem) ctx.addIssue({ code: 'custom', message: KPP_MESSAGES[problem] });
      })
      .meta({ description: 'Required for an organisation (10-digit INN); an individual entrepreneur (12 digits) has none' }),
    address: text(500).meta({ description: 'The legal address' }),
    contactName: text(200).meta({ description: "The contact person, who receives the program's mail about the application" }),
    contactEmail: email(),
    contractPath: z
      .enum(['agent', 'subagent'], 'must be agent or subagent')
      .meta({ description: 'The contract the organisation asks for (R4)' }),
  })
  .superRefine((a, ctx) => {
    if (innProblem(a.inn) !== null) return;
    if (innNeedsKpp(a.inn) && a.kpp === undefined)
      ctx.addIssue({ code: 'custom', path: ['kpp'], message: 'is required for an organisation (10-digit INN)' });
    if (!innNeedsKpp(a.inn) && a.kpp !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['kpp'], message: 'must be left out for an individual entrepreneur (12-digit INN)' });
    }
  })
  .meta({
    id: 'ApplicationRequest',
    description:
      'A7: an organisation not yet under contract applies to join. Send JSON, or multipart/form-data with the same fields and ' +
      'the signed documents (PDF) as the file fields `applicationForm` and `signedContract`; missing ones follow later.',
    example: {
      legalName: 'ООО «Ромашка Тур»',
      inn: '7707083893',
      kpp: '770701001',
      address: '101000, Москва, ул. Мясницкая, д. 1',
      contactName: 'Ольга Иванова',
      contactEmail: 'olga@romashka-tour.example',
      contractPath: 'agent',
    },
  });
export type ApplicationRequest = z.infer<typeof ApplicationRequest>;

export const ApplicationRejection = z
  .strictObject({ reason: text(1000, { multiline: true }).meta({ description: 'Mailed to the contact person' }) })
  .meta({ id: 'ApplicationRejection' });

/** The two signed documents, by their upload field names. */
export const APPLICATION_DOCUMENT_FIELDS: Record<string, ApplicationDocumentKind> = {
  applicationForm: 'application_form',
  signedContract: 'signed_contract',
};

/** What a client sees of an application (the documents themselves are for the manager). */
export const ApplicationPublic = z
  .object({
    id: z.uuid(),
    number: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    legalName: z.string(),
    inn: z.string(),
    kpp: z.string().nullable(),
    contractPath: z.enum(['agent', 'subagent']),
    documentsDueAt: z.iso.datetime(),
    documents: z.object({ applicationForm: z.boolean(), signedContract: z.boolean() }),
    contractNumber: z.string().nullable().meta({ description: 'The registry contract, once approved' }),
    decisionReason: z.string().nullable().meta({ description: 'Why it was rejected' }),
    endReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'CorporateApplication' });

export const publicApplication = (a: ApplicationRow): z.infer<typeof ApplicationPublic> => ({
  id: a.id,
  number: a.number,
  status: a.status,
  legalName: a.legal_name,
  inn: a.inn,
  kpp: a.kpp,
  contractPath: a.contract_path,
  documentsDueAt: a.documents_due_at.toISOString(),
  documents: { applicationForm: a.application_form_document_id !== null, signedContract: a.signed_contract_document_id !== null },
  contractNumber: a.contract_number,
  decisionReason: a.decision_reason,
  endReason: a.end_reason,
  createdAt: a.created_at.toISOString(),
});

/** The application with its documents; null for an id that names none. */
export async function applicationWithDocuments(pool: Pool, id: string) {
  const row = await applicationRow(pool, id);
  if (!row) return null;
  const ids = [row.application_form_document_id, row.signed_contract_document_id].filter((d): d is string => d !== null);
  return { ...row, documents: ids.length ? await documentsByIds(pool, ids) : [] };
}

/** The application; 404 for an id that names none, or names another API client's (`client`: see api/auth.ts `owningClient`). */
export async function requireApplication(pool: Pool, id: string, client?: string) {
  const application = await applicationWithDocuments(pool, id);
  if (!application || !visibleTo(application, client))
    throw new AppError(404, 'application_not_found', 'No application with this id', 'id');
  return application;
}

type Upload = { field: string; filename: string; content: Buffer };

/** The uploaded signed documents, each a PDF (by its content): the kind of each, or a refusal naming the field. */
function signedDocuments(files: Upload[]) {
  return files.map((f) => {
    const kind = APPLICATION_DOCUMENT_FIELDS[f.field];
    if (detectDocumentType(f.content) !== 'application/pdf')
      throw new AppError(415, 'unsupported_file_type', `${f.field}: upload the signed document as a PDF`, f.field);
    return { ...f, kind, contentType: 'application/pdf' };
  });
}

/**
 * A7: an organisation not yet under contract applies; one open application per organisation (INN).
 * The application, the documents that came with it and its audit entry are written, and its workflow
 * started, in one transaction: a refusal leaves nothing.
 */
export async function openApplication({ pool, temporal, config }: ApiDeps, form: ApplicationRequest, files: Upload[], actor: ActorRef) {
  const documents = signedDocuments(files);
  if (await hasActiveContract(pool, form.inn)) {
    throw new AppError(
      409,
      'already_under_contract',
      'This organisation already has an active contract: its employees may register (R4)',
      'inn',
    );
  }
  const terms = await termsAt(pool, config.program);
  const id = randomUUID();
  await inTransaction(pool, async (tx) => {
    const stored: Partial<Record<ApplicationDocumentKind, string>> = {};
    for (const d of documents) {
      stored[d.kind] = await storeDocument(tx, {
        kind: d.kind,
        filename: d.filename,
        contentType: d.contentType,
        content: d.content,
        uploadedBy: actor,
      });
    }
    const input: ApplicationInput = {
      applicationId: id,
      documentsTimeoutMs: terms.applicationDocumentsTimeoutMs,
      reminderAfterMs: Math.min(terms.applicationReminderMs, terms.applicationDocumentsTimeoutMs),
      documents: Object.keys(stored) as ApplicationDocumentKind[],
    };
    const inserted = await insertApplication(tx, {
      id,
      legalName: form.legalName,
      inn: form.inn,
      kpp: form.kpp ?? null,
      address: form.address,
      contactName: form.contactName,
      contactEmail: form.contactEmail,
      contractPath: form.contractPath,
      workflowId: applicationWorkflowId(id),
      documentsTimeoutMs: input.documentsTimeoutMs,
      documents: stored,
      createdBy: actor,
    });
    if (!inserted) throw new AppError(409, 'application_already_open', 'This organisation has an application open already', 'inn');
    await writeAudit(
      tx,
      actor,
      'application.open',
      { type: 'application', id },
      { inn: form.inn, legalName: form.legalName, documents: input.documents },
    );
    await temporalCall(() =>
      temporal.workflow.start<typeof applicationWorkflow>('applicationWorkflow', {
        workflowId: applicationWorkflowId(id),
        taskQueue: config.taskQueue,
        args: [input],
      }),
    );
  });
  return requireApplication(pool, id);
}

/** Stores each uploaded signed document (PDF) and hands it to the application's workflow; a later upload of a kind replaces it. */
export async function attachApplicationDocuments(
  { pool, temporal, config }: ApiDeps,
  applicationId: string,
  files: Upload[],
  by: ActorRef,
) {
  const application = await requireApplication(pool, applicationId, owningClient(by));
  const notWaiting = new AppError(409, 'application_not_awaiting_documents', `The application is ${application.status}`, 'id');
  if (application.status !== 'awaiting_documents') throw notWaiting;
  if (files.length === 0)
    throw new AppError(
      400,
      'validation_failed',
      'applicationForm: upload the signed application form and/or the signed contract',
      'applicationForm',
    );
  for (const d of signedDocuments(files)) {
    const documentId = await storeDocument(pool, {
      kind: d.kind,
      filename: d.filename,
      contentType: d.contentType,
      content: d.content,
      uploadedBy: by,
    });
    await askWorkflow(
      workflowWait({ temporal, config }, `/api/applications/${applicationId}`),
      () =>
        temporal.workflow
          .getHandle(application.workflow_id)
          .startUpdate(submitApplicationDocumentUpdate, { args: [{ kind: d.kind, documentId, by }], waitForStage: 'ACCEPTED' }),
      { [ApplicationRefusal.notAwaitingDocuments]: notWaiting },
      notWaiting,
    ).catch(async (err) => {
      if (err instanceof Accepted) throw err; // the workflow has the document and records it
      await discardDocument(pool, documentId); // refused: nothing refers to it
      throw err;
    });
  }
  return requireApplication(pool, applicationId);
}

/**
 * A manager's decision, which the application's workflow takes or refuses (once). An approval writes
 * the agency into the contract registry; the answer is the decided application.
 */
export async function decideApplication(
  { pool, temporal, config }: ApiDeps,
  applicationId: string,
  decision: { decision: 'approve'; reason: null } | { decision: 'reject'; reason: string },
  staff: StaffRef,
) {
  const application = await requireApplication(pool, applicationId);
  const notOpen = new AppError(409, 'application_not_awaiting_review', `The application is ${application.status}`, 'id');
  if (application.status !== 'awaiting_review') throw notOpen;
  await askWorkflow(
    workflowWait({ temporal, config }, `/admin/api/applications/${applicationId}`),
    () =>
      temporal.workflow
        .getHandle(application.workflow_id)
        .startUpdate(decideApplicationUpdate, { args: [{ ...decision, staff }], waitForStage: 'ACCEPTED' }),
    { [ApplicationRefusal.notAwaitingReview]: notOpen },
    notOpen,
  );
  return requireApplication(pool, applicationId);
}
