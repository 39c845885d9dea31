import type { Db } from '../infra/db.js';
import { randomToken, sha256 } from '../infra/secrets.js';

export interface ApiClient {
  id: string;
  name: string;
  key_prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** Creates a client and returns its key; the key is shown once and only its hash is kept. */
export async function createApiKey(db: Db, name: string): Promise<{ client: ApiClient; key: string }> {
  const key = `bk_${randomToken(24)}`;
  const { rows } = await db.query<ApiClient>(
    `INSERT INTO api_clients (name, key_prefix, key_hash) VALUES ($1, $2, $3)
     RETURNING id, name, key_prefix, created_at, revoked_at`,
    [name, key.slice(0, 7), sha256(key)],
  );
  return { client: rows[0], key };
}

export async function apiClientByKey(db: Db, key: string): Promise<ApiClient | null> {
  const { rows } = await db.query<ApiClient>(
    `SELECT id, name, key_prefix, created_at, revoked_at FROM api_clients WHERE key_hash = $1 AND revoked_at IS NULL`,
    [sha256(key)],
  );
  return rows[0] ?? null;
}
