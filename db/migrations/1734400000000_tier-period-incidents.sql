-- Up Migration

-- A1: a reassessment at a qualification period's end that fails for good raises an incident for
-- staff, about the period (subject id: the period's end).
ALTER TABLE incidents DROP CONSTRAINT incidents_subject_type_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_subject_type_check
  CHECK (subject_type IN ('participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry', 'application', 'donation', 'tier_period'));

-- Down Migration
DELETE FROM incidents WHERE subject_type = 'tier_period';
ALTER TABLE incidents DROP CONSTRAINT incidents_subject_type_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_subject_type_check
  CHECK (subject_type IN ('participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry', 'application', 'donation'));
