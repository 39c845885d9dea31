/**
 * Participants' sign-in and password reset, as use cases the client API's routes call (A6, R14, R25):
 *
 *  - sign-in is two steps: the member number or email with the password, then the six-digit code
 *    mailed to the participant; the code opens a session (at most MAX_PARTICIPANT_SESSIONS live ones,
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
  type Letter,
} from '../activities/templates.js';
import {
  activeParticipantByLogin,
  challengeOwner,
  checkCode,
  clearBucket,
  createChallenge,
  createPasswordReset,
  giveBack,
  openSession,
  pendingChallenges,
  rememberDevice,
  sessionByToken,
  takeHits,
  usePasswordReset,
  type Bucket,
  type Device,
  type ParticipantSession,
} from '../db/participant-auth.js';
import { inTransaction, type Pool } from '../infra/db.js';
import { hashPassword, randomToken, sha256, verifyPassword } from '../infra/secrets.js';
import { isValidEmail, normalizeEmail } from '../rules/email.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    participantSession?: ParticipantSession;
  }
}

// ---- request shapes --------------------------------------------------------------------------

const deviceId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .meta({ description: 'R14: a stable id of the participant\'s device (e.g. a cookie the shop keeps); the header X-Device-Id does the same. Without it the User-Agent names the device.' });

export const SignInRequest = z
  .strictObject({
    login: z.string('is required').trim().min(1, 'is required').max(254, 'must be at most 254 characters')
      .meta({ description: 'The member number or the email (A6)' }),
    password: z.string('is required').min(1, 'is required').max(200, 'must be at most 200 characters'),
    deviceId: deviceId.optional(),
  })
  .meta({ id: 'SignInRequest', description: 'A6, step one: the member number or email, and the password.', example: { login: '100001', password: 'correct horse battery', deviceId: 'shop-cookie-3f9a' } });

export const SignInVerifyRequest = z
  .strictObject({
    challengeId: z.uuid('must be the challengeId of POST /api/sign-in'),
    code: z.string('is required').trim().regex(/^\d{6}$/, 'must be the six-digit code from the mail'),
  })
  .meta({ id: 'SignInVerifyRequest', description: 'A6, step two: the one-time code mailed to the participant.' });

export const PasswordResetRequest = z
  .strictObject({
    email: z.string('is required').trim().max(254, 'must be at most 254 characters').refine(isValidEmail, 'must be a valid email address'),
  })
  .meta({ id: 'PasswordResetRequest', description: 'R25: mail a one-time reset link to this address if a participant holds it.' });

export const PasswordResetConfirmRequest = z
  .strictObject({
    token: z.string('is required').min(1, 'is required').max(200),
    password: z.string('is required').min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters'),
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

// ---- rate limits -----------------------------------------------------------------------------

/** 429: the answer carries Retry-After (set by the router from `retryAfterSeconds`). */
export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number, code = 'too_many_attempts', message = 'Too many attempts; try again later') {
    super(429, code, message, undefined, { retryAfterSeconds });
  }
}
const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

const accountBucket = (participantId: string) => `sign-in:account:${participantId}`;
const failuresFrom = (address: string) => `auth:ip:${address}`;

/** Takes a hit from each bucket; over a limit, gives them back (a refused request costs nothing) and refuses. */
async function limit(pool: Pool, buckets: Bucket[], windowMs: number): Promise<string[]> {
  const keys = buckets.map((b) => b.key);
  const hit = await takeHits(pool, buckets, windowMs);
  if (hit.exceeded.length > 0) {
    await giveBack(pool, keys);
    throw new RateLimited(seconds(hit.retryAfterMs));
  }
  return keys;
}

// ---- mail ------------------------------------------------------------------------------------

const log = (what: string, err: unknown) =>
  console.error(JSON.stringify({ level: 'error', what, error: String((err as Error)?.stack ?? err) }));

/** Mail sent after the answer: a failure is logged; the mail stays recorded (unsent) in sent_mail. */
const inBackground = (what: string, work: Promise<unknown>) => void work.catch((err) => log(what, err));

