/**
 * R22: a participant's move to another agency (`agency_rebinds`), kept while the participant's
 * workflow verifies the new agency as in R4; applied or rejected once.
 */
import type { Db } from './pool.js';

export interface RebindForm {
  agency_inn: string | null;
  agency_name: string | null;
  contract_path: 'agent' | 'subagent' | 'intermediary';
  contract_number: string | null;
  subagency_legal_name: string | null;
}

/** The new agency's details, verifying. False when the participant has a rebind verifying already. */
export async function insertRebind(
  db: Db,
  r: {
    id: string;
    participantId: string;
    agencyInn: string | null;
    agencyName: string | null;
    contractPath: string;
    contractNumber: string | null;
    subagencyLegalName: string | null;
    letterDocumentId: string | null;
    createdBy: string;
  },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO agency_rebinds (id, participant_id, agency_inn, agency_name, contract_path, contract_number, subagency_legal_name,
                                 letter_document_id, status, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'verifying', $9) ON CONFLICT DO NOTHING`,
    [
      r.id,
      r.participantId,
      r.agencyInn,
      r.agencyName,
      r.contractPath,
      r.contractNumber,
      r.subagencyLegalName,
      r.letterDocumentId,
      r.createdBy,
    ],
  );
  return (rowCount ?? 0) > 0;
}

/** Removes a rebind the workflow refused, unless a review task already refers to it. */
export async function dropUnreviewedRebind(db: Db, id: string): Promise<void> {
  await db.query(`DELETE FROM agency_rebinds WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM review_tasks WHERE rebind_id = $1)`, [id]);
}

export async function rebindForm(db: Db, id: string): Promise<RebindForm | null> {
  const { rows } = await db.query<RebindForm>(
    'SELECT agency_inn, agency_name, contract_path, contract_number, subagency_legal_name FROM agency_rebinds WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

/** Marks a verifying rebind applied and answers it; null when it was applied (or decided) before. */
export async function markRebindApplied(tx: Db, id: string) {
  const { rows } = await tx.query<RebindForm & { participant_id: string; letter_document_id: string | null }>(
    `UPDATE agency_rebinds SET status = 'applied', decided_at = now() WHERE id = $1 AND status = 'verifying' RETURNING *`,
    [id],
  );
  return rows[0] ?? null;
}

export async function markRebindRejected(db: Db, id: string, reason: string): Promise<void> {
  await db.query(`UPDATE agency_rebinds SET status = 'rejected', reason = $2, decided_at = now() WHERE id = $1 AND status = 'verifying'`, [
    id,
    reason,
  ]);
}
