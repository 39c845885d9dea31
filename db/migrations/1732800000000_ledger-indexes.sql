-- Up Migration

-- A participant's balance is the sum of all their lots (db/participants.ts, participantSelect, with
-- no `remaining > 0`), which the partial lots_open index cannot serve: without this index every
-- balance read (GET /api/registrations/:id/ledger, the staff console's lists) scans the whole lots table.
CREATE INDEX lots_participant ON lots (participant_id);

-- The lot-expiry workflow looks for the next expiry notice due (R20): lots with points not yet noticed.
CREATE INDEX lots_notice_due ON lots (expires_at) WHERE remaining > 0 AND noticed_at IS NULL;

-- Down Migration
DROP INDEX lots_notice_due, lots_participant;
