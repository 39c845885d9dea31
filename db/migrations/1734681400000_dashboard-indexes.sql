-- Up Migration

-- The console's dashboard (db/stats.ts) sums the ledger's entries month by month, and lists the
-- entries of a month behind each figure (db/ledger.ts listEntries): a range over created_at, which
-- no index served (entries are indexed by participant and source only).
CREATE INDEX ledger_entries_created ON ledger_entries (created_at);

-- …and counts activations day by day, and lists the participants activated on a day
-- (registrations have participants_registered_at).
CREATE INDEX participants_activated_at ON participants (activated_at) WHERE activated_at IS NOT NULL;

-- Down Migration
DROP INDEX participants_activated_at, ledger_entries_created;
