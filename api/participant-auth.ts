/**
 * Participants' sign-in and password reset, as use cases the client API's routes call (A6, R14, R25):
 *
 *  - sign-in is two steps: the member number, email or phone with the password, then the six-digit
 *    code sent to the participant (by email; by SMS when SMS_RELAY_URL is set and the participant has
 *    a phone); the code opens a session (at most MAX_PARTICIPANT_SESSIONS live ones,
 *    the oldest revoked first, R14), and a device never seen before is mailed to the participant;
 *  - a forgotten password gets a one-time link that expires; asking for one answers the same,
 *    as fast, whether or not the email is registered;
 *  - wrong passwords, codes and link tokens are counted per account and per end-user address in
 *    PostgreSQL (db/participant-auth.ts `takeHits`), so every API process sees the same counts:
 *    over the limit the answer is 429 with Retry-After.
 *
 * Mail that carries a secret (a code, a reset link) is recorded in sent_mail with the secret masked, so
 * the console's mail view cannot sign anyone in; the letter itself goes out with it.
 */
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { deliverMail, recordMail, type MailRecord } from '../activities/mail.js';
import {
  newDeviceLetter,
  passwordChangedLetter,
  passwordResetLetter,
  signInCodeLetter,
  signInCodeSms,
  type Letter,
} from '../activities/templates.js';
import {
  activeParticipantByLogin,
  challengeOwner,
  checkCode,
  clearBucket,
  createChallenge,
  createPasswordReset,
  discardChallenge,
  giveBack,
  openSession,
  pendingChallenges,
  rememberDevice,
  sessionByToken,
  takeHits,
  usePasswordReset,
  type Device,
  type ParticipantSession,
} from '../db/participant-auth.js';
import { discardMail, markMailSent, recordedMail } from '../db/mail.js';
import { participantById } from '../db/participants.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { createSmsRelay } from '../infra/sms.js';
import { hashPassword, sha256 } from '../infra/secrets.js';
import { normalizeEmail } from '../rules/email.js';
import { maskPhone } from '../rules/phone.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { email, secret, text } from './text.js';
import { componentLogger } from '../infra/logger.js';
import { checkPassword } from './password-check.js';
import { failuresFrom, limit, RateLimited, seconds } from './rate-limit.js';

declare module 'express-serve-static-core' {
  interface Request {
    participantSession?: ParticipantSession;
  }
}

// ---- request shapes --------------------------------------------------------------------------

const deviceId = text(200).meta({
  description:
    "R14: a stable id of the participant's device (e.g. a cookie the shop keeps); the header X-Device-Id does the same. Without it the User-Agent names the device.",
});

export const SignInRequest = z
  .strictObject({
    login: text(254).meta({ description: 'The member number, the email or the phone (`+` and the country code) (A6)' }),
    password: secret(200),
    deviceId: deviceId.optional(),
  })
  .meta({
    id: 'SignInRequest',
    description: 'A6, step one: the member number, email or phone, and the password.',
    example: { login: '100001', password: 'correct horse battery', deviceId: 'shop-cookie-3f9a' },
  });

export const SignInVerifyRequest = z
  .strictObject({
    challengeId: z.uuid('must be the challengeId of POST /api/sign-in'),
    code: z
      .string('is required')
      .trim()
      .regex(/^\d{6}$/, 'must be the six-digit code from the mail'),
  })
  .meta({ id: 'SignInVerifyRequest', description: 'A6, step two: the one-time code mailed to the participant.' });

export const PasswordResetRequest = z
  .strictObject({
    email: email(),
  })
  .meta({ id: 'PasswordResetRequest', description: 'R25: mail a one-time reset link to this address if a participant holds it.' });

export const PasswordResetConfirmRequest = z
  .strictObject({
    token: secret(200),
    password: secret(200, 10),
  })
  .meta({ id: 'PasswordResetConfirmRequest', description: 'R25: the token from the emailed link and the new password.' });

// ---- who is asking ---------------------------------------------------------------------------

const ADDRESS = /^[0-9A-Fa-f:.]{2,45}$/;

/**
 * The end user's address for the rate limits. A client that calls from its own server on behalf of
 * its users (the shop site) names the user's address in X-Client-IP; it is believed only with a valid API key.
 */
export function endUserAddress(req: Request): string {
  const named = req.apiClient ? req.get('x-client-ip')?.trim() : undefined;
  return named && ADDRESS.test(named) ? named : (req.ip ?? 'unknown');
}

