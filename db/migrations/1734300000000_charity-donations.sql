-- Up Migration

-- A3: charity funds the program's admins keep. A fund is an organisation, never a person: points
-- donated to it leave the program (R18, R19 hold: nothing reaches another participant's account).
CREATE TABLE charity_funds (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 300),
  description text NOT NULL DEFAULT '',
  active      boolean NOT NULL DEFAULT true,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX charity_funds_name ON charity_funds (lower(name));

-- A3, A5: a participant's donation, placed by the shop: its points are held from placement until the
-- shop completes it within the payment window (the hold becomes a spend with source type 'donation')
-- or it ends otherwise (the points go back). A completed donation is final: it is never returned.
CREATE TABLE donations (
  id                  uuid PRIMARY KEY,
  fund_id             uuid NOT NULL REFERENCES charity_funds(id),
  participant_id      uuid NOT NULL REFERENCES participants(id),
  points              integer NOT NULL CHECK (points > 0),
  status              text NOT NULL CHECK (status IN ('placed', 'completed', 'cancelled', 'expired')),
  -- why a donation ended without completion: cancelled_by_client, payment_window_elapsed, points_released, incident
  end_reason          text,
  hold_id             uuid NOT NULL UNIQUE REFERENCES holds(id),
  workflow_id         text NOT NULL UNIQUE,
  payment_deadline_at timestamptz NOT NULL,
  client_id           uuid REFERENCES api_clients(id),
  created_by          text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  completed_at        timestamptz,
  ended_at            timestamptz,
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX donations_participant ON donations (participant_id, created_at);
-- the monthly statement per fund reads completed donations by fund and month
CREATE INDEX donations_fund_completed ON donations (fund_id, completed_at) WHERE status = 'completed';
CREATE INDEX donations_created ON donations (created_at DESC);

-- The donation's spend names its own source (ledger entries of kind 'spend', source_id the donation).
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_source_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_source_type_check
  CHECK (source_type IN ('welcome', 'webinar', 'test', 'course', 'adjustment', 'reversal', 'order', 'expiry', 'leaving', 'tier_bonus', 'donation'));

ALTER TABLE incidents DROP CONSTRAINT incidents_subject_type_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_subject_type_check
  CHECK (subject_type IN ('participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry', 'application', 'donation'));

-- Down Migration
ALTER TABLE incidents DROP CONSTRAINT incidents_subject_type_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_subject_type_check
  CHECK (subject_type IN ('participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry', 'application'));
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_source_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_source_type_check
  CHECK (source_type IN ('welcome', 'webinar', 'test', 'course', 'adjustment', 'reversal', 'order', 'expiry', 'leaving', 'tier_bonus'));
DROP TABLE donations, charity_funds;
