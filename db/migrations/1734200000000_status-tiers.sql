-- Up Migration

-- A1: status tiers. Qualifying points are kept apart from spendable points: a credit whose source
-- qualifies (a term) gets one qualifying entry, in the same transaction, in the qualification period
-- of its instant; a reversal of that credit gets a negative one in the same period. Spending, holds
-- and expiry never touch them. Owned by db/ledger.ts (the only writer of points).
CREATE TABLE qualifying_entries (
  id             bigserial PRIMARY KEY,
  participant_id uuid NOT NULL REFERENCES participants(id),
  -- the credit (or the reversal) it comes from: one qualifying entry per ledger entry, at most
  entry_id       bigint NOT NULL UNIQUE REFERENCES ledger_entries(id),
  period_start   timestamptz NOT NULL,
  source_type    text NOT NULL,
  points         bigint NOT NULL,
  -- one activity per qualifying credit (a webinar attended, a test passed), minus one per reversal
  activities     integer NOT NULL CHECK (activities IN (-1, 1)),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX qualifying_entries_period ON qualifying_entries (participant_id, period_start);

-- The accrual bonus of a tier is a credit of its own (key tier-bonus:<the credit's key>).
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_source_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_source_type_check
  CHECK (source_type IN ('welcome', 'webinar', 'test', 'course', 'adjustment', 'reversal', 'order', 'expiry', 'leaving', 'tier_bonus'));

-- A participant's tier (db/tiers.ts): a row from the first qualifying credit on. `tier` null is no
-- tier. `assessed_through` is the end of the last period reassessed for this participant (or the
-- start of the period of the first qualifying credit): the reassessment is idempotent per period.
CREATE TABLE participant_tiers (
  participant_id   uuid PRIMARY KEY REFERENCES participants(id),
  tier             text,
  since            timestamptz,
  valid_until      timestamptz,
  assessed_through timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((tier IS NULL) = (valid_until IS NULL))
);
CREATE INDEX participant_tiers_assessment ON participant_tiers (assessed_through, participant_id);

-- Every change of tier (from, to, why, when), kept; `announced_at` is set once the participant was
-- mailed and the participant's workflow told (its ParticipantTier search attribute).
CREATE TABLE tier_changes (
  id             bigserial PRIMARY KEY,
  participant_id uuid NOT NULL REFERENCES participants(id),
  from_tier      text,
  to_tier        text,
  reason         text NOT NULL CHECK (reason IN ('threshold', 'period_end')),
  -- what it was judged on: the period, the qualifying points and activities, the thresholds
  detail         jsonb NOT NULL,
  valid_until    timestamptz,
  changed_at     timestamptz NOT NULL DEFAULT now(),
  announced_at   timestamptz,
  CHECK (from_tier IS DISTINCT FROM to_tier)
);
CREATE INDEX tier_changes_participant ON tier_changes (participant_id, id);
CREATE INDEX tier_changes_unannounced ON tier_changes (id) WHERE announced_at IS NULL;

-- A1: catalog items and services reserved for a tier and above (null: everyone).
ALTER TABLE catalog_items ADD COLUMN min_tier text;

-- Down Migration
ALTER TABLE catalog_items DROP COLUMN min_tier;
DROP TABLE tier_changes, participant_tiers, qualifying_entries;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_source_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_source_type_check
  CHECK (source_type IN ('welcome', 'webinar', 'test', 'course', 'adjustment', 'reversal', 'order', 'expiry', 'leaving'));
