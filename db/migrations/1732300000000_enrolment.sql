-- Up Migration

-- Staff of the operator who work in the console (roles: support, admin).
CREATE TABLE staff_users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL UNIQUE CHECK (email = lower(btrim(email))),
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('support', 'admin')),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled_at   timestamptz
);

CREATE TABLE staff_sessions (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  staff_id   uuid NOT NULL REFERENCES staff_users(id),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- API clients (webinar platform, shop, partners). Only a hash of each key is kept.
CREATE TABLE api_clients (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  key_prefix text NOT NULL,
  key_hash   text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Every staff action, and every decision taken on someone's behalf.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor_type   text NOT NULL CHECK (actor_type IN ('staff', 'api_client', 'system')),
  actor_id     uuid,
  actor_label  text NOT NULL,
  action       text NOT NULL,
  subject_type text NOT NULL,
  subject_id   text NOT NULL,
  details      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);

-- The operator's contract registry, loaded from its CSV export (R4).
CREATE TABLE contract_registry (
  contract_number text PRIMARY KEY,
  contract_type   text NOT NULL CHECK (contract_type IN ('agent', 'subagent')),
  inn             text,
  legal_name      text NOT NULL,
  status          text NOT NULL CHECK (status IN ('active', 'terminated')),
  imported_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contract_registry_inn ON contract_registry (inn);
CREATE INDEX contract_registry_name ON contract_registry (lower(legal_name));

-- Agencies (legal entities holding the contract); colleagues share one (R5).
CREATE TABLE agencies (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  inn        text UNIQUE,
  legal_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (inn IS NOT NULL OR legal_name IS NOT NULL)
);
CREATE UNIQUE INDEX agencies_name_without_inn ON agencies (lower(legal_name)) WHERE inn IS NULL;

-- Uploaded documents (confirmation letters), stored in the database with their hash.
CREATE TABLE documents (
  id           uuid PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('intermediary_letter')),
  filename     text NOT NULL,
  content_type text NOT NULL,
  size_bytes   integer NOT NULL CHECK (size_bytes > 0),
  sha256       text NOT NULL,
  content      bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE member_number_seq START 100001;

CREATE TABLE participants (
  id                   uuid PRIMARY KEY,
  workflow_id          text NOT NULL,
  email                text NOT NULL,
  email_normalized     text NOT NULL,
  first_name           text NOT NULL,
  last_name            text NOT NULL,
  agency_id            uuid NOT NULL REFERENCES agencies(id),
  contract_path        text NOT NULL CHECK (contract_path IN ('agent', 'subagent', 'intermediary')),
  contract_number      text,
  subagency_legal_name text,
  letter_document_id   uuid REFERENCES documents(id),
  status               text NOT NULL CHECK (status IN
                         ('pending_confirmation', 'pending_verification', 'active', 'rejected', 'expired')),
  password_hash        text,
  member_number        bigint UNIQUE,
  registered_at        timestamptz NOT NULL,
  confirmed_at         timestamptz,
  verified_at          timestamptz,
  activated_at         timestamptz,
  ended_at             timestamptz,
  end_reason           text
);
-- R1: one live participant per normalised email; expired and rejected registrations may be repeated.
CREATE UNIQUE INDEX participants_live_email ON participants (email_normalized)
  WHERE status IN ('pending_confirmation', 'pending_verification', 'active');
CREATE INDEX participants_email ON participants (email_normalized);
CREATE INDEX participants_registered_at ON participants (registered_at);
CREATE INDEX participants_agency ON participants (agency_id);

-- One-time links; only the hash of the token is stored.
CREATE TABLE confirmation_tokens (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  participant_id uuid NOT NULL REFERENCES participants(id),
  token_hash     text NOT NULL UNIQUE,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX confirmation_tokens_participant ON confirmation_tokens (participant_id);

-- Support review queue: what machines cannot decide (R4).
CREATE TABLE review_tasks (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('registration')),
  participant_id  uuid NOT NULL REFERENCES participants(id),
  workflow_id     text NOT NULL,
  status          text NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'cancelled')),
  review_reason   text NOT NULL,
  registry_hint   text NOT NULL DEFAULT '',
  decision_reason text,
  decided_by      uuid REFERENCES staff_users(id),
  decided_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_tasks_status ON review_tasks (status, created_at);

-- Points ledger: append-only; every entry has an idempotency key and names its source.
CREATE TABLE ledger_entries (
  id              bigserial PRIMARY KEY,
  participant_id  uuid NOT NULL REFERENCES participants(id),
  amount          bigint NOT NULL CHECK (amount <> 0),
  source_type     text NOT NULL CHECK (source_type IN ('welcome')),
  source_id       text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_participant ON ledger_entries (participant_id, id);

-- Every email the program sends, recorded before it goes out (an outbox the console can read).
CREATE TABLE sent_mail (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE,
  participant_id  uuid REFERENCES participants(id),
  kind            text NOT NULL,
  to_address      text NOT NULL,
  subject         text NOT NULL,
  body_text       text NOT NULL,
  message_id      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX sent_mail_created ON sent_mail (created_at DESC);

-- Down Migration
DROP TABLE sent_mail, ledger_entries, review_tasks, confirmation_tokens, participants, documents,
  agencies, contract_registry, audit_log, api_clients, staff_sessions, staff_users;
DROP SEQUENCE member_number_seq;
