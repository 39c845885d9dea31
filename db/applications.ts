/**
 * A7: organisations' applications to join (`corporate_applications`): the organisation's details,
 * two signed documents, then a manager's decision. Every change is guarded by the application's
 * status, so a repeated call changes nothing twice. The contract an approval brings is
 * db/contracts.ts's; the documents themselves are db/documents.ts's.
 */
import type { Db } from './pool.js';
import type { ApplicationDocumentKind, ApplicationStatus } from '../workflows/messages/application.js';
import { isUuid } from './ids.js';
import { Where, filterTerm, filterText, likeLiteral, listPage, type ListQuery } from './list-query.js';

export interface ApplicationRow {
  id: string;
  number: string;
  legal_name: string;
  inn: string;
  kpp: string | null;
  address: string;
  contact_name: string;
  contact_email: string;
  contract_path: 'agent' | 'subagent';
  status: ApplicationStatus;
  application_form_document_id: string | null;
  signed_contract_document_id: string | null;
  workflow_id: string;
  documents_due_at: Date;
  reminded_at: Date | null;
  contract_number: string | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_by_id: string | null;
  decided_at: Date | null;
  end_reason: string | null;
  client_id: string | null;
  created_by: string;
  created_at: Date;
}

const applicationSelect = `
  SELECT id, number::text AS number, legal_name, inn, kpp, address, contact_name, contact_email, contract_path, status,
         application_form_document_id, signed_contract_document_id, workflow_id, documents_due_at, reminded_at,
         contract_number, decision_reason, decided_by, decided_by_id, decided_at, end_reason, client_id, created_by, created_at
    FROM corporate_applications`;

/** The application as screens show it; null for an id that names none. With `lock`, its row stays locked to the end of the transaction. */
export async function applicationById(db: Db, id: string, lock = false): Promise<ApplicationRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<ApplicationRow>(`${applicationSelect} WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

/** The managers' queue (filters: status; q on the INN, or part of the legal name). */
export async function listApplications(db: Db, q: ListQuery) {
  const where = new Where();
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  const term = filterTerm(q, 'q');
  if (term) where.add('(inn = ? OR lower(legal_name) LIKE ?)', term, likeLiteral(term.toLowerCase()));
  return listPage(db, applicationSelect, where, q);
}

export interface NewApplication {
  id: string;
  legalName: string;
  inn: string;
  kpp: string | null;
  address: string;
  contactName: string;
  contactEmail: string;
  contractPath: 'agent' | 'subagent';
  workflowId: string;
  documentsTimeoutMs: number;
  /** the documents stored with the application, by kind */
  documents: Partial<Record<ApplicationDocumentKind, string>>;
  createdBy: { type: 'staff' | 'api_client'; id: string; label: string };
}

/**
 * Opens the application, awaiting its documents until `documentsTimeoutMs` from now (or awaiting
 * review when both came with it); false when the organisation has an open application already.
 */
export async function insertApplication(tx: Db, a: NewApplication): Promise<boolean> {
  const form = a.documents.application_form ?? null;
  const contract = a.documents.signed_contract ?? null;
  const { rowCount } = await tx.query(
    `INSERT INTO corporate_applications (id, legal_name, inn, kpp, address, contact_name, contact_email, contract_path, status,
                                         application_form_document_id, signed_contract_document_id, workflow_id, documents_due_at,
                                         client_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now() + $13::bigint * interval '1 millisecond', $14, $15)
     ON CONFLICT DO NOTHING`,
    [
      a.id,
      a.legalName,
      a.inn,
      a.kpp,
      a.address,
      a.contactName,
      a.contactEmail,
      a.contractPath,
      form && contract ? 'awaiting_review' : 'awaiting_documents',
      form,
      contract,
      a.workflowId,
      a.documentsTimeoutMs,
      // an API client owns the application it brought: only it follows the application through the client API
      a.createdBy.type === 'api_client' ? a.createdBy.id : null,
      a.createdBy.label,
    ],
  );
  return (rowCount ?? 0) > 0;
}

const column = (kind: ApplicationDocumentKind) =>
  kind === 'application_form' ? 'application_form_document_id' : 'signed_contract_document_id';
const other = (kind: ApplicationDocumentKind) => column(kind === 'application_form' ? 'signed_contract' : 'application_form');

/**
 * The document of `kind` belongs to the application while it awaits documents; with both in, it
 * goes to a manager. False when nothing changed (not awaiting documents, or this very document again).
 */
export async function setApplicationDocument(tx: Db, id: string, kind: ApplicationDocumentKind, documentId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE corporate_applications
        SET ${column(kind)} = $2,
            status = CASE WHEN ${other(kind)} IS NOT NULL THEN 'awaiting_review' ELSE status END
      WHERE id = $1 AND status = 'awaiting_documents' AND ${column(kind)} IS DISTINCT FROM $2`,
    [id, documentId],
  );
  return (rowCount ?? 0) > 0;
}

/** The first reminder's instant is kept. */
export async function markApplicationReminded(db: Db, id: string): Promise<void> {
  await db.query('UPDATE corporate_applications SET reminded_at = coalesce(reminded_at, now()) WHERE id = $1', [id]);
}

/** A manager's approval of an application awaiting review, with the registry's contract; false when it was not awaiting one. */
export async function markApplicationApproved(
  tx: Db,
  id: string,
  d: { contractNumber: string; staff: { id: string; label: string } },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE corporate_applications
        SET status = 'approved', contract_number = $2, decided_by = $3, decided_by_id = $4, decided_at = now()
      WHERE id = $1 AND status = 'awaiting_review'`,
    [id, d.contractNumber, d.staff.label, d.staff.id],
  );
  return (rowCount ?? 0) > 0;
}

/** A manager's rejection, with its reason; false when the application was not awaiting review. */
export async function markApplicationRejected(
  tx: Db,
  id: string,
  d: { reason: string; staff: { id: string; label: string } },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE corporate_applications
        SET status = 'rejected', decision_reason = $2, end_reason = 'rejected', decided_by = $3, decided_by_id = $4, decided_at = now()
      WHERE id = $1 AND status = 'awaiting_review'`,
    [id, d.reason, d.staff.label, d.staff.id],
  );
  return (rowCount ?? 0) > 0;
}

/** An open application ends (expired or cancelled), saying why; a decided one stays as it is. */
export async function endApplication(db: Db, id: string, status: 'expired' | 'cancelled', endReason: string): Promise<void> {
  await db.query(
    `UPDATE corporate_applications SET status = $2, end_reason = $3 WHERE id = $1 AND status IN ('awaiting_documents', 'awaiting_review')`,
    [id, status, endReason],
  );
}