const mailRecord = (key: string, participantId: string, kind: string, to: string, letter: Letter): MailRecord => ({
  key, participantId, kind, to, subject: letter.subject, text: letter.text,
});

/** Sends a letter recorded (masked) under `key` with its real text, then marks the record sent. */
async function sendSecretLetter(deps: ApiDeps, key: string, letter: Letter): Promise<void> {
  const { rows } = await deps.pool.query<{ to_address: string; message_id: string }>(
    'SELECT to_address, message_id FROM sent_mail WHERE idempotency_key = $1', [key],
  );
  const mail = rows[0];
  if (!mail) throw new Error(`No recorded mail ${key}`);
  await deps.mailer.send({ to: mail.to_address, subject: letter.subject, text: letter.text, messageId: mail.message_id });
  await deps.pool.query('UPDATE sent_mail SET sent_at = now() WHERE idempotency_key = $1 AND sent_at IS NULL', [key]);
}

const maskedEmail = (email: string) => email.replace(/^(.)[^@]*(@.*)$/, '$1***$2');

// ---- sign-in (A6) ----------------------------------------------------------------------------

// Unknown logins are checked against a throwaway hash, so they cost as much as wrong passwords.
const dummyHash = hashPassword(randomToken());

/** Step one: the password. Right: a code is mailed (202). Wrong, or no such participant: the same 401. */
export async function startSignIn(
  deps: ApiDeps,
  s: { login: string; password: string; device: Device; apiClientId: string },
): Promise<{ challengeId: string; expiresAt: string; sentTo: string }> {
  const { pool, config } = deps;
  const participant = await activeParticipantByLogin(pool, s.login);
  const keys = await limit(pool, [
    { key: participant ? accountBucket(participant.id) : `sign-in:login:${s.login.trim().toLowerCase()}`, limit: config.authFailureLimit },
    { key: failuresFrom(s.device.ip ?? 'unknown'), limit: config.authIpLimit },
  ], config.authWindowMs);
  const ok = await verifyPassword(participant?.password_hash ?? (await dummyHash), s.password);
  if (!participant || !ok) throw new AppError(401, 'invalid_credentials', 'Wrong member number, email or password', 'password');
  await giveBack(pool, keys);

  // One password must not be able to flood the participant's mailbox with codes.
  const pending = await pendingChallenges(pool, participant.id, config.authWindowMs);
  if (pending.count >= config.authFailureLimit) {
    throw new RateLimited(seconds(pending.retryAfterMs), 'too_many_codes', 'Too many sign-in codes were requested; use the last one or try again later');
  }

  const mailKey = (id: string) => `sign-in-code:${id}`;
  const challenge = await inTransaction(pool, async (tx) => {
    const c = await createChallenge(tx, {
      participantId: participant.id, apiClientId: s.apiClientId, device: s.device,
      ttlMs: config.signInCodeTtlMs, maxAttempts: config.signInCodeAttempts, secret: config.tokenSecret,
    });
    const masked = signInCodeLetter(participant.first_name, '••••••', c.expiresAt);
    await recordMail(tx, mailRecord(mailKey(c.id), participant.id, 'sign_in_code', participant.email, masked));
    return c;
  });
  try {
    await sendSecretLetter(deps, mailKey(challenge.id), signInCodeLetter(participant.first_name, challenge.code, challenge.expiresAt));
  } catch (err) {
    // No code reached the participant: leave nothing behind that looks like it did.
    log('sign-in code mail', err);
    await inTransaction(pool, async (tx) => {
      await tx.query('DELETE FROM sent_mail WHERE idempotency_key = $1', [mailKey(challenge.id)]);
      await tx.query('DELETE FROM sign_in_challenges WHERE id = $1', [challenge.id]);
    });
    throw new AppError(503, 'mail_unavailable', 'The sign-in code could not be mailed; try again');
  }
  return { challengeId: challenge.id, expiresAt: challenge.expiresAt.toISOString(), sentTo: maskedEmail(participant.email) };
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
  await limit(pool, [
    ...(owner ? [{ key: accountBucket(owner), limit: config.authFailureLimit }] : []),
    { key: address, limit: config.authIpLimit },
  ], config.authWindowMs);

  const outcome = await inTransaction(pool, async (tx) => {
    const check = await checkCode(tx, { challengeId: s.challengeId, apiClientId: s.apiClientId, code: s.code, secret: config.tokenSecret });
    if (check.result !== 'ok') return { opened: false, check } as const;
    const session = await openSession(tx, {
      participantId: check.participantId, apiClientId: s.apiClientId, device: check.device,
      ttlMs: config.participantSessionTtlMs, maxSessions: config.maxParticipantSessions,
    });
    const newDevice = await rememberDevice(tx, check.participantId, check.device);
    let mailKey: string | null = null;
    if (newDevice) {
      const { rows: [p] } = await tx.query<{ email: string; first_name: string }>('SELECT email, first_name FROM participants WHERE id = $1', [check.participantId]);
      const device = [check.device.userAgent ?? 'неизвестное устройство', check.device.ip && `адрес ${check.device.ip}`].filter(Boolean).join(', ');
      mailKey = `new-device:${session.id}`;
      await recordMail(tx, mailRecord(mailKey, check.participantId, 'new_device', p.email, newDeviceLetter(p.first_name, device, new Date())));
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
    token: session.token, expiresAt: session.expiresAt.toISOString(), sessionId: session.id,
    newDevice: outcome.newDevice, revokedSessionIds: session.revokedSessionIds,
  };
}

/** `Authorization: Bearer <participant session token>`, after the client's API key. */
export const requireParticipant = (pool: Pool): RequestHandler => async (req, _res, next) => {
  const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
  if (!token) return next(new AppError(401, 'not_signed_in', 'Sign the participant in first (POST /api/sign-in)', 'Authorization'));
  const session = await sessionByToken(pool, token, req.apiClient!.id);
  if (!session) return next(new AppError(401, 'session_expired', 'The session has expired or was revoked; sign in again', 'Authorization'));
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
  const hit = await takeHits(pool, [
    { key: fromAddress, limit: config.authIpLimit },
    { key: `reset-request:email:${email}`, limit: config.authFailureLimit },
  ], config.authWindowMs);
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
  inBackground('password reset mail', sendSecretLetter(deps, `password-reset:${reset.id}`, passwordResetLetter(participant.first_name, link(reset.token), reset.expiresAt)));
}

const resetRefusals = {
  not_found: () => new AppError(404, 'token_invalid', 'This reset link is not valid', 'token'),
  used: () => new AppError(410, 'token_used', 'This reset link has already been used; ask for a new one', 'token'),
  expired: () => new AppError(410, 'token_expired', 'This reset link has expired; ask for a new one', 'token'),
  not_active: () => new AppError(409, 'participant_not_active', 'This account is not active', 'token'),
};

/** The link's token sets a new password once; every session of the participant ends. */
export async function confirmPasswordReset(deps: ApiDeps, r: { token: string; password: string; address: string }): Promise<{ sessionsRevoked: number }> {
  const { pool, config } = deps;
  const keys = await limit(pool, [{ key: failuresFrom(r.address), limit: config.authIpLimit }], config.authWindowMs);
  const passwordHash = await hashPassword(r.password);
  const used = await inTransaction(pool, async (tx) => {
    const u = await usePasswordReset(tx, r.token, passwordHash);
    if (u.result === 'ok') {
      await recordMail(tx, mailRecord(`password-changed:${u.resetId}`, u.participantId, 'password_changed', u.email, passwordChangedLetter(u.firstName)));
    }
    return u;
  });
  if (used.result !== 'ok') throw resetRefusals[used.result]();
  await giveBack(pool, keys);
  await clearBucket(pool, accountBucket(used.participantId));
  inBackground('password changed mail', deliverMail(pool, deps.mailer, `password-changed:${used.resetId}`));
  return { sessionsRevoked: used.sessionsRevoked };
}
