/**
 * Staff sign-in and the second factor, as use cases the staff API's routes call:
 *
 *  - sign-in takes the email and password; an account with a second factor answers a challenge,
 *    and a code from the authenticator app (TOTP, RFC 6238) opens the session;
 *  - the limits are the participants' (api/rate-limit.ts): AUTH_FAILURE_LIMIT per account and
 *    AUTH_IP_LIMIT per address within AUTH_WINDOW_MS, then 429 with Retry-After; only after them,
 *    and only for an active account, is a password hashed (api/password-check.ts);
 *  - a staff member enrols an authenticator (the secret is shown once, a code confirms it); an admin
 *    can remove another's (a lost phone), and require a second factor of every admin.
 */
import { z } from 'zod';
import { writeAudit, type Actor } from '../db/audit.js';
import { clearBucket, giveBack } from '../db/participant-auth.js';
import {
  acceptTotp,
  activeStaffByEmail,
  checkStaffChallenge,
  completeTotpEnrolment,
  createStaffChallenge,
  openStaffSession,
  staffBySessionToken,
  staffChallengeOwner,
  startTotpEnrolment,
  type StaffSessionUser,
  type TotpCheck,
} from '../db/staff.js';
import { inTransaction, type Db } from '../db/pool.js';
import { newTotpSecret, base32Encode, otpauthUri, sealTotpSecret } from '../infra/totp.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { checkPassword } from './password-check.js';
import { failuresFrom, limit } from './rate-limit.js';
import { secret, text } from './text.js';

export const StaffLoginRequest = z.strictObject({ email: text(254), password: secret(200) });

const totpCode = z
  .string('is required')
  .trim()
  .regex(/^\d{6}$/, 'must be the six-digit code from the authenticator app');

export const StaffLoginVerifyRequest = z.strictObject({
  challengeId: z.uuid('must be the challengeId of POST /admin/api/auth/login'),
  code: totpCode,
});

/** Starting an enrolment while a factor is active needs a code from the current one. */
export const SecondFactorStartRequest = z.strictObject({ code: totpCode.optional() });
export const SecondFactorConfirmRequest = z.strictObject({ code: totpCode });

/** The authenticator app shows the account under this issuer. */
const ISSUER = 'Bonus program';

const accountBucket = (staffId: string) => `staff-sign-in:account:${staffId}`;
const staffLabel = (s: { id: string; email: string }): Actor => ({ type: 'staff', id: s.id, label: s.email });

/** A session just opened, as the staff member's requests will see it. */
export interface OpenedSession {
  token: string;
  user: StaffSessionUser;
}

async function openSession(deps: ApiDeps, staff: { id: string; email: string }, secondFactor: boolean): Promise<OpenedSession> {
  const { pool, config } = deps;
  const session = await inTransaction(pool, async (tx) => {
    const opened = await openStaffSession(tx, staff.id, config.staffSessionTtlMs);
    await writeAudit(tx, staffLabel(staff), 'staff.sign_in', { type: 'staff', id: staff.id }, { secondFactor });
    return opened;
  });
  return { token: session.token, user: (await staffBySessionToken(pool, session.token, config.staffAdminTotpRequired))! };
}

export type SignInStep = { kind: 'session'; session: OpenedSession } | { kind: 'second_factor'; challengeId: string; expiresAt: Date };

/** Step one: the password. Wrong, unknown or disabled: the same 401, as slowly. */
export async function startStaffSignIn(deps: ApiDeps, s: { email: string; password: string; address: string }): Promise<SignInStep> {
  const { pool, config } = deps;
  // The cheap checks first: the account (one indexed row) and the limits.
  const staff = await activeStaffByEmail(pool, s.email);
  const keys = await limit(
    pool,
    [
      // An unknown email has a bucket of its own, so the limit answers the same whether the account exists.
      { key: staff ? accountBucket(staff.id) : `staff-sign-in:login:${s.email.trim().toLowerCase()}`, limit: config.authFailureLimit },
      { key: failuresFrom(s.address), limit: config.authIpLimit },
    ],
    config.authWindowMs,
  );
  const ok = await checkPassword(staff?.password_hash, s.password);
  if (!staff || !ok) throw new AppError(401, 'wrong_credentials', 'Wrong email or password', 'password');
  await giveBack(pool, keys);
  if (!staff.second_factor) return { kind: 'session', session: await openSession(deps, staff, false) };
  const challenge = await createStaffChallenge(pool, {
    staffId: staff.id,
    ttlMs: config.signInCodeTtlMs,
    maxAttempts: config.signInCodeAttempts,
  });
  return { kind: 'second_factor', challengeId: challenge.id, expiresAt: challenge.expiresAt };
}

