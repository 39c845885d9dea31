/**
 * A6: the signed-in participant's phone, a third login next to the member number and the email, and
 * where sign-in codes go when the program has an SMS relay. Set or removed from the account; one live
 * participant per phone (409 naming `phone`). The participant hears of every change at the registered
 * email (so a session in the wrong hands cannot quietly redirect the codes), and it is audited.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { deliverMail, recordMail } from '../activities/mail.js';
import { phoneChangedLetter } from '../activities/templates.js';
import { writeAudit, type Actor } from '../db/audit.js';
import { lockParticipant, participantById, phoneHeld, setPhone } from '../db/participants.js';
import { inTransaction } from '../db/pool.js';
import type { ApiDeps } from './deps.js';
import { componentLogger } from '../infra/logger.js';
import { AppError } from './errors.js';
import { phone } from './text.js';

export const PhoneRequest = z.strictObject({ phone: phone() }).meta({
  id: 'PhoneRequest',
  description: 'A6: the phone number to sign in with and to get sign-in codes on (E.164).',
  example: { phone: '+79123456789' },
});

const phoneTaken = () => new AppError(409, 'phone_taken', 'phone: another participant already uses this phone number', 'phone');

/** Sets (or, with null, removes) the participant's phone; answers the phone now held. */
export async function changePhone(
  deps: ApiDeps,
  c: { participantId: string; phone: string | null; actor: Actor },
): Promise<{ phone: string | null }> {
  const { pool, mailer } = deps;
  const mailKey = `phone-changed:${c.participantId}:${randomUUID()}`;
  const changed = await inTransaction(pool, async (tx) => {
    // The participant's row lock: two changes of one account are judged one after the other.
    const locked = await lockParticipant(tx, c.participantId);
    if (!locked || locked.status !== 'active') throw new AppError(409, 'participant_not_active', 'The account is not active', 'phone');
    if (c.phone && (await phoneHeld(tx, c.phone, c.participantId))) throw phoneTaken();
    const before = (await participantById(tx, c.participantId))!;
    const updated = await setPhone(tx, c.participantId, c.phone).catch((err: unknown) => {
      // Another account took the number in the same instant: the unique index decides.
      if ((err as { constraint?: string }).constraint === 'participants_live_phone') throw phoneTaken();
      throw err;
    });
    if (!updated) return false;
    await writeAudit(
      tx,
      c.actor,
      'participant.phone_changed',
      { type: 'participant', id: c.participantId },
      { from: before.phone, to: c.phone },
    );
    const letter = phoneChangedLetter(before.first_name, c.phone);
    await recordMail(tx, { key: mailKey, participantId: c.participantId, kind: 'phone_changed', to: before.email, ...letter });
    return true;
  });
  // The notice leaves after the answer; a failure is logged and the mail stays recorded, unsent.
  if (changed) {
    void deliverMail(pool, mailer, mailKey).catch((err: unknown) =>
      componentLogger('api').error({ what: 'phone changed mail', err }, 'delivering a mail failed'),
    );
  }
  return { phone: c.phone };
}
