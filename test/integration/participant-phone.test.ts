/**
 * The phone as a login (A6), through the client API on the real PostgreSQL, Temporal, SMTP catcher and
 * a local SMS relay (infra/sms-catcher.ts, given as SMS_RELAY_URL): an optional E.164 phone at
 * registration and in the account, unique among live participants; sign-in by member number, email
 * or phone; the one-time code by SMS when the relay is configured and the participant has a phone, by
 * email otherwise; every text message recorded in sent_mail (channel `sms`) with the code masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmsCatcher, type SmsCatcher } from '../../infra/sms-catcher.js';
import {
  addContract,
  confirm,
  randomInn,
  startTestSystem,
  uniqueEmail,
  waitForStatus,
  type ApiAnswer,
  type TestSystem,
} from '../support/system.js';

const PASSWORD = 'correct horse battery';
let sms: SmsCatcher;
let sys: TestSystem;
/** The same database and mail, without an SMS relay: codes go by email whatever the phone. */
let noRelay: TestSystem;

beforeAll(async () => {
  sms = await startSmsCatcher();
  [sys, noRelay] = await Promise.all([startTestSystem({ SMS_RELAY_URL: sms.url }), startTestSystem({}, { worker: false })]);
});
afterAll(async () => {
  await noRelay?.close();
  await sys?.close();
  await sms?.stop();
});

/** A phone number no other test uses: +7 9xx, ten random digits after the country code. */
const uniquePhone = () => `+79${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
/** The same number as a person types it: +7 (9xx) xxx-xx-xx. */
const typed = (e164: string) => `${e164.slice(0, 2)} (${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8, 10)}-${e164.slice(10)}`;

async function register(fields: Record<string, unknown>): Promise<ApiAnswer> {
  const inn = randomInn();
  await addContract(sys, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Агентство ${inn}` });
  return sys.call('POST', '/api/registrations', {
    firstName: 'Анна',
    lastName: 'Смирнова',
    email: uniqueEmail('phone'),
    agencyInn: inn,
    contractPath: 'agent',
    ...fields,
  });
}

/** An active participant (registered, confirmed, verified), with `phone` if given. */
async function activeWithPhone(phone?: string): Promise<{ participantId: string; email: string; memberNumber: string }> {
  const res = await register(phone ? { phone: typed(phone) } : {});
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  const email = (await sys.pool.query('SELECT email FROM participants WHERE id = $1', [res.body.participantId])).rows[0].email as string;
  const confirmed = await confirm(sys, email);
  if (confirmed.status !== 200) throw new Error(`confirmation failed: ${confirmed.status}`);
  const row = await waitForStatus(sys, res.body.participantId, 'active');
  return { participantId: res.body.participantId, email, memberNumber: String(row.member_number) };
}

const signInStart = (login: string, on: TestSystem = sys) => on.call('POST', '/api/sign-in', { login, password: PASSWORD });
const verify = (challengeId: string, code: string) => sys.call('POST', '/api/sign-in/verify', { challengeId, code });
const codeIn = (text: string) => /\b(\d{6})\b/.exec(text)?.[1];

