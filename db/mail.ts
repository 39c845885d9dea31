/**
 * Sent mail (`sent_mail`): every message to a participant is recorded under an idempotency key
 * before it leaves, then marked sent. The console reads it here.
 */
import { benchId } from './bench-ids.js';
import type { Db } from './pool.js';
import { Where, filterTerm, filterText, listPage, type ListQuery } from './list-query.js';
import { containsTerm } from './substring-search.js';

export interface MailRecord {
  key: string;
  participantId: string | null;
  kind: string;
  to: string;
  subject: string;
  text: string;
  /** A6: `sms` for a text message to a phone (a sign-in code through the SMS relay); default `email` */
  channel?: 'email' | 'sms';
}

export interface RecordedMail {
  channel: 'email' | 'sms';
  to_address: string;
  subject: string;
  body_text: string;
  message_id: string;
  sent_at: Date | null;
}

/** Records a mail once; `rowCount` is 0 when the key was recorded before. */
export async function recordMail(db: Db, mail: MailRecord): Promise<{ rowCount: number }> {
  const { rowCount } = await db.query(
    `INSERT INTO sent_mail (idempotency_key, participant_id, kind, to_address, subject, body_text, message_id, channel)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      mail.key,
      mail.participantId,
      mail.kind,
      mail.to,
      mail.subject,
      mail.text,
      `<${mail.key.replace(/[^\w.-]/g, '.')}@bonus-program>`,
      mail.channel ?? 'email',
    ],
  );
  return { rowCount: rowCount ?? 0 };
}

export async function recordedMail(db: Db, key: string): Promise<RecordedMail | null> {
  const { rows } = await db.query<RecordedMail>(
    'SELECT channel, to_address, subject, body_text, message_id, sent_at FROM sent_mail WHERE idempotency_key = $1',
    [key],
  );
  return rows[0] ?? null;
}

export async function markMailSent(db: Db, key: string): Promise<void> {
  await db.query('UPDATE sent_mail SET sent_at = now() WHERE idempotency_key = $1 AND sent_at IS NULL', [key]);
}

/** Forgets a recorded mail that never left (its sending failed and what it announced is undone). */
export async function discardMail(db: Db, key: string): Promise<void> {
  await db.query('DELETE FROM sent_mail WHERE idempotency_key = $1', [key]);
}

/** The address as its trigram index has it (migration 1734760000000). */
const MAIL_ADDRESS = { table: 'sent_mail', expression: 'lower(to_address)' };

/** The console's mail list (filters: participant_id, q on the address). */
export async function listMail(db: Db, q: ListQuery) {
  const where = new Where();
  const participantId = filterText(q, 'participant_id');
  if (participantId !== undefined) where.add('participant_id::text = ?', participantId);
  const term = filterTerm(q, 'q');
  if (term) {
    const address = await containsTerm(db, MAIL_ADDRESS, term);
    where.add(address.sql, ...address.values);
  }
  return listPage(db, 'SELECT id, channel, to_address, subject, kind, participant_id, created_at, sent_at FROM sent_mail', where, q);
}

export async function mailById(db: Db, id: string) {
  const { rows } = await db.query(
    'SELECT id, channel, to_address, subject, kind, participant_id, created_at, sent_at, body_text FROM sent_mail WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

/** How many participants whose address matches `emailPattern` (SQL LIKE) have their confirmation mail recorded. */
export async function confirmationMailsRecorded(db: Db, emailPattern: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sent_mail m JOIN participants p ON p.id = m.participant_id
      WHERE m.kind = 'confirmation' AND p.email_normalized LIKE $1`,
    [emailPattern],
  );
  return rows[0].n;
}

/** Whether a mail of this kind to the participant has been sent (not only recorded). */
export async function mailSent(db: Db, participantId: string, kind: string): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM sent_mail WHERE participant_id = $1 AND kind = $2 AND sent_at IS NOT NULL`, [
    participantId,
    kind,
  ]);
  return (rowCount ?? 0) > 0;
}

/** The read benchmark's mail (bench/reads.ts): `perParticipant` mails to each of its participants from..to-1. */
export async function insertBenchMail(db: Db, from: number, to: number, perParticipant: number, agencyEvery: number): Promise<void> {
  await db.query(
    `INSERT INTO sent_mail (idempotency_key, participant_id, kind, to_address, subject, body_text, message_id, created_at, sent_at)
     SELECT 'bench:mail:' || i || ':' || m, ${benchId('participant', 'i')},
            (ARRAY['registration_confirmation', 'welcome', 'expiry_notice', 'order_completed'])[1 + (i + m) % 4],
            'agent' || i || '@agency' || (i / $4::int) || '.example', 'Бонусная программа', 'Здравствуйте!',
            '<bench.' || i || '.' || m || '@bonus-program>', t.at, t.at
       FROM generate_series($1::int, $2::int - 1) i, generate_series(1, $3::int) m,
            LATERAL (SELECT now() - ((i::bigint * 2654435761 + m * 40503) % 63072000) * interval '1 second' AS at) t`,
    [from, to, perParticipant, agencyEvery],
  );
}
