-- Up Migration

-- The ledger as lots (R20): every credit is a lot with its own expiry instant; debits (spend,
-- expiry, annulment) consume lots oldest first, recorded movement by movement. Holds (orders
-- waiting for payment or review, A5, R17) take points out of their lots until captured or released.
--   credited = spent + expired + annulled + held + balance
-- where balance = sum(lots.remaining) and held = sum of holds still 'held'.

ALTER TABLE ledger_entries ADD COLUMN kind text NOT NULL DEFAULT 'credit'
  CHECK (kind IN ('credit', 'spend', 'expire', 'annul'));
ALTER TABLE ledger_entries ALTER COLUMN kind DROP DEFAULT;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_sign CHECK ((kind = 'credit') = (amount > 0));
ALTER TABLE ledger_entries ADD COLUMN reason text;
ALTER TABLE ledger_entries ADD COLUMN created_by text;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_source_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_source_type_check
  CHECK (source_type IN ('welcome', 'webinar', 'test', 'course', 'adjustment', 'reversal', 'order', 'expiry', 'leaving'));
CREATE INDEX ledger_entries_source ON ledger_entries (source_id);

CREATE TABLE lots (
  id             bigserial PRIMARY KEY,
  participant_id uuid NOT NULL REFERENCES participants(id),
  entry_id       bigint NOT NULL UNIQUE REFERENCES ledger_entries(id),
  amount         bigint NOT NULL CHECK (amount > 0),
  remaining      bigint NOT NULL CHECK (remaining >= 0 AND remaining <= amount),
  accrued_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  noticed_at     timestamptz
);
CREATE INDEX lots_open ON lots (participant_id, accrued_at, id) WHERE remaining > 0;
CREATE INDEX lots_due ON lots (expires_at, id) WHERE remaining > 0;

-- Lots the welcome credits of earlier participants became (accrual + the default two years).
INSERT INTO lots (participant_id, entry_id, amount, remaining, accrued_at, expires_at)
SELECT participant_id, id, amount, amount, created_at, created_at + interval '730 days' FROM ledger_entries WHERE amount > 0;

CREATE TABLE holds (
  id              uuid PRIMARY KEY,
  participant_id  uuid NOT NULL REFERENCES participants(id),
  amount          bigint NOT NULL CHECK (amount > 0),
  status          text NOT NULL CHECK (status IN ('held', 'captured', 'released')),
  reason          text NOT NULL,
  -- the spend entry a captured hold became
  entry_id        bigint REFERENCES ledger_entries(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  settled_at      timestamptz
);
CREATE INDEX holds_held ON holds (participant_id) WHERE status = 'held';

-- Which lots each debit or hold took its points from (oldest first).
CREATE TABLE lot_movements (
  id       bigserial PRIMARY KEY,
  lot_id   bigint NOT NULL REFERENCES lots(id),
  entry_id bigint REFERENCES ledger_entries(id),
  hold_id  uuid REFERENCES holds(id),
  amount   bigint NOT NULL CHECK (amount > 0),
  CHECK (entry_id IS NOT NULL OR hold_id IS NOT NULL)
);
CREATE INDEX lot_movements_lot ON lot_movements (lot_id);
CREATE INDEX lot_movements_hold ON lot_movements (hold_id) WHERE hold_id IS NOT NULL;

-- R26: a participant may leave; the account is closed and the email free to register again (R23).
ALTER TABLE participants DROP CONSTRAINT participants_status_check;
ALTER TABLE participants ADD CONSTRAINT participants_status_check
  CHECK (status IN ('pending_confirmation', 'pending_verification', 'active', 'rejected', 'expired', 'closed'));

-- Down Migration
DROP TABLE lot_movements, holds, lots;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_sign;
ALTER TABLE ledger_entries DROP COLUMN kind, DROP COLUMN reason, DROP COLUMN created_by;
