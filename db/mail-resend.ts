/**
 * What a staff "resend" reads: the recorded mail it starts from, and whether the link in an
 * email-change confirmation can still be used (R21).
 */
import type { Db } from './pool.js';

export interface ResendableMail {
  id: string;
  idempotency_key: string;
  kind: string;
  participant_id: string | null;
  to_address: string;
  subject: string;
  body_text: string;
}

export async function mailToResend(db: Db, id: string): Promise<ResendableMail | null> {
  const { rows } = await db.query<ResendableMail>(
    'SELECT id, idempotency_key, kind, participant_id, to_address, subject, body_text FROM sent_mail WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

export async function mailByKey(db: Db, key: string): Promise<ResendableMail | null> {
  const { rows } = await db.query<ResendableMail>(
    'SELECT id, idempotency_key, kind, participant_id, to_address, subject, body_text FROM sent_mail WHERE idempotency_key = $1',
    [key],
  );
  return rows[0] ?? null;
}

/** The email-change request's state for a resend of its confirmation link: waiting for it, and not past its deadline. */
export async function emailChangeLinkState(
  db: Db,
  requestId: string,
): Promise<{ participant_id: string; status: string; live: boolean } | null> {
  const { rows } = await db.query<{ participant_id: string; status: string; live: boolean }>(
    `SELECT participant_id, status, coalesce(confirm_due_at > now(), false) AS live FROM email_change_requests WHERE id = $1`,
    [requestId],
  );
  return rows[0] ?? null;
}
