import type { Db } from '../infra/db.js';
import { hashPassword, randomToken, sha256, verifyPassword } from '../infra/secrets.js';

export type StaffRole = 'support' | 'admin';

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

/** Checks a password; returns the user or null, spending the same hashing time either way. */
export async function checkStaffPassword(db: Db, email: string, password: string): Promise<StaffUser | null> {
  const { rows } = await db.query<StaffUser & { password_hash: string }>(
    `SELECT ${columns}, password_hash FROM staff_users WHERE email = $1 AND disabled_at IS NULL`,
    [email.trim().toLowerCase()],
  );
  const user = rows[0];
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  if (!user || !ok) return null;
  const { password_hash: _, ...staff } = user;
  return staff;
}
// Unknown emails are checked against a throwaway hash, so they cost as much as wrong passwords.
const dummyHash = hashPassword(randomToken());

export async function openStaffSession(db: Db, staffId: string, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.query('INSERT INTO staff_sessions (staff_id, token_hash, expires_at) VALUES ($1, $2, $3)', [
    staffId,
    sha256(token),
    expiresAt,
  ]);
  return { token, expiresAt };
}

export async function staffBySessionToken(db: Db, token: string): Promise<(StaffUser & { sessionId: string }) | null> {
  const { rows } = await db.query<StaffUser & { sessionId: string }>(
    `SELECT u.id, u.email, u.name, u.role, s.id AS "sessionId"
       FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id
      WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [sha256(token)],
  );
  return rows[0] ?? null;
}

export async function revokeStaffSession(db: Db, sessionId: string): Promise<void> {
  await db.query('UPDATE staff_sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
}
