/**
 * Participants' credentials (A6, R14, R25): sign-in challenges (the mailed second factor), sessions,
 * known devices, password reset links, and the rate-limit counters every API process shares.
 * Secrets are stored only as hashes; functions that change several rows run in the caller's transaction.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import { prepared, type Db } from './pool.js';
import { derivedToken, randomToken, sha256 } from '../infra/secrets.js';
import { looksLikePhone, normalizePhone } from '../rules/phone.js';
import { OPEN_EMAIL_CHANGE_STATUSES } from '../workflows/messages/email-change.js';
import { OPEN_ORDER_STATUSES } from '../workflows/messages/order.js';
import { lockParticipant, setPassword } from './participants.js';
import { sqlList } from './sql-list.js';

// ---- rate limits ---------------------------------------------------------------------------

export interface Bucket {
  /** e.g. `sign-in:account:<participant id>`, `auth:ip:<address>` */
  key: string;
  /** hits allowed within the window */
  limit: number;
}

export interface Hit {
  /** the buckets over their limit with this hit, and when the earliest of them lets a request through again */
  exceeded: string[];
  retryAfterMs: number;
}

/**
 * Takes one hit from each bucket (a fixed window per bucket, started by its first hit). The hit is taken
 * before the request is judged, so concurrent guesses cannot all slip under the limit; a request that
 * succeeds, or is refused for the limit, gives its hits back (`giveBack`).
 */
