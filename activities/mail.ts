/**
 * Email to participants. Each message is first recorded in sent_mail under an idempotency key
 * (the console reads it there), then delivered over SMTP and marked sent: a retried activity
 * finds the record and, once it is marked, sends nothing again.
 */
import { markMailSent, recordedMail, recordMail, type MailRecord } from '../db/mail.js';
import type { Pool } from '../db/pool.js';
import type { Mailer } from '../infra/mailer.js';

// The record itself is db/mail.ts's; activities and the API's own mail record through here too.
export { recordMail, type MailRecord };

export async function deliverMail(pool: Pool, mailer: Mailer, key: string): Promise<void> {
  const mail = await recordedMail(pool, key);
  if (!mail) throw new Error(`No recorded mail ${key}`);
  if (mail.sent_at) return;
  // A6: a text message (a sign-in code by SMS) goes through the SMS relay, never as an email.
  if (mail.channel !== 'email') throw new Error(`Recorded message ${key} is an ${mail.channel}, not an email`);
  await mailer.send({ to: mail.to_address, subject: mail.subject, text: mail.body_text, messageId: mail.message_id });
  await markMailSent(pool, key);
}
