-- Up Migration

-- A workflow step that failed in a way retrying cannot fix (a value the database refuses, an address
-- the mail relay refuses) becomes an incident for staff, naming the workflow, what it was about and
-- the step; the workflow then ends, releasing what it held, or waits for a person (workflows/incidents.ts).
ALTER TABLE incidents DROP CONSTRAINT incidents_kind_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_kind_check CHECK (kind IN ('no_attendance_report', 'step_failed'));
ALTER TABLE incidents
  ADD COLUMN workflow_id  text,
  ADD COLUMN subject_type text CHECK (subject_type IN ('participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry')),
  ADD COLUMN subject_id   text,
  ADD COLUMN step         text,
  ADD COLUMN failure_type text;
CREATE INDEX incidents_subject ON incidents (subject_type, subject_id);

-- A registration whose step failed for good is 'failed': it no longer holds the email (R1 counts
-- only pending and active registrations, see participants_live_email), so the person may register again.
ALTER TABLE participants DROP CONSTRAINT participants_status_check;
ALTER TABLE participants ADD CONSTRAINT participants_status_check
  CHECK (status IN ('pending_confirmation', 'pending_verification', 'active', 'rejected', 'expired', 'closed', 'failed'));

-- Down Migration
ALTER TABLE participants DROP CONSTRAINT participants_status_check;
ALTER TABLE participants ADD CONSTRAINT participants_status_check
  CHECK (status IN ('pending_confirmation', 'pending_verification', 'active', 'rejected', 'expired', 'closed'));
DROP INDEX incidents_subject;
ALTER TABLE incidents DROP COLUMN workflow_id, DROP COLUMN subject_type, DROP COLUMN subject_id, DROP COLUMN step, DROP COLUMN failure_type;
ALTER TABLE incidents DROP CONSTRAINT incidents_kind_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_kind_check CHECK (kind IN ('no_attendance_report'));