const challengeRefusals = {
  not_found: () => new AppError(404, 'challenge_not_found', 'No sign-in is waiting for this code; sign in again', 'challengeId'),
  used: () => new AppError(410, 'code_used', 'This sign-in has been completed already; sign in again', 'challengeId'),
  expired: () => new AppError(410, 'code_expired', 'This sign-in has expired; sign in again', 'challengeId'),
  exhausted: () => new AppError(410, 'code_attempts_exhausted', 'Too many wrong codes; sign in again', 'code'),
};

const codeRefusal = (check: TotpCheck, attemptsLeft?: number) =>
  check.result === 'replayed'
    ? new AppError(401, 'code_used', 'This code has been used already; wait for the next one', 'code', { attemptsLeft })
    : new AppError(401, 'code_invalid', 'Wrong code', 'code', { attemptsLeft });

/** Step two: the authenticator's code. Counted against the same limits as the password. */
export async function finishStaffSignIn(deps: ApiDeps, s: { challengeId: string; code: string; address: string }): Promise<OpenedSession> {
  const { pool, config } = deps;
  const owner = await staffChallengeOwner(pool, s.challengeId);
  const address = failuresFrom(s.address);
  await limit(
    pool,
    [...(owner ? [{ key: accountBucket(owner), limit: config.authFailureLimit }] : []), { key: address, limit: config.authIpLimit }],
    config.authWindowMs,
  );
  // A wrong code spends one of the challenge's attempts: that has to be written, so no throwing inside.
  const check = await inTransaction(pool, (tx) =>
    checkStaffChallenge(tx, { challengeId: s.challengeId, code: s.code, tokenSecret: config.tokenSecret, nowMs: Date.now() }),
  );
  if (check.result === 'wrong' || check.result === 'replayed') throw codeRefusal(check, check.attemptsLeft);
  if (check.result !== 'ok') throw challengeRefusals[check.result]();
  // The account proved itself: its failures are forgotten.
  await clearBucket(pool, accountBucket(check.staff.id));
  await giveBack(pool, [address]);
  return openSession(deps, check.staff, true);
}

/**
 * Starts an enrolment: a new secret, shown this once (as text and as the otpauth:// URI an app reads
 * from a QR code), kept sealed until a code confirms it. Replacing an active factor takes a code from it,
 * so a session left open is not enough to move someone's second factor to another phone.
 */
export async function startSecondFactorEnrolment(
  deps: ApiDeps,
  s: { staff: StaffSessionUser; code?: string; address: string },
): Promise<{ secret: string; otpauthUri: string }> {
  const { pool, config } = deps;
  if (s.staff.secondFactor) {
    if (!s.code) throw new AppError(400, 'validation_failed', 'code: is required to replace an active second factor', 'code');
    await checkWithLimits(deps, s.staff.id, s.address, s.code, false);
  }
  const key = newTotpSecret();
  await startTotpEnrolment(pool, s.staff.id, sealTotpSecret(config.tokenSecret, key));
  return { secret: base32Encode(key), otpauthUri: otpauthUri(ISSUER, s.staff.email, key) };
}

/** A code from the new authenticator makes it the staff member's second factor (audited). */
export async function confirmSecondFactorEnrolment(
  deps: ApiDeps,
  s: { staff: StaffSessionUser; code: string; address: string },
): Promise<void> {
  await checkWithLimits(deps, s.staff.id, s.address, s.code, true, async (tx) => {
    await completeTotpEnrolment(tx, s.staff.id);
    await writeAudit(
      tx,
      staffLabel(s.staff),
      'staff.second_factor_enrol',
      { type: 'staff', id: s.staff.id },
      { replaced: s.staff.secondFactor },
    );
  });
}

/** A code checked against the sign-in limits; `then` runs in the same transaction when it is right. */
async function checkWithLimits(
  deps: ApiDeps,
  staffId: string,
  address: string,
  code: string,
  pending: boolean,
  then?: (tx: Db) => Promise<void>,
): Promise<void> {
  const { pool, config } = deps;
  const keys = await limit(
    pool,
    [
      { key: accountBucket(staffId), limit: config.authFailureLimit },
      { key: failuresFrom(address), limit: config.authIpLimit },
    ],
    config.authWindowMs,
  );
  const check = await inTransaction(pool, async (tx) => {
    const c = await acceptTotp(tx, { staffId, code, tokenSecret: config.tokenSecret, nowMs: Date.now(), pending });
    if (c.result === 'ok' && then) await then(tx);
    return c;
  });
  if (check.result === 'no_factor') {
    await giveBack(pool, keys);
    throw new AppError(409, 'no_enrolment', pending ? 'Start the enrolment first' : 'There is no second factor to check', 'code');
  }
  if (check.result !== 'ok') throw codeRefusal(check);
  await giveBack(pool, keys);
}