/** R14: the device a request comes from: the client's device id if it sends one, else its User-Agent. */
export function deviceOf(req: Request, bodyDeviceId?: string): Device {
  const id = bodyDeviceId ?? req.get('x-device-id')?.trim().slice(0, 200);
  const userAgent = req.get('user-agent')?.slice(0, 300) || null;
  return { hash: sha256(id ? `id:${id}` : `ua:${userAgent ?? ''}`), userAgent, ip: endUserAddress(req) };
}

// ---- rate limits (api/rate-limit.ts, shared with the staff sign-in) -------------------------

export { RateLimited };

const accountBucket = (participantId: string) => `sign-in:account:${participantId}`;

// ---- mail ------------------------------------------------------------------------------------

const log = (what: string, err: unknown) => componentLogger('api').error({ what, err }, `${what} failed`);

/** Mail sent after the answer: a failure is logged; the mail stays recorded (unsent) in sent_mail. */
const inBackground = (what: string, work: Promise<unknown>) => void work.catch((err) => log(what, err));

const mailRecord = (key: string, participantId: string, kind: string, to: string, letter: Letter): MailRecord => ({
  key,
  participantId,
  kind,
  to,
  subject: letter.subject,
  text: letter.text,
});

/**
 * Sends a letter recorded (masked) under `key` with its real text, then marks the record sent: by
 * email, or (A6) as a text message through the SMS relay when it was recorded for the `sms` channel.
 */
async function sendSecretLetter(deps: ApiDeps, key: string, letter: Letter): Promise<void> {
  const mail = await recordedMail(deps.pool, key);
  if (!mail) throw new Error(`No recorded mail ${key}`);
  if (mail.channel === 'sms') {
    if (!deps.config.smsRelayUrl) throw new Error(`No SMS relay for the recorded text message ${key}`);
    await createSmsRelay(deps.config.smsRelayUrl).send({ to: mail.to_address, text: letter.text, key });
  } else {
    await deps.mailer.send({ to: mail.to_address, subject: letter.subject, text: letter.text, messageId: mail.message_id });
  }
  await markMailSent(deps.pool, key);
}

const maskedEmail = (email: string) => email.replace(/^(.)[^@]*(@.*)$/, '$1***$2');

// ---- sign-in (A6) ----------------------------------------------------------------------------

/**
 * Step one: the password. Right: a code is sent (202): by SMS when an SMS relay is configured and the
 * participant has a phone (A6), by email otherwise. Wrong, or no such participant: the same 401.
 */
export async function startSignIn(
  deps: ApiDeps,
  s: { login: string; password: string; device: Device; apiClientId: string },
): Promise<{ challengeId: string; expiresAt: string; sentTo: string; channel: 'email' | 'sms' }> {
  const { pool, config } = deps;
  const participant = await activeParticipantByLogin(pool, s.login);
  const keys = await limit(
    pool,
    [
      {
        key: participant ? accountBucket(participant.id) : `sign-in:login:${s.login.trim().toLowerCase()}`,
        limit: config.authFailureLimit,
      },
      { key: failuresFrom(s.device.ip ?? 'unknown'), limit: config.authIpLimit },
    ],
    config.authWindowMs,
  );
  // An unknown login takes as long as a wrong password, without hashing anything (api/password-check.ts).
  const ok = await checkPassword(participant?.password_hash, s.password);
  if (!participant || !ok) throw new AppError(401, 'invalid_credentials', 'Wrong member number, email, phone or password', 'password');
  await giveBack(pool, keys);

  // One password must not be able to flood the participant's mailbox with codes.
  const pending = await pendingChallenges(pool, participant.id, config.authWindowMs);
  if (pending.count >= config.authFailureLimit) {
    throw new RateLimited(
      seconds(pending.retryAfterMs),
      'too_many_codes',
      'Too many sign-in codes were requested; use the last one or try again later',
    );
  }

  // A6: the code goes by SMS when the program has a relay and the participant a phone; by email otherwise.
  const sms = config.smsRelayUrl && participant.phone ? participant.phone : null;
  const codeLetter = (code: string, expiresAt: Date) =>
    sms ? signInCodeSms(code, expiresAt) : signInCodeLetter(participant.first_name, code, expiresAt);
  const mailKey = (id: string) => `sign-in-code:${id}`;
  const challenge = await inTransaction(pool, async (tx) => {
    const c = await createChallenge(tx, {
      participantId: participant.id,
      apiClientId: s.apiClientId,
      device: s.device,
      ttlMs: config.signInCodeTtlMs,
      maxAttempts: config.signInCodeAttempts,
      secret: config.tokenSecret,
    });
    const masked = codeLetter('••••••', c.expiresAt);
    await recordMail(tx, {
      ...mailRecord(mailKey(c.id), participant.id, 'sign_in_code', sms ?? participant.email, masked),
      channel: sms ? 'sms' : 'email',
    });
    return c;
  });
  try {
    await sendSecretLetter(deps, mailKey(challenge.id), codeLetter(challenge.code, challenge.expiresAt));
  } catch (err) {
    // No code reached the participant: leave nothing behind that looks like it did.
    log(sms ? 'sign-in code SMS' : 'sign-in code mail', err);
    await inTransaction(pool, async (tx) => {
      await discardMail(tx, mailKey(challenge.id));
      await discardChallenge(tx, challenge.id);
    });
    throw sms
      ? new AppError(503, 'sms_unavailable', 'The sign-in code could not be sent by SMS; try again')
      : new AppError(503, 'mail_unavailable', 'The sign-in code could not be mailed; try again');
  }
  return {
    challengeId: challenge.id,
    expiresAt: challenge.expiresAt.toISOString(),
    sentTo: sms ? maskPhone(sms) : maskedEmail(participant.email),
    channel: sms ? 'sms' : 'email',
  };
}

