-- Up Migration

-- A participant's balance, stored (issue 12: the balance is not summed at read time). db/ledger.ts
-- keeps it in the same statement or transaction as every change of the lots and holds it sums:
--   available = sum(lots.remaining)                    (points a lot still holds, including a lot whose
--                                                       instant has passed until the sweep expires it)
--   held      = sum(holds.amount) WHERE status = 'held'
-- The ledger invariant (ledgerInvariant) checks both, participant by participant. A participant with
-- no row holds nothing.
CREATE TABLE balances (
  participant_id uuid PRIMARY KEY REFERENCES participants(id),
  available      bigint NOT NULL DEFAULT 0 CHECK (available >= 0),
  held           bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

INSERT INTO balances (participant_id, available, held)
SELECT participant_id, sum(available), sum(held)
  FROM (SELECT participant_id, remaining AS available, 0 AS held FROM lots
        UNION ALL
        SELECT participant_id, 0, amount FROM holds WHERE status = 'held') x
 GROUP BY participant_id;

-- R20: how many times each lot has expired (a released hold can bring points back to a lot after its
-- instant, which then expire again): the next expiry's key is `expire:<lot>:<expiries + 1>`, read
-- from the lot itself instead of counting its earlier expiry entries.
ALTER TABLE lots ADD COLUMN expiries int NOT NULL DEFAULT 0;
UPDATE lots SET expiries = x.n
  FROM (SELECT m.lot_id, count(*)::int AS n FROM lot_movements m JOIN ledger_entries e ON e.id = m.entry_id
         WHERE e.kind = 'expire' GROUP BY m.lot_id) x
 WHERE lots.id = x.lot_id;

-- A participant's points past their instant that the sweep has not expired yet (a batch's time at
-- most; balanceOf leaves them out), and the participant's next expiry: one short range of this index.
CREATE INDEX lots_open_expiry ON lots (participant_id, expires_at) WHERE remaining > 0;

-- Down Migration
DROP INDEX lots_open_expiry;
ALTER TABLE lots DROP COLUMN expiries;
DROP TABLE balances;
