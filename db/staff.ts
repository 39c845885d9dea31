/**
 * Staff accounts and their credentials: the password (argon2), console sessions (only a token's
 * SHA-256 is kept), the optional second factor (TOTP, the secret sealed with TOKEN_SECRET) with its
 * sign-in challenges, and the console's security settings. Functions that change several rows run in
 * the caller's transaction.
 */
import { prepared, type Db } from './pool.js';
import { Where, listPage, type ListQuery } from './list-query.js';
import { hashPassword, randomToken, sha256 } from '../infra/secrets.js';
import { matchTotp, openTotpSecret } from '../infra/totp.js';
import type { StaffRole } from '../rules/staff-roles.js';

/** support < manager < admin (rules/staff-roles.ts). */
export type { StaffRole };

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
}

const columns = 'id, email, name, role';

export async function createStaffUser(
  db: Db,
  input: { email: string; name: string; role: StaffRole; password: string },
): Promise<StaffUser> {
  const { rows } = await db.query<StaffUser>(
    `INSERT INTO staff_users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${columns}`,
    [input.email.trim().toLowerCase(), input.name, input.role, await hashPassword(input.password)],
  );
  return rows[0];
}

export async function countStaff(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM staff_users');
  return rows[0].n;
}

/** A staff account about to sign in: what the cheap checks and the password check need. */
export interface StaffLogin extends StaffUser {
  password_hash: string;
  /** has a second factor (TOTP): the sign-in takes a code after the password */
  second_factor: boolean;
}

/** The active (not disabled) staff account with this email (trimmed, case-insensitive), or null. */
export async function activeStaffByEmail(db: Db, email: string): Promise<StaffLogin | null> {
  const { rows } = await db.query<StaffLogin>(
    `SELECT ${columns}, password_hash, totp_enabled_at IS NOT NULL AS second_factor
       FROM staff_users WHERE email = $1 AND disabled_at IS NULL`,
    [email.trim().toLowerCase()],
  );
  return rows[0] ?? null;
}

export async function openStaffSession(db: Db, staffId: string, ttlMs: number): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + ttlMs);
  const {
    rows: [{ id }],
  } = await db.query<{ id: string }>('INSERT INTO staff_sessions (staff_id, token_hash, expires_at) VALUES ($1, $2, $3) RETURNING id', [
    staffId,
    sha256(token),
    expiresAt,
  ]);
  return { id, token, expiresAt };
}

/** A signed-in staff member, as every staff request sees them. */
export interface StaffSessionUser extends StaffUser {
  sessionId: string;
  expiresAt: Date;
  /** has a second factor (TOTP) */
  secondFactor: boolean;
  /** an admin without a second factor while admins must have one: may only enrol (and sign out) */
  mustEnrolSecondFactor: boolean;
}

/**
 * The staff member behind a live session token. `adminTotpRequiredByDefault` is the configuration's
 * STAFF_ADMIN_TOTP_REQUIRED, which holds until an admin sets it in the console (staff_security_settings).
 */