const codeRefusals = {
  not_found: () => new AppError(404, 'challenge_not_found', 'No sign-in is waiting for this code; sign in again', 'challengeId'),
  used: () => new AppError(410, 'code_used', 'This code has already been used; sign in again', 'code'),
  expired: () => new AppError(410, 'code_expired', 'This code has expired; sign in again', 'code'),
  exhausted: () => new AppError(410, 'code_attempts_exhausted', 'Too many wrong codes; sign in again for a new one', 'code'),
};

/** Step two: the mailed code opens a session (R14: the oldest beyond the limit are revoked). */
export async function finishSignIn(
  deps: ApiDeps,
  s: { challengeId: string; code: string; apiClientId: string; address: string },
): Promise<{ token: string; expiresAt: string; sessionId: string; newDevice: boolean; revokedSessionIds: string[] }> {
  const { pool, config } = deps;
  const owner = await challengeOwner(pool, s.challengeId);
  const address = failuresFrom(s.address);
  await limit(
    pool,
    [...(owner ? [{ key: accountBucket(owner), limit: config.authFailureLimit }] : []), { key: address, limit: config.authIpLimit }],
    config.authWindowMs,
  );

  const outcome = await inTransaction(pool, async (tx) => {
    const check = await checkCode(tx, { challengeId: s.challengeId, apiClientId: s.apiClientId, code: s.code, secret: config.tokenSecret });
    if (check.result !== 'ok') return { opened: false, check } as const;
    const session = await openSession(tx, {
      participantId: check.participantId,
      apiClientId: s.apiClientId,
      device: check.device,
      ttlMs: config.participantSessionTtlMs,
      maxSessions: config.maxParticipantSessions,
    });
    const newDevice = await rememberDevice(tx, check.participantId, check.device);
    let mailKey: string | null = null;
    if (newDevice) {
      const p = (await participantById(tx, check.participantId))!;
      const device = [check.device.userAgent ?? 'неизвестное устройство', check.device.ip && `адрес ${check.device.ip}`]
        .filter(Boolean)
        .join(', ');
      mailKey = `new-device:${session.id}`;
      await recordMail(
        tx,
        mailRecord(mailKey, check.participantId, 'new_device', p.email, newDeviceLetter(p.first_name, device, new Date())),
      );
    }
    return { opened: true, check, session, newDevice, mailKey } as const;
  });

  if (!outcome.opened) {
    const { check } = outcome;
    if (check.result === 'wrong') throw new AppError(401, 'code_invalid', 'Wrong code', 'code', { attemptsLeft: check.attemptsLeft });
    throw codeRefusals[check.result]();
  }
  // The account proved itself: its failures are forgotten.
  await clearBucket(pool, accountBucket(outcome.check.participantId));
  await giveBack(pool, [address]);
  if (outcome.mailKey) inBackground('new device mail', deliverMail(pool, deps.mailer, outcome.mailKey));
  const { session } = outcome;
  return {
    token: session.token,
    expiresAt: session.expiresAt.toISOString(),
    sessionId: session.id,
    newDevice: outcome.newDevice,
    revokedSessionIds: session.revokedSessionIds,
  };
}