describe.concurrent('the phone as a login (A6)', () => {
  it('A6: sign-in by phone with the code sent by SMS through the relay', async () => {
    const phone = uniquePhone();
    const p = await activeWithPhone(phone);
    expect((await sys.pool.query('SELECT phone FROM participants WHERE id = $1', [p.participantId])).rows[0].phone).toBe(phone);

    // The phone as typed, with spaces, brackets and dashes, is the login.
    const started = await signInStart(typed(phone));
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ channel: 'sms', sentTo: `+7••••••••${phone.slice(-2)}` });
    const text = await sms.waitFor((m) => m.to === phone);
    expect(text.key).toBe(`sign-in-code:${started.body.challengeId}`);
    const code = codeIn(text.text)!;
    expect(code).toMatch(/^\d{6}$/);
    // Recorded with the mail, by channel, the code masked: the console cannot sign anyone in.
    const { rows } = await sys.pool.query(
      `SELECT channel, to_address, kind, body_text, sent_at FROM sent_mail WHERE idempotency_key = $1`,
      [`sign-in-code:${started.body.challengeId}`],
    );
    expect(rows).toEqual([expect.objectContaining({ channel: 'sms', to_address: phone, kind: 'sign_in_code', sent_at: expect.any(Date) })]);
    expect(rows[0].body_text).not.toContain(code);
    expect(rows[0].body_text).toContain('••••••');
    // No code went to the mailbox.
    expect(sys.mail.messages.filter((m) => m.to.includes(p.email) && /Код для входа/.test(m.text))).toEqual([]);

    const signedIn = await verify(started.body.challengeId, code);
    expect(signedIn.status).toBe(200);
    const me = await sys.call('GET', '/api/me', undefined, { token: signedIn.body.token });
    expect(me.body).toMatchObject({ participantId: p.participantId, phone, memberNumber: p.memberNumber });

    // The member number and the email still sign in; the code still goes to the phone.
    for (const login of [p.memberNumber, p.email.toUpperCase()]) {
      const again = await signInStart(login);
      expect(again.status).toBe(202);
      expect(again.body.channel).toBe('sms');
      await sms.waitFor((m) => m.key === `sign-in-code:${again.body.challengeId}`);
    }
    // Without a relay, the code goes by email (the program's default), phone or not.
    const byMail = await signInStart(phone, noRelay);
    expect(byMail.status).toBe(202);
    expect(byMail.body).toMatchObject({ channel: 'email', sentTo: expect.stringMatching(/@agency\.example$/) });
    // A phone nobody holds is the same 401 as a wrong password.
    const unknown = await signInStart(uniquePhone());
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('invalid_credentials');
  });

  it('A6: a participant without a phone gets the code by email; the phone is set and removed in the account, with a notice by email', async () => {
    const p = await activeWithPhone();
    const started = await signInStart(p.email);
    expect(started.body).toMatchObject({ channel: 'email', sentTo: expect.stringMatching(/@agency\.example$/) });
    const mail = await sys.mail.waitFor((m) => m.to.includes(p.email) && /Код для входа/.test(m.text));
    const token = (await verify(started.body.challengeId, codeIn(mail.text)!)).body.token as string;

    const phone = uniquePhone();
    const set = await sys.call('PUT', '/api/me/phone', { phone: typed(phone) }, { token });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ phone });
    expect((await sys.call('GET', '/api/me', undefined, { token })).body.phone).toBe(phone);
    await sys.mail.waitFor((m) => m.to.includes(p.email) && m.text.includes(phone));
    const audit = await sys.pool.query(
      `SELECT actor_type, details FROM audit_log WHERE action = 'participant.phone_changed' AND subject_id = $1`,
      [p.participantId],
    );
    expect(audit.rows).toEqual([{ actor_type: 'api_client', details: { from: null, to: phone } }]);
    // Setting the same number again changes nothing and mails nothing.
    expect((await sys.call('PUT', '/api/me/phone', { phone }, { token })).status).toBe(200);
    expect(
      (
        await sys.pool.query(`SELECT count(*)::int AS n FROM sent_mail WHERE participant_id = $1 AND kind = 'phone_changed'`, [
          p.participantId,
        ])
      ).rows[0].n,
    ).toBe(1);

    const byPhone = await signInStart(phone);
    expect(byPhone.body.channel).toBe('sms');
    await sms.waitFor((m) => m.to === phone);

    expect((await sys.call('DELETE', '/api/me/phone', undefined, { token })).status).toBe(204);
    expect((await sys.call('GET', '/api/me', undefined, { token })).body.phone).toBeNull();
    expect((await signInStart(phone)).status).toBe(401);
    expect((await signInStart(p.memberNumber)).body.channel).toBe('email');
    // The account's phone routes need the participant's session.
    expect((await sys.call('PUT', '/api/me/phone', { phone })).status).toBe(401);
  });

  it('A6: an invalid phone is refused naming the field', async () => {
    for (const phone of ['89123456789', '+7 912', '+7912345678901234', '+7 912 ABC-45-67', 79123456789]) {
      const refused = await register({ phone });
      expect(refused.status, String(phone)).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', field: 'phone' });
    }
    // A blank phone is no phone.
    const blank = await register({ phone: '  ' });
    expect(blank.status).toBe(201);
    expect((await sys.pool.query('SELECT phone FROM participants WHERE id = $1', [blank.body.participantId])).rows[0].phone).toBeNull();

    const p = await activeWithPhone();
    const started = await signInStart(p.memberNumber);
    const mail = await sys.mail.waitFor((m) => m.to.includes(p.email) && /Код для входа/.test(m.text));
    const token = (await verify(started.body.challengeId, codeIn(mail.text)!)).body.token as string;
    const refused = await sys.call('PUT', '/api/me/phone', { phone: '8 (912) 345-67-89' }, { token });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('phone');
    expect(refused.body.error.message).toMatch(/must start with \+/);
    expect((await sys.call('PUT', '/api/me/phone', {}, { token })).body.error.field).toBe('phone');
    expect((await sys.call('GET', '/api/me', undefined, { token })).body.phone).toBeNull();
  });

  it('A6: a phone already in use is refused', async () => {
    const phone = uniquePhone();
    const holder = await activeWithPhone(phone);
    // At registration: 409 naming the field, nothing stored.
    const email = uniqueEmail('phone');
    const taken = await register({ email, phone: typed(phone) });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'phone_taken', field: 'phone' });
    expect((await sys.pool.query('SELECT count(*)::int AS n FROM participants WHERE email = $1', [email])).rows[0].n).toBe(0);

    // In the account: the same.
    const other = await activeWithPhone();
    const started = await signInStart(other.email);
    const mail = await sys.mail.waitFor((m) => m.to.includes(other.email) && /Код для входа/.test(m.text));
    const token = (await verify(started.body.challengeId, codeIn(mail.text)!)).body.token as string;
    const refused = await sys.call('PUT', '/api/me/phone', { phone }, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'phone_taken', field: 'phone' });
    const rows = await sys.pool.query('SELECT id, phone FROM participants WHERE id = ANY($1::uuid[]) ORDER BY id', [
      [holder.participantId, other.participantId],
    ]);
    expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.phone]))).toEqual({
      [holder.participantId]: phone,
      [other.participantId]: null,
    });
    // The database's own index holds the line too (R1's rule for emails, applied to phones).
    await expect(sys.pool.query('UPDATE participants SET phone = $1 WHERE id = $2', [phone, other.participantId])).rejects.toMatchObject({
      constraint: 'participants_live_phone',
    });
  });
});
