-- Up Migration

-- A participant's balance is the sum of all their lots (db/participants.ts, participantSelect, with
-- no `remaining > 0`), which the partial lots_open index cannot serve: without this index every
-- balance read (GET /api/registrations/:id/ledger, the staff console's lists) scans the whole lots table.
CREATE INDEX lots_participant ON lots (participant_id);

-- Down Migration
DROP INDEX lots_participant;
