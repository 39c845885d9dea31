import type { Db } from '../infra/db.js';

export interface ParticipantSummary {
  id: string;
  workflow_id: string;
  email: string;
  first_name: string;
  last_name: string;
  status: string;
  member_number: string | null;
  agency_inn: string | null;
  agency_name: string | null;
  contract_path: string;
  contract_number: string | null;
  subagency_legal_name: string | null;
  letter_document_id: string | null;
  balance: number;
  registered_at: Date;
  confirmed_at: Date | null;
  activated_at: Date | null;
  end_reason: string | null;
}

/** The participant as lists and screens show it, with the balance from the ledger. */
export const participantSelect = `
  SELECT p.id, p.workflow_id, p.email, p.first_name, p.last_name, p.status, p.member_number::text AS member_number,
         a.inn AS agency_inn, a.legal_name AS agency_name, p.contract_path, p.contract_number, p.subagency_legal_name,
         p.letter_document_id,
         COALESCE((SELECT sum(remaining) FROM lots l WHERE l.participant_id = p.id AND l.expires_at > now()), 0)::int AS balance,
         p.registered_at, p.confirmed_at, p.activated_at, p.end_reason
    FROM participants p JOIN agencies a ON a.id = p.agency_id`;

export async function participantById(db: Db, id: string): Promise<ParticipantSummary | null> {
  const { rows } = await db.query<ParticipantSummary>(`${participantSelect} WHERE p.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The participant currently holding this email, if any (R1). */
export async function liveParticipantByEmail(db: Db, emailNormalized: string): Promise<ParticipantSummary | null> {
  const { rows } = await db.query<ParticipantSummary>(
    `${participantSelect} WHERE p.email_normalized = $1
       AND p.status IN ('pending_confirmation', 'pending_verification', 'active')`,
    [emailNormalized],
  );
  return rows[0] ?? null;
}
