/**
 * Email to participants. Each message is first recorded in sent_mail under an idempotency key
 * (the console reads it there), then delivered over SMTP and marked sent: a retried activity
 * finds the record and, once it is marked, sends nothing again.
 */
import type { Pool, Db } from '../infra/db.js';
import type { Mailer } from '../infra/mailer.js';

export interface MailRecord {
  key: string;
  participantId: string | null;
  kind: string;
  to: string;
  subject: string;
  text: string;
}

/** Records a mail once; `rowCount` is 0 when the key was recorded before. */
export async function recordMail(db: Db, mail: MailRecord): Promise<{ rowCount: number }> {
  const { rowCount } = await db.query(
    `INSERT INTO sent_mail (idempotency_key, participant_id, kind, to_address, subject, body_text, message_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [mail.key, mail.participantId, mail.kind, mail.to, mail.subject, mail.text, `<${mail.key.replace(/[^\w.-]/g, '.')}@bonus-program>`],
  );
  return { rowCount: rowCount ?? 0 };
}

export async function deliverMail(pool: Pool, mailer: Mailer, key: string): Promise<void> {
  const { rows } = await pool.query<{ to_address: string; subject: string; body_text: string; message_id: string; sent_at: Date | null }>(
    'SELECT to_address, subject, body_text, message_id, sent_at FROM sent_mail WHERE idempotency_key = $1',
    [key],
  );
  const mail = rows[0];
  if (!mail) throw new Error(`No recorded mail ${key}`);
  if (mail.sent_at) return;
  await mailer.send({ to: mail.to_address, subject: mail.subject, text: mail.body_text, messageId: mail.message_id });
  await pool.query('UPDATE sent_mail SET sent_at = now() WHERE idempotency_key = $1 AND sent_at IS NULL', [key]);
}
