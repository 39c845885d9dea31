-- Up Migration

-- Events that earn points (R9): webinars with a broadcast, and designated program courses.
CREATE TABLE events (
  id               uuid PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('destination_webinar', 'marathon_webinar', 'website_webinar', 'course')),
  title            text NOT NULL,
  points           integer NOT NULL CHECK (points > 0),
  -- a webinar's broadcast start; for a course, the instant it was designated a program course
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz,
  pass_mark        numeric(5, 2),
  -- R11: when the crediting window closes (ends_at + the window in force when the event was created)
  window_closes_at timestamptz,
  min_live_minutes integer NOT NULL,
  -- scheduled → open (broadcast over) → crediting (window closed) → closed; a course stays ongoing
  crediting_status text NOT NULL DEFAULT 'scheduled'
                   CHECK (crediting_status IN ('scheduled', 'open', 'crediting', 'closed', 'ongoing')),
  credited_count   integer NOT NULL DEFAULT 0,
  closed_at        timestamptz,
  workflow_id      text NOT NULL UNIQUE,
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'course') = (ends_at IS NULL)),
  CHECK (ends_at IS NULL OR ends_at > starts_at),
  CHECK ((kind = 'marathon_webinar') = (pass_mark IS NOT NULL))
);
CREATE INDEX events_starts_at ON events (starts_at DESC);

-- What a platform reported for an event: attendance, test results or course completions. An API
-- report is confirmed at once; an uploaded file waits in preview until staff confirm it. A confirmed
-- report replaces the earlier confirmed report of the same kind (a correction, R11).
CREATE TABLE event_reports (
  id           uuid PRIMARY KEY,
  event_id     uuid NOT NULL REFERENCES events(id),
  kind         text NOT NULL CHECK (kind IN ('attendance', 'test_results', 'course_completions')),
  source       text NOT NULL CHECK (source IN ('api', 'upload')),
  format       text NOT NULL,
  filename     text,
  status       text NOT NULL CHECK (status IN ('preview', 'confirmed', 'superseded', 'discarded')),
  line_count   integer NOT NULL,
  row_count    integer NOT NULL,
  errors       jsonb NOT NULL DEFAULT '[]',
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz
);
CREATE INDEX event_reports_event ON event_reports (event_id, kind, status);
-- At most one confirmed report of each kind per event.
CREATE UNIQUE INDEX event_reports_current ON event_reports (event_id, kind) WHERE status = 'confirmed';

-- One line per person and report (segments already summed), kept in PostgreSQL, not in workflow history.
CREATE TABLE event_report_lines (
  report_id         uuid NOT NULL REFERENCES event_reports(id) ON DELETE CASCADE,
  email_normalized  text NOT NULL,
  email             text NOT NULL,
  live_minutes      integer,
  recording_minutes integer,
  score             numeric(5, 2),
  completed_at      timestamptz,
  PRIMARY KEY (report_id, email_normalized)
);

-- The verdict for every reported email when the window closed: credited, or why not (R8–R10, R13).
CREATE TABLE event_outcomes (
  event_id         uuid NOT NULL REFERENCES events(id),
  email_normalized text NOT NULL,
  participant_id   uuid REFERENCES participants(id),
  live_minutes     integer,
  score            numeric(5, 2),
  credited         boolean NOT NULL,
  reason           text,
  decided_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, email_normalized)
);
CREATE INDEX event_outcomes_unmatched ON event_outcomes (event_id) WHERE reason = 'not_a_participant';

-- Things staff must look at, e.g. a crediting window that closed with no attendance report (R11).
CREATE TABLE incidents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('no_attendance_report')),
  event_id        uuid REFERENCES events(id),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  details         text NOT NULL,
  resolution      text,
  resolved_by     text,
  resolved_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incidents_status ON incidents (status, created_at);

-- A4: claims of missing points for a named event, each decided by a reviewer before a deadline.
CREATE TABLE claims (
  id              uuid PRIMARY KEY,
  participant_id  uuid NOT NULL REFERENCES participants(id),
  event_id        uuid NOT NULL REFERENCES events(id),
  statement       text NOT NULL,
  status          text NOT NULL CHECK (status IN ('open', 'approved', 'rejected', 'expired')),
  workflow_id     text NOT NULL UNIQUE,
  deadline_at     timestamptz NOT NULL,
  decision_reason text,
  decided_by      text,
  decided_at      timestamptz,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
-- One open claim per participant and event.
CREATE UNIQUE INDEX claims_open ON claims (participant_id, event_id) WHERE status = 'open';

-- Credits name their source: the welcome bonus, a webinar, a passed test, a course (R12: the
-- idempotency key event:<event>:<participant> makes an event's points at most once, claims included).
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_source_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_source_type_check
  CHECK (source_type IN ('welcome', 'webinar', 'test', 'course'));
ALTER TABLE ledger_entries ADD COLUMN claim_id uuid REFERENCES claims(id);

-- Down Migration
ALTER TABLE ledger_entries DROP COLUMN claim_id;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_source_type_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_source_type_check CHECK (source_type IN ('welcome'));
DROP TABLE claims, incidents, event_outcomes, event_report_lines, event_reports, events;