/** `Authorization: Bearer <participant session token>`, after the client's API key. */
export const requireParticipant =
  (pool: Pool): RequestHandler =>
  async (req, _res, next) => {
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token) return next(new AppError(401, 'not_signed_in', 'Sign the participant in first (POST /api/sign-in)', 'Authorization'));
    const session = await sessionByToken(pool, token, req.apiClient!.id);
    if (!session)
      return next(new AppError(401, 'session_expired', 'The session has expired or was revoked; sign in again', 'Authorization'));
    req.participantSession = session;
    next();
  };

// ---- forgotten password (R25) ----------------------------------------------------------------

/**
 * Mails a reset link if an active participant holds the email. The caller learns nothing either way:
 * the same 202, and the mail leaves after the answer so the answer takes as long. Per address, at most
 * AUTH_FAILURE_LIMIT links a window (more get the same 202 and no mail); per end user, AUTH_IP_LIMIT requests (then 429).
 */
export async function requestPasswordReset(deps: ApiDeps, r: { email: string; address: string }): Promise<void> {
  const { pool, config } = deps;
  const email = normalizeEmail(r.email);
  const fromAddress = `reset-request:ip:${r.address}`;
  const hit = await takeHits(
    pool,
    [
      { key: fromAddress, limit: config.authIpLimit },
      { key: `reset-request:email:${email}`, limit: config.authFailureLimit },
    ],
    config.authWindowMs,
  );
  if (hit.exceeded.includes(fromAddress)) {
    await giveBack(pool, [fromAddress]);
    throw new RateLimited(seconds(hit.retryAfterMs));
  }
  if (hit.exceeded.length > 0) return;
  const participant = await activeParticipantByLogin(pool, email);
  if (!participant) return;
  const link = (token: string) => `${deps.config.publicUrl}/reset-password?token=${token}`;
  const reset = await inTransaction(pool, async (tx) => {
    const created = await createPasswordReset(tx, participant.id, config.passwordResetTtlMs);
    const masked = passwordResetLetter(participant.first_name, link('•••'), created.expiresAt);
    await recordMail(tx, mailRecord(`password-reset:${created.id}`, participant.id, 'password_reset', participant.email, masked));
    return created;
  });
  inBackground(
    'password reset mail',
    sendSecretLetter(deps, `password-reset:${reset.id}`, passwordResetLetter(participant.first_name, link(reset.token), reset.expiresAt)),
  );
}

/** A reset link's token: 32 random bytes in base64url (infra/secrets.ts `randomToken`). */
const RESET_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const resetRefusals = {
  not_found: () => new AppError(404, 'token_invalid', 'This reset link is not valid', 'token'),
  used: () => new AppError(410, 'token_used', 'This reset link has already been used; ask for a new one', 'token'),
  expired: () => new AppError(410, 'token_expired', 'This reset link has expired; ask for a new one', 'token'),
  not_active: () => new AppError(409, 'participant_not_active', 'This account is not active', 'token'),
};

/** The link's token sets a new password once; every session of the participant ends. */
export async function confirmPasswordReset(
  deps: ApiDeps,
  r: { token: string; password: string; address: string },
): Promise<{ sessionsRevoked: number }> {
  const { pool, config } = deps;
  const keys = await limit(pool, [{ key: failuresFrom(r.address), limit: config.authIpLimit }], config.authWindowMs);
  // The token first: a malformed one is refused at once, and only a live link's password is hashed.
  if (!RESET_TOKEN.test(r.token)) throw resetRefusals.not_found();
  const used = await inTransaction(pool, async (tx) => {
    const u = await usePasswordReset(tx, r.token, () => hashPassword(r.password));
    if (u.result === 'ok') {
      await recordMail(
        tx,
        mailRecord(`password-changed:${u.resetId}`, u.participantId, 'password_changed', u.email, passwordChangedLetter(u.firstName)),
      );
    }
    return u;
  });
  if (used.result !== 'ok') throw resetRefusals[used.result]();
  await giveBack(pool, keys);
  await clearBucket(pool, accountBucket(used.participantId));
  inBackground('password changed mail', deliverMail(pool, deps.mailer, `password-changed:${used.resetId}`));
  return { sessionsRevoked: used.sessionsRevoked };
}
