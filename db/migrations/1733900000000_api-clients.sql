-- Up Migration

-- An API client (the shop site, the webinar platform, a partner) is one row of api_clients; until now
-- that row was also its only key. A client now has keys of its own (several at once: a new key is
-- issued, the client switches, the old one is revoked) and scopes (rules/api-scopes.ts). The scopes
-- sit on the client, not on the key: ownership is the client's too, so every key of a client acts
-- with the same rights on the same rows, and rotating a key can never widen or narrow them by mistake.
ALTER TABLE api_clients
  ADD COLUMN disabled_at timestamptz,
  ADD COLUMN scopes text[] NOT NULL DEFAULT '{}',
  ADD CONSTRAINT api_clients_scopes_known
    CHECK (scopes <@ ARRAY['registrations', 'orders', 'events', 'email_changes', 'participants']::text[]);

-- Only each key's SHA-256 is kept, with its first characters to tell keys apart in the console.
CREATE TABLE api_keys (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  client_id  uuid NOT NULL REFERENCES api_clients(id),
  key_prefix text NOT NULL,
  key_hash   text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX api_keys_client ON api_keys (client_id, created_at);

-- Today's keys keep working, with every scope: each row's key becomes the client's first key (with
-- the row's id, so the audit entries that named it still do), revoked if it was revoked.
INSERT INTO api_keys (id, client_id, key_prefix, key_hash, created_at, revoked_at)
  SELECT id, id, key_prefix, key_hash, created_at, revoked_at FROM api_clients;
UPDATE api_clients SET scopes = ARRAY['registrations', 'orders', 'events', 'email_changes', 'participants'];
ALTER TABLE api_clients DROP COLUMN key_prefix, DROP COLUMN key_hash, DROP COLUMN revoked_at;

-- What a client creates is its own: another client gets 404 for it. Staff see everything. A row
-- with no client (created by staff, or before this migration and not traceable) is no client's.
ALTER TABLE orders ADD COLUMN client_id uuid REFERENCES api_clients(id);
ALTER TABLE claims ADD COLUMN client_id uuid REFERENCES api_clients(id);
ALTER TABLE email_change_requests ADD COLUMN client_id uuid REFERENCES api_clients(id);
-- The registration resource (GET /api/registrations/{id} and its ledger): the client that registered
-- the person. The person is nobody's: the participant's own account (a session) is the participant's.
ALTER TABLE participants ADD COLUMN client_id uuid REFERENCES api_clients(id);

-- Earlier rows: the audit log names the client that opened each order, claim and email change.
UPDATE orders o SET client_id = a.actor_id
  FROM audit_log a JOIN api_clients c ON c.id = a.actor_id
 WHERE a.action = 'order.place' AND a.actor_type = 'api_client' AND a.subject_type = 'order' AND a.subject_id = o.id::text;
UPDATE claims x SET client_id = a.actor_id
  FROM audit_log a JOIN api_clients c ON c.id = a.actor_id
 WHERE a.action = 'claim.open' AND a.actor_type = 'api_client' AND a.subject_type = 'claim' AND a.subject_id = x.id::text;
UPDATE email_change_requests r SET client_id = a.actor_id
  FROM audit_log a JOIN api_clients c ON c.id = a.actor_id
 WHERE a.action = 'email_change.open' AND a.actor_type = 'api_client' AND a.subject_type = 'email_change' AND a.subject_id = r.id::text;
-- Registrations were not audited by client: with a single client (the usual install, and `npm start`'s
-- demo) they are all its own; with several, they stay no client's rather than be handed to a wrong one.
UPDATE participants SET client_id = (SELECT id FROM api_clients) WHERE (SELECT count(*) FROM api_clients) = 1;

-- Down Migration
ALTER TABLE participants DROP COLUMN client_id;
ALTER TABLE email_change_requests DROP COLUMN client_id;
ALTER TABLE claims DROP COLUMN client_id;
ALTER TABLE orders DROP COLUMN client_id;
-- Back to one key per client: its newest live key (or its newest key, revoked); a client without any
-- key gets an unusable revoked placeholder, since the old row must have one.
ALTER TABLE api_clients ADD COLUMN key_prefix text, ADD COLUMN key_hash text, ADD COLUMN revoked_at timestamptz;
UPDATE api_clients c SET key_prefix = k.key_prefix, key_hash = k.key_hash, revoked_at = coalesce(k.revoked_at, c.disabled_at)
  FROM (SELECT DISTINCT ON (client_id) client_id, key_prefix, key_hash, revoked_at
          FROM api_keys ORDER BY client_id, (revoked_at IS NULL) DESC, created_at DESC) k
 WHERE k.client_id = c.id;
UPDATE api_clients SET key_prefix = 'bk_none', key_hash = 'none:' || id, revoked_at = now() WHERE key_hash IS NULL;
ALTER TABLE api_clients ALTER COLUMN key_prefix SET NOT NULL, ALTER COLUMN key_hash SET NOT NULL, ADD UNIQUE (key_hash);
DROP TABLE api_keys;
ALTER TABLE api_clients DROP COLUMN scopes, DROP COLUMN disabled_at;
