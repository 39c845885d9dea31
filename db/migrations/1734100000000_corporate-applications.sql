-- Up Migration

-- A7: an organisation (a travel agency not yet under contract) applies to join through the API with
-- its details and two signed documents (PDF). Its workflow waits for the documents (a reminder, a
-- deadline), then for a manager; an approval writes the agency into the contract registry (R4).
CREATE TABLE corporate_applications (
  id                           uuid PRIMARY KEY,
  -- what people quote (and the contract number is made of): 1, 2, 3…
  number                       bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  legal_name                   text NOT NULL,
  inn                          text NOT NULL CHECK (inn ~ '^([0-9]{10}|[0-9]{12})$'),
  -- an organisation (10-digit INN) has a KPP; an individual entrepreneur (12 digits) has none
  kpp                          text CHECK (kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
  address                      text NOT NULL,
  contact_name                 text NOT NULL,
  contact_email                text NOT NULL,
  contract_path                text NOT NULL CHECK (contract_path IN ('agent', 'subagent')),
  status                       text NOT NULL CHECK (status IN
                                 ('awaiting_documents', 'awaiting_review', 'approved', 'rejected', 'expired', 'cancelled')),
  application_form_document_id uuid REFERENCES documents(id),
  signed_contract_document_id  uuid REFERENCES documents(id),
  workflow_id                  text NOT NULL UNIQUE,
  documents_due_at             timestamptz NOT NULL,
  reminded_at                  timestamptz,
  -- the registry's contract the approval wrote (or found there already)
  contract_number              text,
  decision_reason              text,
  decided_by                   text,
  decided_by_id                uuid REFERENCES staff_users(id),
  decided_at                   timestamptz,
  end_reason                   text,
  -- the API client that brought the application: only it follows it through the client API
  client_id                    uuid REFERENCES api_clients(id),
  created_by                   text NOT NULL,
  created_at                   timestamptz NOT NULL DEFAULT now(),
  CHECK ((length(inn) = 10) = (kpp IS NOT NULL)),
  CHECK (status <> 'approved' OR contract_number IS NOT NULL),
  CHECK (status <> 'rejected' OR decision_reason IS NOT NULL)
);
-- One open application per organisation.
CREATE UNIQUE INDEX corporate_applications_open_inn ON corporate_applications (inn)
  WHERE status IN ('awaiting_documents', 'awaiting_review');
CREATE INDEX corporate_applications_status ON corporate_applications (status, created_at);

ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check CHECK (kind IN
  ('intermediary_letter', 'affiliation_proof', 'new_employer_letter', 'employment_record', 'application_form', 'signed_contract'));

-- A contract written by an approved application. The operator's next CSV export replaces the
-- imported rows; an application's row stays until the export knows the agency (by the contract
-- number or the INN), so an approval is never undone by an export taken before it.
ALTER TABLE contract_registry ADD COLUMN application_id uuid REFERENCES corporate_applications(id);

-- A registration waiting for a reviewer whose agency the registry verifies meanwhile (an approved
-- application) is activated without one: its task is closed as resolved by the registry.
ALTER TABLE review_tasks DROP CONSTRAINT review_tasks_status_check;
ALTER TABLE review_tasks ADD CONSTRAINT review_tasks_status_check
  CHECK (status IN ('open', 'approved', 'rejected', 'cancelled', 'resolved_by_registry'));

-- The manager decides applications (rules/staff-roles.ts: support < manager < admin).
ALTER TABLE staff_users DROP CONSTRAINT staff_users_role_check;
ALTER TABLE staff_users ADD CONSTRAINT staff_users_role_check CHECK (role IN ('support', 'manager', 'admin'));

ALTER TABLE incidents DROP CONSTRAINT incidents_subject_type_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_subject_type_check
  CHECK (subject_type IN ('participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry', 'application'));

-- The client API's new scope. Existing clients do not get it: an admin grants it to the client that
-- takes applications (a new scope is a new power, never handed out silently).
ALTER TABLE api_clients DROP CONSTRAINT api_clients_scopes_known;
ALTER TABLE api_clients ADD CONSTRAINT api_clients_scopes_known
  CHECK (scopes <@ ARRAY['registrations', 'orders', 'events', 'email_changes', 'participants', 'applications']::text[]);

-- Down Migration
UPDATE api_clients SET scopes = array_remove(scopes, 'applications');
ALTER TABLE api_clients DROP CONSTRAINT api_clients_scopes_known;
ALTER TABLE api_clients ADD CONSTRAINT api_clients_scopes_known
  CHECK (scopes <@ ARRAY['registrations', 'orders', 'events', 'email_changes', 'participants']::text[]);
DELETE FROM incidents WHERE subject_type = 'application';
ALTER TABLE incidents DROP CONSTRAINT incidents_subject_type_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_subject_type_check
  CHECK (subject_type IN ('participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry'));
UPDATE staff_users SET role = 'support' WHERE role = 'manager';
ALTER TABLE staff_users DROP CONSTRAINT staff_users_role_check;
ALTER TABLE staff_users ADD CONSTRAINT staff_users_role_check CHECK (role IN ('support', 'admin'));
UPDATE review_tasks SET status = 'approved' WHERE status = 'resolved_by_registry';
ALTER TABLE review_tasks DROP CONSTRAINT review_tasks_status_check;
ALTER TABLE review_tasks ADD CONSTRAINT review_tasks_status_check CHECK (status IN ('open', 'approved', 'rejected', 'cancelled'));
ALTER TABLE contract_registry DROP COLUMN application_id;
DROP TABLE corporate_applications;
DELETE FROM documents WHERE kind IN ('application_form', 'signed_contract');
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check
  CHECK (kind IN ('intermediary_letter', 'affiliation_proof', 'new_employer_letter', 'employment_record'));