export async function staffBySessionToken(db: Db, token: string, adminTotpRequiredByDefault: boolean): Promise<StaffSessionUser | null> {
  const { rows } = await db.query<StaffSessionUser>(
    prepared(
      'staff-by-session-token',
      `SELECT u.id, u.email, u.name, u.role, s.id AS "sessionId", s.expires_at AS "expiresAt",
              u.totp_enabled_at IS NOT NULL AS "secondFactor",
              u.role = 'admin' AND u.totp_enabled_at IS NULL
                AND coalesce((SELECT admin_totp_required FROM staff_security_settings), $2) AS "mustEnrolSecondFactor"
         FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [sha256(token), adminTotpRequiredByDefault],
    ),
  );
  return rows[0] ?? null;
}

export async function revokeStaffSession(db: Db, sessionId: string): Promise<void> {
  await db.query('UPDATE staff_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
}

// ---- the second factor (TOTP) ----------------------------------------------------------------

export type TotpCheck = { result: 'ok'; step: number } | { result: 'wrong' | 'replayed' | 'no_factor' };

/**
 * Accepts a code from the staff member's authenticator, under their row lock: it must match a step
 * within ±1 of now and come after the last step accepted (a code works once: replay protection).
 * `pending` checks the secret of an enrolment in progress instead of the active one.
 */
export async function acceptTotp(
  tx: Db,
  c: { staffId: string; code: string; tokenSecret: string; nowMs: number; pending?: boolean },
): Promise<TotpCheck> {
  const { rows } = await tx.query<{ sealed: string | null; last_step: number | null }>(
    `SELECT ${c.pending ? 'totp_pending_sealed' : 'totp_secret_sealed'} AS sealed, totp_last_step AS last_step
       FROM staff_users WHERE id = $1 FOR UPDATE`,
    [c.staffId],
  );
  const row = rows[0];
  if (!row?.sealed) return { result: 'no_factor' };
  const step = matchTotp(openTotpSecret(c.tokenSecret, row.sealed), c.code, c.nowMs);
  if (step === null) return { result: 'wrong' };
  // A new authenticator's codes have never been used; its confirming code still counts as used after.
  if (!c.pending && row.last_step !== null && step <= row.last_step) return { result: 'replayed' };
  await tx.query('UPDATE staff_users SET totp_last_step = greatest(totp_last_step, $2) WHERE id = $1', [c.staffId, step]);
  return { result: 'ok', step };
}

/** Keeps a new secret (sealed) as the enrolment in progress; the active factor, if any, stays until confirmed. */
export async function startTotpEnrolment(db: Db, staffId: string, sealedSecret: string): Promise<void> {
  await db.query('UPDATE staff_users SET totp_pending_sealed = $2 WHERE id = $1', [staffId, sealedSecret]);
}

/** The enrolment's secret becomes the active factor (the caller has accepted a code for it). */
export async function completeTotpEnrolment(tx: Db, staffId: string): Promise<void> {
  await tx.query(
    `UPDATE staff_users SET totp_secret_sealed = totp_pending_sealed, totp_pending_sealed = NULL, totp_enabled_at = now()
      WHERE id = $1 AND totp_pending_sealed IS NOT NULL`,
    [staffId],
  );
}

/** Removes a staff member's second factor (an admin's reset, for a lost authenticator); false if there was none. */
export async function removeSecondFactor(db: Db, staffId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE staff_users SET totp_secret_sealed = NULL, totp_enabled_at = NULL, totp_pending_sealed = NULL, totp_last_step = NULL
      WHERE id = $1 AND totp_enabled_at IS NOT NULL`,
    [staffId],
  );
  return (rowCount ?? 0) > 0;
}

export async function staffById(db: Db, staffId: string): Promise<(StaffUser & { second_factor: boolean }) | null> {
  const { rows } = await db.query<StaffUser & { second_factor: boolean }>(
    `SELECT ${columns}, totp_enabled_at IS NOT NULL AS second_factor FROM staff_users WHERE id = $1`,
    [staffId],
  );
  return rows[0] ?? null;
}

// ---- sign-in challenges: the password was right, the code is next ---------------------------

export async function createStaffChallenge(
  db: Db,
  c: { staffId: string; ttlMs: number; maxAttempts: number },
): Promise<{ id: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + c.ttlMs);
  const {
    rows: [{ id }],
  } = await db.query<{ id: string }>(
    'INSERT INTO staff_sign_in_challenges (staff_id, max_attempts, expires_at) VALUES ($1, $2, $3) RETURNING id',
    [c.staffId, c.maxAttempts, expiresAt],
  );
  return { id, expiresAt };
}

export async function staffChallengeOwner(db: Db, challengeId: string): Promise<string | null> {
  const { rows } = await db.query<{ staff_id: string }>('SELECT staff_id FROM staff_sign_in_challenges WHERE id = $1', [challengeId]);
  return rows[0]?.staff_id ?? null;
}

