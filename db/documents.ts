import { randomUUID } from 'node:crypto';
import type { Db } from './pool.js';
import { sha256 } from '../infra/secrets.js';

export interface StoredDocument {
  id: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

/** Who uploaded a document: a staff member (four eyes: they may not approve what it supports) or an API client. */
export interface Uploader {
  type: 'staff' | 'api_client';
  id: string;
  label: string;
}

/** A document as a reviewer sees it, with who uploaded it (null for those stored before it was recorded). */
export interface ReviewedDocument extends StoredDocument {
  uploaded_by_type: Uploader['type'] | null;
  uploaded_by_id: string | null;
  uploaded_by_label: string | null;
}

/**
 * intermediary_letter: R4's confirmation letter; affiliation_proof: R17's documents for an order;
 * new_employer_letter, employment_record: R21's; application_form, signed_contract: A7's.
 */
export type DocumentKind =
  'intermediary_letter' | 'affiliation_proof' | 'new_employer_letter' | 'employment_record' | 'application_form' | 'signed_contract';

export async function storeDocument(
  db: Db,
  doc: { kind: DocumentKind; filename: string; contentType: string; content: Buffer; uploadedBy?: Uploader },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO documents (id, kind, filename, content_type, size_bytes, sha256, content, uploaded_by_type, uploaded_by_id, uploaded_by_label)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      doc.kind,
      doc.filename,
      doc.contentType,
      doc.content.length,
      sha256(doc.content),
      doc.content,
      doc.uploadedBy?.type ?? null,
      doc.uploadedBy?.id ?? null,
      doc.uploadedBy?.label ?? null,
    ],
  );
  return id;
}

/** Removes a document nobody refers to (an upload whose registration or order refused it). */
export async function discardDocument(db: Db, id: string): Promise<void> {
  await db.query(
    `DELETE FROM documents d WHERE d.id = $1 AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.letter_document_id = d.id)
       AND NOT EXISTS (SELECT 1 FROM order_documents o WHERE o.document_id = d.id)
       AND NOT EXISTS (SELECT 1 FROM agency_rebinds r WHERE r.letter_document_id = d.id)
       AND NOT EXISTS (SELECT 1 FROM email_change_requests e WHERE d.id IN (e.letter_document_id, e.employment_document_id))
       AND NOT EXISTS (SELECT 1 FROM corporate_applications c WHERE d.id IN (c.application_form_document_id, c.signed_contract_document_id))`,
    [id],
  );
}

export async function documentsByIds(db: Db, ids: string[]): Promise<ReviewedDocument[]> {
  const { rows } = await db.query<ReviewedDocument>(
    `SELECT id, kind, filename, content_type, size_bytes, uploaded_by_type, uploaded_by_id, uploaded_by_label
       FROM documents WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows;
}

export async function documentContent(db: Db, id: string): Promise<(StoredDocument & { content: Buffer }) | null> {
  const { rows } = await db.query<StoredDocument & { content: Buffer }>(
    'SELECT id, kind, filename, content_type, size_bytes, content FROM documents WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}
