-- Up Migration

-- R22: a participant who moved to another agency registers again with the same email and the new
-- agency's details; after verification as in R4 the participant is bound to the new agency, points kept.
CREATE TABLE agency_rebinds (
  id                   uuid PRIMARY KEY,
  participant_id       uuid NOT NULL REFERENCES participants(id),
  agency_inn           text,
  agency_name          text,
  contract_path        text NOT NULL CHECK (contract_path IN ('agent', 'subagent', 'intermediary')),
  contract_number      text,
  subagency_legal_name text,
  letter_document_id   uuid REFERENCES documents(id),
  status               text NOT NULL CHECK (status IN ('verifying', 'applied', 'rejected')),
  reason               text,
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  decided_at           timestamptz,
  CHECK (agency_inn IS NOT NULL OR agency_name IS NOT NULL)
);
CREATE UNIQUE INDEX agency_rebinds_open ON agency_rebinds (participant_id) WHERE status = 'verifying';

ALTER TABLE review_tasks ADD COLUMN rebind_id uuid REFERENCES agency_rebinds(id);
ALTER TABLE review_tasks DROP CONSTRAINT review_tasks_kind_check;
ALTER TABLE review_tasks ADD CONSTRAINT review_tasks_kind_check CHECK (kind IN ('registration', 'rebind'));

-- Down Migration
ALTER TABLE review_tasks DROP CONSTRAINT review_tasks_kind_check;
ALTER TABLE review_tasks ADD CONSTRAINT review_tasks_kind_check CHECK (kind IN ('registration'));
ALTER TABLE review_tasks DROP COLUMN rebind_id;
DROP TABLE agency_rebinds;
