-- Up Migration

-- Four eyes: moving a participant's login to a new address and a large points adjustment each need
-- a second staff member. The email-change workflow refuses an approval by staff who opened the
-- request or uploaded one of its documents; these columns are the record of who did (actor type and
-- id beside the label the screens show). Rows from before have none: their workflows knew nobody.
ALTER TABLE email_change_requests
  ADD COLUMN created_by_type text CHECK (created_by_type IN ('staff', 'api_client')),
  ADD COLUMN created_by_id   uuid;
ALTER TABLE documents
  ADD COLUMN uploaded_by_type  text CHECK (uploaded_by_type IN ('staff', 'api_client')),
  ADD COLUMN uploaded_by_id    uuid,
  ADD COLUMN uploaded_by_label text;

-- An adjustment above FOUR_EYES_ADJUSTMENT_LIMIT points waits here for another staff member; its
-- approval posts it to the ledger (key adjustment-request:<id>) in the same transaction. Decided once.
CREATE TABLE adjustment_requests (
  id              uuid PRIMARY KEY,
  participant_id  uuid NOT NULL REFERENCES participants(id),
  amount          bigint NOT NULL CHECK (amount <> 0),
  reason          text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  -- adjustment:<participant>:<Idempotency-Key>: a retried request opens nothing twice
  idempotency_key text UNIQUE,
  requested_by_id uuid NOT NULL REFERENCES staff_users(id),
  requested_by    text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  decided_by_id   uuid REFERENCES staff_users(id),
  decided_by      text,
  decided_at      timestamptz,
  decision_reason text,
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'pending') = (decided_by_id IS NULL)),
  CHECK (status <> 'rejected' OR decision_reason IS NOT NULL),
  -- the rule itself, in the schema too: whoever asked never approves
  CONSTRAINT adjustment_requests_four_eyes CHECK (status <> 'approved' OR decided_by_id <> requested_by_id)
);
CREATE INDEX adjustment_requests_status ON adjustment_requests (status, created_at);
CREATE INDEX adjustment_requests_participant ON adjustment_requests (participant_id, created_at);

-- Down Migration
DROP TABLE adjustment_requests;
ALTER TABLE documents DROP COLUMN uploaded_by_type, DROP COLUMN uploaded_by_id, DROP COLUMN uploaded_by_label;
ALTER TABLE email_change_requests DROP COLUMN created_by_type, DROP COLUMN created_by_id;
