-- Up Migration

-- Issue 12: the console's participant list sorted by balance, and its search box, a few milliseconds
-- with a million participants (db/participants.ts listParticipants).

-- Sorted by balance: the page is read in the order of the stored balance (`balances.available`), so
-- every participant has a row: a participant never credited gets one holding nothing (insertParticipant
-- writes it with the participant; the ledger's writers upsert or update it).
INSERT INTO balances (participant_id)
SELECT p.id FROM participants p WHERE NOT EXISTS (SELECT 1 FROM balances b WHERE b.participant_id = p.id);
CREATE INDEX balances_available ON balances (available DESC, participant_id);

-- The search box `q`: each of its matches is an index read (the name both ways round, the agency's
-- legal name by trigrams; a phone equal to the term, whatever the participant's status).
CREATE INDEX participants_name_reversed_trgm ON participants USING gin (lower(last_name || ' ' || first_name) gin_trgm_ops);
CREATE INDEX agencies_legal_name_trgm ON agencies USING gin (lower(legal_name) gin_trgm_ops);
CREATE INDEX participants_phone ON participants (phone) WHERE phone IS NOT NULL;
-- The planner's statistics of the new expressions (else it guesses thousands of matches per term and
-- reads every participant to join them).
ANALYZE participants, agencies;

-- Down Migration
DROP INDEX participants_phone, agencies_legal_name_trgm, participants_name_reversed_trgm, balances_available;
