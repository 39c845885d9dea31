/**
 * The one-time links that confirm a registration's email (R3, `confirmation_tokens`): stored as
 * hashes; a fresh link replaces the earlier ones; a link is used once.
 */
import type { Db } from './pool.js';

/** Stores the link's hash (once) and cuts the earlier unused links of the participant short. */
export async function storeConfirmationToken(tx: Db, t: { participantId: string; tokenHash: string; expiresAt: number }): Promise<void> {
  await tx.query(
    `INSERT INTO confirmation_tokens (participant_id, token_hash, expires_at)
     VALUES ($1, $2, to_timestamp($3 / 1000.0)) ON CONFLICT (token_hash) DO NOTHING`,
    [t.participantId, t.tokenHash, t.expiresAt],
  );
  // A fresh link replaces the earlier ones.
  await tx.query(
    `UPDATE confirmation_tokens SET expires_at = least(expires_at, now())
      WHERE participant_id = $1 AND token_hash <> $2 AND used_at IS NULL`,
    [t.participantId, t.tokenHash],
  );
}

export interface ConfirmationTarget {
  id: string;
  participant_id: string;
  workflow_id: string;
  status: string;
  used: boolean;
  expired: boolean;
}

/** The link with the hash, locked to the end of the transaction, with its participant's state; null if none. */
export async function lockConfirmationToken(tx: Db, tokenHash: string): Promise<ConfirmationTarget | null> {
  const { rows } = await tx.query<ConfirmationTarget>(
    `SELECT t.id, t.participant_id, p.workflow_id, p.status, t.used_at IS NOT NULL AS used, t.expires_at <= now() AS expired
       FROM confirmation_tokens t JOIN participants p ON p.id = t.participant_id
      WHERE t.token_hash = $1 FOR UPDATE OF t`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** The link with the hash and its participant's state, without a lock (the link's page, when opened); null if none. */
export async function confirmationTokenState(db: Db, tokenHash: string): Promise<Omit<ConfirmationTarget, 'id' | 'workflow_id'> | null> {
  const { rows } = await db.query<Omit<ConfirmationTarget, 'id' | 'workflow_id'>>(
    `SELECT t.participant_id, p.status, t.used_at IS NOT NULL AS used, t.expires_at <= now() AS expired
       FROM confirmation_tokens t JOIN participants p ON p.id = t.participant_id
      WHERE t.token_hash = $1`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/** The participant's unused links stop working (its registration failed for good). */
export async function voidConfirmationTokens(tx: Db, participantId: string): Promise<void> {
  await tx.query('UPDATE confirmation_tokens SET expires_at = least(expires_at, now()) WHERE participant_id = $1 AND used_at IS NULL', [
    participantId,
  ]);
}

export async function markConfirmationTokenUsed(tx: Db, tokenId: string, participantId: string): Promise<void> {
  await tx.query('UPDATE confirmation_tokens SET used_at = now() WHERE id = $1 AND participant_id = $2 AND used_at IS NULL', [
    tokenId,
    participantId,
  ]);
}
