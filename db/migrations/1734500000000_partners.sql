-- Up Migration

-- A2: partners (hotel chains, insurers, the e-learning platform), kept by admins (db/partners.ts).
-- The earning rule is a document of rules/partners.ts (`EarningRule`): points per 100 roubles, or
-- a fixed number per kind of transaction. Money is kept in kopecks, durations in milliseconds.
CREATE TABLE partners (
  id                      uuid PRIMARY KEY,
  name                    text NOT NULL,
  earning_rule            jsonb NOT NULL,
  -- A1: whether its points are qualifying points (and earn the tier's accrual bonus's qualifying share)
  qualifies               boolean NOT NULL DEFAULT false,
  -- how long an accrual stays pending (the partner may cancel it meanwhile) before it is credited
  pending_period_ms       bigint NOT NULL CHECK (pending_period_ms >= 0),
  -- what the partner pays the program per point credited (its monthly statement)
  price_per_point_kopecks integer NOT NULL CHECK (price_per_point_kopecks >= 0),
  active                  boolean NOT NULL DEFAULT true,
  created_by              text NOT NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX partners_name ON partners (lower(name));

-- A partner's systems call the API as an API client with the `partner` scope bound to the partner:
-- a partner route takes the partner from the calling client, never from the request.
ALTER TABLE api_clients ADD COLUMN partner_id uuid REFERENCES partners(id);
CREATE INDEX api_clients_partner ON api_clients (partner_id) WHERE partner_id IS NOT NULL;
ALTER TABLE api_clients DROP CONSTRAINT api_clients_scopes_known;
ALTER TABLE api_clients ADD CONSTRAINT api_clients_scopes_known
  CHECK (scopes <@ ARRAY['registrations', 'orders', 'events', 'email_changes', 'participants', 'applications', 'partner']::text[]);

-- A2: a partner's transactions, each under the partner's own id (unique per partner: a replay finds
-- the accrual it made). Pending until `due_at` (the pending period, rounded up to the timer's
-- granule, rules/partners.ts), then credited as a lot keyed partner:<partner>:<transaction>, or
-- void when the participant is no longer active by then; the partner may cancel it while pending
-- and reverse it once credited (what its lot still holds is annulled: `reversed_points`).
CREATE TABLE partner_accruals (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  partner_id      uuid NOT NULL REFERENCES partners(id),
  transaction_id  text NOT NULL,
  participant_id  uuid NOT NULL REFERENCES participants(id),
  transaction_at  timestamptz NOT NULL,
  -- the partner gave a calendar date (transaction_at is its first instant, UTC), not an instant
  date_only       boolean NOT NULL,
  amount_kopecks  bigint CHECK (amount_kopecks > 0),
  kind            text,
  points          integer NOT NULL CHECK (points > 0),
  status          text NOT NULL CHECK (status IN ('pending', 'credited', 'cancelled', 'reversed', 'void')),
  -- posted by the partner, or credited by an approved claim of the participant (A4)
  source          text NOT NULL CHECK (source IN ('api', 'claim')),
  claim_id        uuid REFERENCES claims(id),
  client_id       uuid REFERENCES api_clients(id),
  posted_at       timestamptz NOT NULL,
  due_at          timestamptz NOT NULL,
  credited_at     timestamptz,
  cancelled_at    timestamptz,
  reversed_at     timestamptz,
  reversed_points integer CHECK (reversed_points >= 0),
  end_reason      text,
  UNIQUE (partner_id, transaction_id),
  CHECK ((status IN ('credited', 'reversed')) = (credited_at IS NOT NULL)),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  CHECK ((status = 'reversed') = (reversed_at IS NOT NULL AND reversed_points IS NOT NULL)),
  CHECK ((source = 'claim') = (claim_id IS NOT NULL))
);
-- The timer's batches: a partner's pending accruals due by an instant, in id order.
CREATE INDEX partner_accruals_pending ON partner_accruals (partner_id, due_at, id) WHERE status = 'pending';
CREATE INDEX partner_accruals_participant ON partner_accruals (participant_id, partner_id);
-- The monthly statement: credits and reversals of a partner by month.
CREATE INDEX partner_accruals_credited ON partner_accruals (partner_id, credited_at) WHERE credited_at IS NOT NULL;
CREATE INDEX partner_accruals_reversed ON partner_accruals (partner_id, reversed_at) WHERE reversed_at IS NOT NULL;

ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_source_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_source_type_check
  CHECK (source_type IN ('welcome', 'webinar', 'test', 'course', 'adjustment', 'reversal', 'order', 'expiry', 'leaving', 'tier_bonus', 'donation', 'partner'));

-- The crediting timer of a partner raises its incidents about the partner.
ALTER TABLE incidents DROP CONSTRAINT incidents_subject_type_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_subject_type_check
  CHECK (subject_type IN ('participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry', 'application', 'donation', 'tier_period', 'partner'));

-- A4 for partners: a participant claims a partner's transaction that was never posted (the airline
-- form: partner, the transaction's reference, its date and amount or kind). The claim keeps the
-- points the partner's rule gave when it was filed; an approval credits them under the key the
-- accrual would have had, so never twice.
ALTER TABLE claims
  ADD COLUMN kind text NOT NULL DEFAULT 'event' CHECK (kind IN ('event', 'partner')),
  ALTER COLUMN event_id DROP NOT NULL,
  ADD COLUMN partner_id uuid REFERENCES partners(id),
  ADD COLUMN partner_reference text,
  ADD COLUMN transaction_at timestamptz,
  ADD COLUMN date_only boolean,
  ADD COLUMN amount_kopecks bigint CHECK (amount_kopecks > 0),
  ADD COLUMN transaction_kind text,
  ADD COLUMN partner_points integer CHECK (partner_points > 0),
  ADD CONSTRAINT claims_kind_fields CHECK (
    CASE kind
      WHEN 'event' THEN event_id IS NOT NULL AND partner_id IS NULL
      ELSE event_id IS NULL AND partner_id IS NOT NULL AND partner_reference IS NOT NULL AND transaction_at IS NOT NULL
           AND date_only IS NOT NULL AND partner_points IS NOT NULL
    END);
CREATE UNIQUE INDEX claims_open_partner ON claims (participant_id, partner_id, partner_reference) WHERE status = 'open';

-- Down Migration
DROP INDEX claims_open_partner;
DELETE FROM claims WHERE kind = 'partner';
ALTER TABLE claims
  DROP CONSTRAINT claims_kind_fields,
  DROP COLUMN partner_points,
  DROP COLUMN transaction_kind,
  DROP COLUMN amount_kopecks,
  DROP COLUMN date_only,
  DROP COLUMN transaction_at,
  DROP COLUMN partner_reference,
  DROP COLUMN partner_id,
  ALTER COLUMN event_id SET NOT NULL,
  DROP COLUMN kind;
DELETE FROM incidents WHERE subject_type = 'partner';
ALTER TABLE incidents DROP CONSTRAINT incidents_subject_type_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_subject_type_check
  CHECK (subject_type IN ('participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry', 'application', 'donation', 'tier_period'));
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_source_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_source_type_check
  CHECK (source_type IN ('welcome', 'webinar', 'test', 'course', 'adjustment', 'reversal', 'order', 'expiry', 'leaving', 'tier_bonus', 'donation'));
DROP TABLE partner_accruals;
UPDATE api_clients SET scopes = array_remove(scopes, 'partner');
ALTER TABLE api_clients DROP CONSTRAINT api_clients_scopes_known;
ALTER TABLE api_clients ADD CONSTRAINT api_clients_scopes_known
  CHECK (scopes <@ ARRAY['registrations', 'orders', 'events', 'email_changes', 'participants', 'applications']::text[]);
DROP INDEX api_clients_partner;
ALTER TABLE api_clients DROP COLUMN partner_id;
DROP TABLE partners;
