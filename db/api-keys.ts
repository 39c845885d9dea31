/**
 * API clients (`api_clients`) and their keys (`api_keys`). A client holds the scopes
 * (rules/api-scopes.ts) and owns what it creates; each of its keys authenticates it, and several
 * may be live at once so that a key can be rotated without a gap. Only a key's SHA-256 is kept.
 */
import { prepared, type Db } from './pool.js';
import { Where, listPage, type ListQuery } from './list-query.js';
import { randomToken, sha256 } from '../infra/secrets.js';
import { API_SCOPES, type ApiScope } from '../rules/api-scopes.js';
import { isUuid } from './ids.js';

export interface ApiClient {
  id: string;
  name: string;
  scopes: ApiScope[];
  created_at: Date;
  disabled_at: Date | null;
  /** A2: the partner this client posts accruals for (its `partner` scope acts for this partner only); null for any other client */
  partner_id: string | null;
}

/** One key of a client; the key itself is never stored. */
export interface ApiKey {
  id: string;
  client_id: string;
  key_prefix: string;
  created_at: Date;
  revoked_at: Date | null;
}

/** The client a request's key authenticates, and which of its keys it was. */
export interface AuthenticatedClient extends ApiClient {
  key_id: string;
}

const CLIENT_COLUMNS = 'id, name, scopes, created_at, disabled_at, partner_id';
const KEY_COLUMNS = 'id, client_id, key_prefix, created_at, revoked_at';

/** Issues a new key for the client; the key is returned once and only its hash is kept. */
export async function issueApiKey(db: Db, clientId: string): Promise<{ apiKey: ApiKey; key: string }> {
  const key = `bk_${randomToken(24)}`;
  const { rows } = await db.query<ApiKey>(
    `INSERT INTO api_keys (client_id, key_prefix, key_hash) VALUES ($1, $2, $3) RETURNING ${KEY_COLUMNS}`,
    [clientId, key.slice(0, 7), sha256(key)],
  );
  return { apiKey: rows[0], key };
}

/** Creates a client (every scope unless told) with its first key, in the caller's transaction. */
export async function createApiKey(
  db: Db,
  name: string,
  scopes: readonly ApiScope[] = API_SCOPES,
  /** A2: the partner the client is bound to */
  partnerId: string | null = null,
): Promise<{ client: ApiClient; apiKey: ApiKey; key: string }> {
  const { rows } = await db.query<ApiClient>(
    `INSERT INTO api_clients (name, scopes, partner_id) VALUES ($1, $2, $3) RETURNING ${CLIENT_COLUMNS}`,
    [name, [...new Set(scopes)], partnerId],
  );
  return { client: rows[0], ...(await issueApiKey(db, rows[0].id)) };
}

/** The id of the API client of that name, if there is one. */
export async function apiClientIdByName(db: Db, name: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM api_clients WHERE name = $1 LIMIT 1', [name]);
  return rows[0]?.id;
}

/** The client of a live key of an enabled client; null for anything else (unknown, revoked, disabled). */
export async function apiClientByKey(db: Db, key: string): Promise<AuthenticatedClient | null> {
  const { rows } = await db.query<AuthenticatedClient>(
    prepared(
      'api-client-by-key',
      `SELECT c.id, c.name, c.scopes, c.created_at, c.disabled_at, c.partner_id, k.id AS key_id
         FROM api_keys k JOIN api_clients c ON c.id = k.client_id
        WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND c.disabled_at IS NULL`,
      [sha256(key)],
    ),
  );
  return rows[0] ?? null;
}

/** The client with all its keys (newest first); null for an id that names none. */
export async function apiClientById(db: Db, id: string): Promise<(ApiClient & { keys: ApiKey[] }) | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<ApiClient>(`SELECT ${CLIENT_COLUMNS} FROM api_clients WHERE id = $1`, [id]);
  if (!rows[0]) return null;
  const keys = await db.query<ApiKey>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE client_id = $1 ORDER BY created_at DESC, id`, [id]);
  return { ...rows[0], keys: keys.rows };
}

/** Locks the client's row for a change; null for an id that names none. */
export async function lockApiClient(tx: Db, id: string): Promise<ApiClient | null> {
  if (!isUuid(id)) return null;
  const { rows } = await tx.query<ApiClient>(`SELECT ${CLIENT_COLUMNS} FROM api_clients WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

/** Changes the client's name, scopes and whether it is disabled (its keys then stop working, and work again when enabled). */
export async function updateApiClient(
  tx: Db,
  id: string,
  change: { name: string; scopes: readonly ApiScope[]; disabled: boolean },
): Promise<ApiClient> {
  const { rows } = await tx.query<ApiClient>(
    `UPDATE api_clients
        SET name = $2, scopes = $3,
            disabled_at = CASE WHEN $4::boolean THEN coalesce(disabled_at, now()) END
      WHERE id = $1 RETURNING ${CLIENT_COLUMNS}`,
    [id, change.name, [...new Set(change.scopes)], change.disabled],
  );
  return rows[0];
}

/**
 * A2: binds the client to a partner and grants it the `partner` scope (its other scopes stay): from
 * now on its partner routes act for that partner.
 */
export async function bindApiClientToPartner(tx: Db, id: string, partnerId: string): Promise<void> {
  await tx.query(
    `UPDATE api_clients SET partner_id = $2, scopes = CASE WHEN 'partner' = ANY(scopes) THEN scopes ELSE scopes || '{partner}'::text[] END WHERE id = $1`,
    [id, partnerId],
  );
}

/** A2: the clients bound to a partner, with how many live keys each has. */
export async function partnerApiClients(db: Db, partnerId: string) {
  const { rows } = await db.query<ApiClient & { live_keys: number }>(
    `SELECT c.id, c.name, c.scopes, c.created_at, c.disabled_at, c.partner_id,
            (SELECT count(*) FROM api_keys k WHERE k.client_id = c.id AND k.revoked_at IS NULL)::int AS live_keys
       FROM api_clients c WHERE c.partner_id = $1 ORDER BY c.created_at, c.id`,
    [partnerId],
  );
  return rows;
}

/** The console's list of API clients (admins only), with how many live keys each has and the newest one's prefix. */
export async function listApiClients(db: Db, q: ListQuery) {
  return listPage(
    db,
    `SELECT c.id, c.name, c.scopes, c.created_at, c.disabled_at, c.partner_id,
            (SELECT count(*) FROM api_keys k WHERE k.client_id = c.id AND k.revoked_at IS NULL)::int AS live_keys,
            (SELECT k.key_prefix FROM api_keys k WHERE k.client_id = c.id AND k.revoked_at IS NULL
              ORDER BY k.created_at DESC, k.id LIMIT 1) AS key_prefix
       FROM api_clients c`,
    new Where(),
    q,
  );
}

/**
 * Revokes one key (a revoked one stays revoked as it was: `revoked_now` is false); null when no key has
 * this id. Requests with it are refused from the next one on; the client's other keys go on working.
 */
export async function revokeApiKey(db: Db, keyId: string): Promise<(ApiKey & { revoked_now: boolean }) | null> {
  if (!isUuid(keyId)) return null;
  const { rows } = await db.query<ApiKey & { revoked_now: boolean }>(
    `UPDATE api_keys k SET revoked_at = coalesce(k.revoked_at, now())
       FROM api_keys old WHERE old.id = k.id AND k.id = $1
     RETURNING k.id, k.client_id, k.key_prefix, k.created_at, k.revoked_at, old.revoked_at IS NULL AS revoked_now`,
    [keyId],
  );
  return rows[0] ?? null;
}