export async function takeHits(db: Db, buckets: Bucket[], windowMs: number): Promise<Hit> {
  // One order everywhere, so that two requests never lock the same buckets in opposite orders.
  const sorted = [...buckets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const { rows } = await db.query<{ bucket: string; hits: number; retry_ms: number }>(
    `INSERT INTO auth_attempts AS a (bucket, window_started_at, hits)
     SELECT b, now(), 1 FROM unnest($1::text[]) WITH ORDINALITY AS x(b, n) ORDER BY n
     ON CONFLICT (bucket) DO UPDATE SET
       window_started_at = CASE WHEN a.window_started_at <= now() - $2::bigint * interval '1 millisecond' THEN now() ELSE a.window_started_at END,
       hits = CASE WHEN a.window_started_at <= now() - $2::bigint * interval '1 millisecond' THEN 1 ELSE a.hits + 1 END
     RETURNING bucket, hits,
       ceil(extract(epoch FROM window_started_at + $2::bigint * interval '1 millisecond' - now()) * 1000)::bigint AS retry_ms`,
    [sorted.map((b) => b.key), windowMs],
  );
  const limits = new Map(sorted.map((b) => [b.key, b.limit]));
  const over = rows.filter((r) => r.hits > limits.get(r.bucket)!);
  return { exceeded: over.map((r) => r.bucket), retryAfterMs: Math.max(0, ...over.map((r) => r.retry_ms)) };
}

/** Undoes one hit in each bucket (a request that succeeded, or was refused without being judged). */
export async function giveBack(db: Db, keys: string[]): Promise<void> {
  for (const key of keys) await db.query('UPDATE auth_attempts SET hits = greatest(hits - 1, 0) WHERE bucket = $1', [key]);
}

/** Forgets a bucket's failures (the account proved itself: a complete sign-in, a password reset). */
export async function clearBucket(db: Db, key: string): Promise<void> {
  await db.query('DELETE FROM auth_attempts WHERE bucket = $1', [key]);
}

// ---- who signs in ----------------------------------------------------------------------------

export interface LoginParticipant {
  id: string;
  email: string;
  first_name: string;
  member_number: string | null;
  password_hash: string | null;
  /** A6: E.164, where the sign-in code goes when an SMS relay is configured */
  phone: string | null;
}

/**
 * A6: the active participant behind a member number (digits), a phone (`+` and digits, E.164 once
 * spaces and dashes are dropped) or an email (R1: trimmed, case-insensitive).
 */
export async function activeParticipantByLogin(db: Db, login: string): Promise<LoginParticipant | null> {
  const l = login.trim();
  const byNumber = /^\d{1,18}$/.test(l);
  const phone = looksLikePhone(l) ? normalizePhone(l) : null;
  if (!byNumber && !phone && !l.includes('@')) return null;
  const [where, value] = byNumber
    ? ['member_number = $1::bigint', l]
    : phone
      ? ['phone = $1', phone]
      : ['email_normalized = $1', l.toLowerCase()];
  const { rows } = await db.query<LoginParticipant>(
    `SELECT id, email, first_name, member_number::text AS member_number, password_hash, phone FROM participants
      WHERE status = 'active' AND ${where}`,
    [value],
  );
  return rows[0] ?? null;
}

// ---- sign-in challenges (the second factor) --------------------------------------------------

const codeHash = (secret: string, challengeId: string, code: string) => derivedToken(secret, `sign-in-code:${challengeId}:${code}`);

export interface Device {
  hash: string;
  userAgent: string | null;
  ip: string | null;
}

/** Forgets a challenge whose code never reached the participant (its mail or SMS could not be sent). */
export async function discardChallenge(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM sign_in_challenges WHERE id = $1', [id]);
}

/** A six-digit code for the participant, valid until `ttlMs` from now; only its HMAC is stored. */
export async function createChallenge(
  db: Db,
  c: { participantId: string; apiClientId: string; device: Device; ttlMs: number; maxAttempts: number; secret: string },
): Promise<{ id: string; code: string; expiresAt: Date }> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const {
    rows: [{ id }],
  } = await db.query<{ id: string }>('SELECT gen_random_uuid() AS id');
  const expiresAt = new Date(Date.now() + c.ttlMs);
  await db.query(
    `INSERT INTO sign_in_challenges (id, participant_id, api_client_id, code_hash, device_hash, user_agent, ip, max_attempts, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      c.participantId,
      c.apiClientId,
      codeHash(c.secret, id, code),
      c.device.hash,
      c.device.userAgent,
      c.device.ip,
      c.maxAttempts,
      expiresAt,
    ],
  );
  return { id, code, expiresAt };
}

/**
 * Codes mailed to the participant within the window and not used (a bound on the mail one password can
 * cause), and when the oldest of them leaves the window.
 */
export async function pendingChallenges(db: Db, participantId: string, windowMs: number): Promise<{ count: number; retryAfterMs: number }> {
  const { rows } = await db.query<{ count: number; retry_ms: number | null }>(
    `SELECT count(*)::int AS count,
            ceil(extract(epoch FROM min(created_at) + $2::bigint * interval '1 millisecond' - now()) * 1000)::bigint AS retry_ms
       FROM sign_in_challenges
      WHERE participant_id = $1 AND used_at IS NULL AND created_at > now() - $2::bigint * interval '1 millisecond'`,
    [participantId, windowMs],
  );
  return { count: rows[0].count, retryAfterMs: Math.max(0, rows[0].retry_ms ?? 0) };
}

export async function challengeOwner(db: Db, challengeId: string): Promise<string | null> {
  const { rows } = await db.query<{ participant_id: string }>('SELECT participant_id FROM sign_in_challenges WHERE id = $1', [challengeId]);
  return rows[0]?.participant_id ?? null;
}

export type CodeCheck =
  | { result: 'not_found' | 'used' | 'expired' | 'exhausted' }
  | { result: 'wrong'; attemptsLeft: number }
  | { result: 'ok'; participantId: string; device: Device };

/** Judges a code under the challenge's row lock: a wrong one spends an attempt, the right one is used up. */
export async function checkCode(tx: Db, c: { challengeId: string; apiClientId: string; code: string; secret: string }): Promise<CodeCheck> {
  const { rows } = await tx.query<{
    participant_id: string;
    api_client_id: string;
    code_hash: string;
    device_hash: string;
    user_agent: string | null;
    ip: string | null;
    attempts: number;
    max_attempts: number;
    used: boolean;
    expired: boolean;
  }>(
    `SELECT participant_id, api_client_id, code_hash, device_hash, user_agent, ip, attempts, max_attempts,
            used_at IS NOT NULL AS used, expires_at <= now() AS expired
       FROM sign_in_challenges WHERE id = $1 FOR UPDATE`,
    [c.challengeId],
  );
  const ch = rows[0];
  if (!ch || ch.api_client_id !== c.apiClientId) return { result: 'not_found' };
  if (ch.used) return { result: 'used' };
  if (ch.expired) return { result: 'expired' };
  if (ch.attempts >= ch.max_attempts) return { result: 'exhausted' };
  const expected = Buffer.from(ch.code_hash);
  const given = Buffer.from(codeHash(c.secret, c.challengeId, c.code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    await tx.query('UPDATE sign_in_challenges SET attempts = attempts + 1 WHERE id = $1', [c.challengeId]);
    return { result: 'wrong', attemptsLeft: ch.max_attempts - ch.attempts - 1 };
  }
  await tx.query('UPDATE sign_in_challenges SET used_at = now() WHERE id = $1', [c.challengeId]);
  return { result: 'ok', participantId: ch.participant_id, device: { hash: ch.device_hash, userAgent: ch.user_agent, ip: ch.ip } };
}

// ---- sessions (R14) --------------------------------------------------------------------------

export type RevokeReason = 'sign_out' | 'revoked' | 'session_limit' | 'password_reset';

/**
 * R14: opens a session, first revoking the participant's oldest live sessions so that at most
 * `maxSessions` are live. Takes the participant's row lock, so concurrent sign-ins count right.
 */
export async function openSession(
  tx: Db,
  s: { participantId: string; apiClientId: string; device: Device; ttlMs: number; maxSessions: number },
): Promise<{ id: string; token: string; expiresAt: Date; revokedSessionIds: string[] }> {
  await tx.query('SELECT 1 FROM participants WHERE id = $1 FOR UPDATE', [s.participantId]);
  const { rows: revoked } = await tx.query<{ id: string }>(
    `UPDATE participant_sessions SET revoked_at = now(), revoked_reason = 'session_limit'
      WHERE id IN (SELECT id FROM participant_sessions
                    WHERE participant_id = $1 AND revoked_at IS NULL AND expires_at > now()
                    ORDER BY created_at DESC, id DESC OFFSET $2)
      RETURNING id`,
    [s.participantId, s.maxSessions - 1],
  );
  const token = randomToken();
  const expiresAt = new Date(Date.now() + s.ttlMs);
  const {
    rows: [{ id }],
  } = await tx.query<{ id: string }>(
    `INSERT INTO participant_sessions (participant_id, api_client_id, token_hash, device_hash, user_agent, ip, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [s.participantId, s.apiClientId, sha256(token), s.device.hash, s.device.userAgent, s.device.ip, expiresAt],
  );
  return { id, token, expiresAt, revokedSessionIds: revoked.map((r) => r.id) };
}

/** Records the device; answers whether the participant had never signed in from it. */
export async function rememberDevice(tx: Db, participantId: string, device: Device): Promise<boolean> {
  const { rows } = await tx.query<{ inserted: boolean }>(
    `INSERT INTO known_devices (participant_id, device_hash, user_agent) VALUES ($1, $2, $3)
     ON CONFLICT (participant_id, device_hash) DO UPDATE SET last_seen_at = now()
     RETURNING (xmax = 0) AS inserted`,
    [participantId, device.hash, device.userAgent],
  );
  return rows[0].inserted;
}

export interface ParticipantSession {
  sessionId: string;
  participantId: string;
  expiresAt: Date;
}

/** The live session of an active participant behind a token, opened through this API client. */
export async function sessionByToken(db: Db, token: string, apiClientId: string): Promise<ParticipantSession | null> {
  const { rows } = await db.query<ParticipantSession & { stale: boolean }>(
    prepared(
      'participant-session-by-token',
      `SELECT s.id AS "sessionId", s.participant_id AS "participantId", s.expires_at AS "expiresAt",
              s.last_seen_at < now() - interval '1 minute' AS stale
         FROM participant_sessions s JOIN participants p ON p.id = s.participant_id
        WHERE s.token_hash = $1 AND s.api_client_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND p.status = 'active'`,
      [sha256(token), apiClientId],
    ),
  );
  const found = rows[0];
  if (!found) return null;
  if (found.stale) await db.query('UPDATE participant_sessions SET last_seen_at = now() WHERE id = $1', [found.sessionId]);
  const { stale: _, ...session } = found;
  return session;
}

/** The participant's live sessions opened through this API client: another client's sessions are not its to see. */
export async function liveSessions(db: Db, participantId: string, apiClientId: string) {
  const { rows } = await db.query<{
    id: string;
    createdAt: Date;
    lastSeenAt: Date;
    expiresAt: Date;
    userAgent: string | null;
    ip: string | null;
    device: string;
  }>(
    `SELECT id, created_at AS "createdAt", last_seen_at AS "lastSeenAt", expires_at AS "expiresAt", user_agent AS "userAgent", ip,
            left(device_hash, 12) AS device
       FROM participant_sessions WHERE participant_id = $1 AND api_client_id = $2 AND revoked_at IS NULL AND expires_at > now()
      ORDER BY created_at DESC, id DESC`,
    [participantId, apiClientId],
  );
  return rows;
}

/**
 * Revokes one of the participant's own live sessions opened through this API client; false when there
 * is none with this id (another client's session included: it answers as if there were none).
 */
export async function revokeSession(
  db: Db,
  s: { participantId: string; apiClientId: string; sessionId: string },
  reason: RevokeReason,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE participant_sessions SET revoked_at = now(), revoked_reason = $3
      WHERE id = $1 AND participant_id = $2 AND api_client_id = $4 AND revoked_at IS NULL AND expires_at > now()`,
    [s.sessionId, s.participantId, reason, s.apiClientId],
  );
  return (rowCount ?? 0) > 0;
}

// ---- password reset (R25) --------------------------------------------------------------------

/** A one-time reset link's token; only its SHA-256 is stored. */
export async function createPasswordReset(
  db: Db,
  participantId: string,
  ttlMs: number,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + ttlMs);
  const {
    rows: [{ id }],
  } = await db.query<{ id: string }>(
    'INSERT INTO password_resets (participant_id, token_hash, expires_at) VALUES ($1, $2, $3) RETURNING id',
    [participantId, sha256(token), expiresAt],
  );
  return { id, token, expiresAt };
}

export type ResetUse =
  | { result: 'not_found' | 'used' | 'expired' | 'not_active' }
  | { result: 'ok'; resetId: string; participantId: string; email: string; firstName: string; sessionsRevoked: number };

/** What a reset link can still do, without using it (the link's page, when opened). */
export async function passwordResetState(db: Db, token: string): Promise<Exclude<ResetUse['result'], 'ok'> | 'open'> {
  const { rows } = await db.query<{ status: string; used: boolean; expired: boolean }>(
    `SELECT p.status, r.used_at IS NOT NULL AS used, r.expires_at <= now() AS expired
       FROM password_resets r JOIN participants p ON p.id = r.participant_id
      WHERE r.token_hash = $1`,
    [sha256(token)],
  );
  const r = rows[0];
  // The same order as usePasswordReset's checks, so the page and the answer to its form agree.
  if (!r) return 'not_found';
  if (r.used) return 'used';
  if (r.expired) return 'expired';
  if (r.status !== 'active') return 'not_active';
  return 'open';
}

/**
 * Uses a reset link (under its row lock): checks it, then hashes and sets the password, voids the participant's other links and
 * unused sign-in codes, and revokes every session (whoever knew the old password is signed out).
 */
export async function usePasswordReset(tx: Db, token: string, hashNewPassword: () => Promise<string>): Promise<ResetUse> {
  const { rows } = await tx.query<{
    id: string;
    participant_id: string;
    email: string;
    first_name: string;
    status: string;
    used: boolean;
    expired: boolean;
  }>(
    `SELECT r.id, r.participant_id, p.email, p.first_name, p.status, r.used_at IS NOT NULL AS used, r.expires_at <= now() AS expired
       FROM password_resets r JOIN participants p ON p.id = r.participant_id
      WHERE r.token_hash = $1 FOR UPDATE OF r`,
    [sha256(token)],
  );
  const r = rows[0];
  if (!r) return { result: 'not_found' };
  if (r.used) return { result: 'used' };
  if (r.expired) return { result: 'expired' };
  if (r.status !== 'active') return { result: 'not_active' };
  // Only a live link's new password is hashed: argon2 is slow on purpose, not for any caller to spend.
  const passwordHash = await hashNewPassword();
  await lockParticipant(tx, r.participant_id);
  await setPassword(tx, r.participant_id, passwordHash);
  await tx.query('UPDATE password_resets SET used_at = now() WHERE participant_id = $1 AND used_at IS NULL', [r.participant_id]);
  await tx.query('UPDATE sign_in_challenges SET expires_at = now() WHERE participant_id = $1 AND used_at IS NULL AND expires_at > now()', [
    r.participant_id,
  ]);
  const { rowCount } = await tx.query(
    `UPDATE participant_sessions SET revoked_at = now(), revoked_reason = 'password_reset'
      WHERE participant_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
    [r.participant_id],
  );
  return {
    result: 'ok',
    resetId: r.id,
    participantId: r.participant_id,
    email: r.email,
    firstName: r.first_name,
    sessionsRevoked: rowCount ?? 0,
  };
}