export type StaffChallengeCheck =
  | { result: 'not_found' | 'used' | 'expired' | 'exhausted' }
  | { result: 'wrong' | 'replayed'; attemptsLeft: number }
  | { result: 'ok'; staff: StaffUser };

/** Judges the code of a challenge under its row lock: a wrong one spends an attempt, the right one uses the challenge up. */
export async function checkStaffChallenge(
  tx: Db,
  c: { challengeId: string; code: string; tokenSecret: string; nowMs: number },
): Promise<StaffChallengeCheck> {
  const { rows } = await tx.query<{
    staff_id: string;
    attempts: number;
    max_attempts: number;
    used: boolean;
    expired: boolean;
    active: boolean;
  }>(
    `SELECT c.staff_id, c.attempts, c.max_attempts, c.used_at IS NOT NULL AS used, c.expires_at <= now() AS expired,
            u.disabled_at IS NULL AS active
       FROM staff_sign_in_challenges c JOIN staff_users u ON u.id = c.staff_id
      WHERE c.id = $1 FOR UPDATE OF c`,
    [c.challengeId],
  );
  const ch = rows[0];
  if (!ch || !ch.active) return { result: 'not_found' };
  if (ch.used) return { result: 'used' };
  if (ch.expired) return { result: 'expired' };
  if (ch.attempts >= ch.max_attempts) return { result: 'exhausted' };
  const check = await acceptTotp(tx, { staffId: ch.staff_id, code: c.code, tokenSecret: c.tokenSecret, nowMs: c.nowMs });
  if (check.result === 'no_factor') return { result: 'not_found' };
  if (check.result !== 'ok') {
    await tx.query('UPDATE staff_sign_in_challenges SET attempts = attempts + 1 WHERE id = $1', [c.challengeId]);
    return { result: check.result, attemptsLeft: ch.max_attempts - ch.attempts - 1 };
  }
  await tx.query('UPDATE staff_sign_in_challenges SET used_at = now() WHERE id = $1', [c.challengeId]);
  return { result: 'ok', staff: (await staffById(tx, ch.staff_id))! };
}

// ---- the console's security settings ---------------------------------------------------------

export interface StaffSecuritySettings {
  adminSecondFactorRequired: boolean;
  /** false while the configuration's default holds */
  setInConsole: boolean;
  updatedAt: Date | null;
}

export async function staffSecuritySettings(db: Db, adminTotpRequiredByDefault: boolean): Promise<StaffSecuritySettings> {
  const { rows } = await db.query<{ admin_totp_required: boolean; updated_at: Date }>(
    'SELECT admin_totp_required, updated_at FROM staff_security_settings',
  );
  const row = rows[0];
  return row
    ? { adminSecondFactorRequired: row.admin_totp_required, setInConsole: true, updatedAt: row.updated_at }
    : { adminSecondFactorRequired: adminTotpRequiredByDefault, setInConsole: false, updatedAt: null };
}

export async function setAdminSecondFactorRequired(db: Db, required: boolean, staffId: string): Promise<void> {
  await db.query(
    `INSERT INTO staff_security_settings (id, admin_totp_required, updated_by) VALUES (true, $1, $2)
     ON CONFLICT (id) DO UPDATE SET admin_totp_required = $1, updated_by = $2, updated_at = now()`,
    [required, staffId],
  );
}

/** The console's staff list (admins only): no secrets. */
export async function listStaff(db: Db, q: ListQuery) {
  // `second_factor` only says whether there is one: the secret itself never leaves this module.
  return listPage(
    db,
    'SELECT id, email, name, role, created_at, disabled_at, totp_enabled_at IS NOT NULL AS second_factor FROM staff_users',
    new Where(),
    q,
  );
}

/** Whether a staff account has this email (as stored: trimmed, lower case). */
export async function staffEmailTaken(db: Db, email: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM staff_users WHERE email = $1', [email]);
  return (rowCount ?? 0) > 0;
}
