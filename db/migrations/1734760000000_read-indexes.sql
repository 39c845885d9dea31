-- Up Migration

-- Issue 12: the console's lists stay a few milliseconds with a million participants, millions of
-- mails and audit entries. A page (db/list-query.ts) is ORDER BY <column> <direction>, id LIMIT n:
-- an index on the sort column lets PostgreSQL read the first rows in order and sort only ties
-- (Incremental Sort), instead of sorting the whole table for 25 rows. A filter the console uses
-- often gets the sort column after it, so the filtered page is read in order too.

-- Participants (db/participants.ts listParticipants): sorts by last name, email and agency; status
-- filter with the default sort (registered_at DESC); R24's name filter and the search box
-- (`%word%`: trigram indexes, pg_trgm).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX participants_status_registered ON participants (status, registered_at);
CREATE INDEX participants_last_name ON participants (last_name);
CREATE INDEX participants_email_sort ON participants (email);
CREATE INDEX agencies_legal_name ON agencies (legal_name);
CREATE INDEX participants_name_trgm ON participants USING gin (lower(first_name || ' ' || last_name) gin_trgm_ops);
CREATE INDEX participants_email_trgm ON participants USING gin (lower(email) gin_trgm_ops);

-- Sent mail (db/mail.ts listMail): a participant's mail (the filter compares the id as text), sorts
-- by address and kind, the address search.
CREATE INDEX sent_mail_participant ON sent_mail ((participant_id::text), created_at);
CREATE INDEX sent_mail_to_address ON sent_mail (to_address);
CREATE INDEX sent_mail_kind ON sent_mail (kind, created_at);
CREATE INDEX sent_mail_address_trgm ON sent_mail USING gin (lower(to_address) gin_trgm_ops);

-- The audit log (db/audit.ts listAudit, ties newest first): by instant, by action, about a subject.
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_action ON audit_log (action, at, id);
CREATE INDEX audit_log_subject_id ON audit_log (subject_id, at, id);

-- Down Migration
DROP INDEX audit_log_subject_id, audit_log_action, audit_log_at;
DROP INDEX sent_mail_address_trgm, sent_mail_kind, sent_mail_to_address, sent_mail_participant;
DROP INDEX participants_email_trgm, participants_name_trgm, agencies_legal_name, participants_email_sort, participants_last_name,
  participants_status_registered;