// ---- the participant's own account (the shop site's "my account") -----------------------------

/** Events the participant attended and was credited for (the verdicts of closed windows, R8–R13). */
export async function attendedEvents(db: Db, participantId: string) {
  const { rows } = await db.query(
    `SELECT e.id, e.kind, e.title, e.points, e.starts_at, e.ends_at, o.live_minutes, o.score, o.decided_at AS credited_at
       FROM event_outcomes o JOIN events e ON e.id = o.event_id
      WHERE o.participant_id = $1 AND o.credited
      ORDER BY e.starts_at DESC, e.id`,
    [participantId],
  );
  return rows;
}

/** What the participant is waiting for: open claims (A4), orders (A5, R17) and email changes (R21), each with its state. */
export async function openRequests(db: Db, participantId: string) {
  const [claims, orders, emailChanges] = await Promise.all([
    db.query(
      `SELECT c.id, c.event_id, e.title AS event_title, c.status, c.statement, c.deadline_at, c.created_at
         FROM claims c JOIN events e ON e.id = c.event_id
        WHERE c.participant_id = $1 AND c.status = 'open'
        ORDER BY c.created_at DESC, c.id`,
      [participantId],
    ),
    db.query(
      `SELECT o.id, i.sku, i.title, o.quantity, o.total_points, o.status, o.affiliation_check,
              o.documents_deadline_at, o.documents_received_at, o.payment_deadline_at, o.created_at
         FROM orders o JOIN catalog_items i ON i.id = o.item_id
        WHERE o.participant_id = $1 AND o.status IN ${sqlList(OPEN_ORDER_STATUSES)}
        ORDER BY o.created_at DESC, o.id`,
      [participantId],
    ),
    db.query(
      `SELECT id, new_email, status, documents_due_at, letter_document_id IS NOT NULL AS letter_received,
              employment_document_id IS NOT NULL AS employment_record_received, created_at
         FROM email_change_requests
        WHERE participant_id = $1 AND status IN ${sqlList(OPEN_EMAIL_CHANGE_STATUSES)}
        ORDER BY created_at DESC, id`,
      [participantId],
    ),
  ]);
  return { claims: claims.rows, orders: orders.rows, emailChanges: emailChanges.rows };
}
