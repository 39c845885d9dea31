/**
 * Admins manage API clients (issue 10 §3): a client's name, scopes (rules/api-scopes.ts) and whether
 * it is disabled, and its keys: a new key is shown once, a key is revoked on its own (rotation: issue
 * a new key, switch, revoke the old). Every change is written with its audit entry in one transaction.
 */
import { z } from 'zod';
import { apiClientById, createApiKey, issueApiKey, lockApiClient, revokeApiKey, updateApiClient, type ApiClient } from '../db/api-keys.js';
import { writeAudit, type Actor } from '../db/audit.js';
import { inTransaction, type Db, type Pool } from '../db/pool.js';
import { API_SCOPES } from '../rules/api-scopes.js';
import { AppError } from './errors.js';
import { text } from './text.js';

const scopes = z
  .array(z.enum(API_SCOPES, `must be one of ${API_SCOPES.join(', ')}`), 'must be a list of scopes')
  .max(API_SCOPES.length * 2)
  .meta({ description: `What the client may do: any of ${API_SCOPES.join(', ')}` });

export const NewApiClient = z.strictObject({
  name: text(200),
  scopes: scopes.min(1, 'name at least one scope'),
});

/** Changes to a client: any of its fields, at least one. */
export const ApiClientChange = z.strictObject({
  name: text(200).optional(),
  scopes: scopes.optional(),
  disabled: z.boolean('must be true or false').optional(),
});

const notFound = () => new AppError(404, 'api_client_not_found', 'No API client with this id', 'id');

export async function requireApiClient(db: Db, id: string) {
  const client = await apiClientById(db, id);
  if (!client) throw notFound();
  return client;
}

/** A new client with its first key; the answer is the only time the key is shown. */
export async function createApiClient(pool: Pool, input: z.infer<typeof NewApiClient>, actor: Actor) {
  const { client, apiKey, key } = await inTransaction(pool, async (tx) => {
    const created = await createApiKey(tx, input.name, input.scopes);
    await writeAudit(
      tx,
      actor,
      'api_client.create',
      { type: 'api_client', id: created.client.id },
      {
        name: created.client.name,
        scopes: created.client.scopes,
        keyId: created.apiKey.id,
        keyPrefix: created.apiKey.key_prefix,
      },
    );
    return created;
  });
  return { ...client, keys: [apiKey], key };
}

/** Renames the client, sets its scopes, or disables (enables) it; the audit entry records each change from → to. */
export async function changeApiClient(pool: Pool, id: string, change: z.infer<typeof ApiClientChange>, actor: Actor) {
  if (change.name === undefined && change.scopes === undefined && change.disabled === undefined) {
    throw new AppError(400, 'validation_failed', 'body: change at least one of name, scopes, disabled', 'body');
  }
  await inTransaction(pool, async (tx) => {
    const before = await lockApiClient(tx, id);
    if (!before) throw notFound();
    const after = await updateApiClient(tx, id, {
      name: change.name ?? before.name,
      scopes: change.scopes ?? before.scopes,
      disabled: change.disabled ?? before.disabled_at !== null,
    });
    const diff = changes(before, after);
    // Asking for what already holds changes nothing, and records nothing.
    if (Object.keys(diff).length) await writeAudit(tx, actor, 'api_client.update', { type: 'api_client', id }, diff);
  });
  return requireApiClient(pool, id);
}

const changes = (before: ApiClient, after: ApiClient) => {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  if (before.name !== after.name) diff.name = { from: before.name, to: after.name };
  const sorted = (s: string[]) => [...s].sort().join(',');
  if (sorted(before.scopes) !== sorted(after.scopes)) diff.scopes = { from: before.scopes, to: after.scopes };
  if ((before.disabled_at === null) !== (after.disabled_at === null))
    diff.disabled = { from: before.disabled_at !== null, to: after.disabled_at !== null };
  return diff;
};

/** Rotation, step one: one more key for the client, shown once; its other keys go on working. */
export async function issueKeyFor(pool: Pool, clientId: string, actor: Actor) {
  return inTransaction(pool, async (tx) => {
    if (!(await lockApiClient(tx, clientId))) throw notFound();
    const { apiKey, key } = await issueApiKey(tx, clientId);
    await writeAudit(tx, actor, 'api_key.create', { type: 'api_client', id: clientId }, { keyId: apiKey.id, keyPrefix: apiKey.key_prefix });
    return { ...apiKey, key };
  });
}

/** Revokes one key: requests with it get 401 from now on. Revoking a revoked key changes nothing (and is not audited again). */
export async function revokeKey(pool: Pool, keyId: string, actor: Actor) {
  return inTransaction(pool, async (tx) => {
    const revoked = await revokeApiKey(tx, keyId);
    if (!revoked) throw new AppError(404, 'api_key_not_found', 'No API key with this id', 'id');
    const { revoked_now: revokedNow, ...key } = revoked;
    if (revokedNow) {
      await writeAudit(
        tx,
        actor,
        'api_key.revoke',
        { type: 'api_client', id: key.client_id },
        { keyId: key.id, keyPrefix: key.key_prefix },
      );
    }
    return key;
  });
}
