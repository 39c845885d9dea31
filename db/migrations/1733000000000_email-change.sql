-- Up Migration

-- R21: an email change waits for two employment documents, a reviewer, and the new address's
-- confirmation; then the new address is the participant's identity (points, history, member number stay).
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check
  CHECK (kind IN ('intermediary_letter', 'affiliation_proof', 'new_employer_letter', 'employment_record'));

CREATE TABLE email_change_requests (
  id                     uuid PRIMARY KEY,
  participant_id         uuid NOT NULL REFERENCES participants(id),
  old_email              text NOT NULL,
  new_email              text NOT NULL,
  new_email_normalized   text NOT NULL CHECK (new_email_normalized = lower(btrim(new_email_normalized))),
  status                 text NOT NULL CHECK (status IN
                           ('awaiting_documents', 'awaiting_review', 'awaiting_confirmation', 'completed', 'rejected', 'expired', 'cancelled')),
  letter_document_id     uuid REFERENCES documents(id),
  employment_document_id uuid REFERENCES documents(id),
  workflow_id            text NOT NULL UNIQUE,
  documents_due_at       timestamptz NOT NULL,
  reminded_at            timestamptz,
  confirm_token_hash     text UNIQUE,
  confirm_due_at         timestamptz,
  decision_reason        text,
  decided_by             text,
  decided_at             timestamptz,
  completed_at           timestamptz,
  end_reason             text,
  created_by             text NOT NULL,
  created_at             timestamptz NOT NULL DEFAULT now()
);
-- One open request per participant, and an address asked for by one open request at a time.
CREATE UNIQUE INDEX email_change_open_participant ON email_change_requests (participant_id)
  WHERE status IN ('awaiting_documents', 'awaiting_review', 'awaiting_confirmation');
CREATE UNIQUE INDEX email_change_open_address ON email_change_requests (new_email_normalized)
  WHERE status IN ('awaiting_documents', 'awaiting_review', 'awaiting_confirmation');

-- Down Migration
DROP TABLE email_change_requests;
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN ('intermediary_letter', 'affiliation_proof'));
