/** The records of the staff API (/admin/api), as the console reads them. */
export type StaffRole = 'support' | 'admin';

export interface Staff {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  created_at: string;
}

export type ParticipantStatus = 'pending_confirmation' | 'pending_verification' | 'active' | 'rejected' | 'expired' | 'closed';
export type ContractPath = 'agent' | 'subagent' | 'intermediary';

export interface StoredDocument {
  id: string;
  kind: string;
  filename: string;
  content_type: string;
  size_bytes: number;
}

export interface Participant {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  status: ParticipantStatus;
  member_number: string | null;
  agency_inn: string | null;
  agency_name: string | null;
  contract_path: ContractPath;
  balance: number;
  registered_at: string;
  confirmed_at: string | null;
  activated_at: string | null;
  workflow_id: string;
  end_reason: string | null;
  /** show only */
  contract_number?: string | null;
  subagency_legal_name?: string | null;
  documents?: StoredDocument[];
}

export type ReviewStatus = 'open' | 'approved' | 'rejected' | 'cancelled';

export interface Review {
  id: string;
  kind: 'registration';
  status: ReviewStatus;
  participant_id: string;
  participant_name: string;
  email: string;
  contract_path: ContractPath;
  review_reason: string;
  registry_hint: string;
  decision_reason: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  created_at: string;
  form: {
    first_name: string;
    last_name: string;
    email: string;
    agency_inn: string | null;
    agency_name: string | null;
    contract_path: ContractPath;
    contract_number: string | null;
    subagency_legal_name: string | null;
  };
  documents: StoredDocument[];
}

export type ReviewDecision = { decision: 'approve' } | { decision: 'reject'; reason: string };

export interface Mail {
  id: string;
  to_address: string;
  subject: string;
  kind: string;
  participant_id: string | null;
  created_at: string;
  sent_at: string | null;
  /** show only */
  body_text?: string;
}

export interface Contract {
  id: string;
  contract_number: string;
  contract_type: 'agent' | 'subagent';
  inn: string | null;
  legal_name: string;
  status: 'active' | 'terminated';
  imported_at: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: Record<string, unknown>;
}

export interface ApiKey {
  id: string;
  name: string;
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
}

/** What creating an API key answers: the only time the key itself is shown. */
export interface NewApiKey extends ApiKey {
  key: string;
}

export interface ConsoleSettings {
  temporalUiUrl: string;
  namespace: string;
}

// ---- earning (R8–R13, A4) ----------------------------------------------------------------------

export type EventKind = 'destination_webinar' | 'marathon_webinar' | 'website_webinar' | 'course';
/** scheduled → open (broadcast over) → crediting (window closed) → closed; a course stays ongoing. */
export type CreditingStage = 'scheduled' | 'open' | 'crediting' | 'closed' | 'ongoing';

/** What the confirmed reports would credit if the window closed now. */
export interface CreditingPreview {
  attendanceReported: boolean;
  testResultsReported: boolean;
  reported: number;
  eligible: number;
  points: number;
  unmatched: number;
  /** reason (an Ineligibility code) → how many */
  refused: Record<string, number>;
}

/** The crediting workflow's own view of the event's window (a Temporal query). */
export interface CreditingWindow {
  eventId: string;
  stage: CreditingStage;
  /** epoch ms; null for a course */
  windowClosesAt: number | null;
  preview: CreditingPreview | null;
  credited: number;
  incident: boolean;
}

export interface EarningEvent {
  id: string;
  kind: EventKind;
  title: string;
  points: number;
  starts_at: string;
  ends_at: string | null;
  pass_mark: number | null;
  window_closes_at: string | null;
  min_live_minutes: number;
  crediting_status: CreditingStage;
  credited_count: number;
  unmatched_count: number;
  closed_at: string | null;
  workflow_id: string;
  created_by: string;
  created_at: string;
  /** show only: null when the workflow did not answer */
  window?: CreditingWindow | null;
}

export type ReportKind = 'attendance' | 'test_results' | 'course_completions';
export type ReportStatus = 'preview' | 'confirmed' | 'superseded' | 'discarded';

export interface ReportError {
  row: number;
  field: string;
  message: string;
}

/** One person's line of a report, segments already summed. */
export interface ReportLine {
  email: string;
  live_minutes: number | null;
  recording_minutes: number | null;
  score: number | null;
  completed_at: string | null;
}

export interface Report {
  id: string;
  event_id: string;
  event_title: string;
  kind: ReportKind;
  source: 'api' | 'upload';
  format: string;
  filename: string | null;
  status: ReportStatus;
  line_count: number;
  row_count: number;
  error_count: number;
  created_by: string;
  created_at: string;
  confirmed_at: string | null;
  /** show only */
  errors?: ReportError[];
  /** show only: the first 100 lines */
  lines?: ReportLine[];
}

/** The verdict for one reported email when the window closed; id is `<event_id>:<email>`. */
export interface Outcome {
  id: string;
  event_id: string;
  event_title: string;
  email_normalized: string;
  participant_id: string | null;
  live_minutes: number | null;
  score: number | null;
  credited: boolean;
  reason: string | null;
  decided_at: string;
}

export type IncidentStatus = 'open' | 'resolved';

export interface Incident {
  id: string;
  kind: 'no_attendance_report';
  event_id: string | null;
  event_title: string | null;
  status: IncidentStatus;
  details: string;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export type ClaimStatus = 'open' | 'approved' | 'rejected' | 'expired';

/** A line of a confirmed (or since corrected) report that names the claimant's email. */
export interface ClaimEvidence {
  report_id: string;
  kind: ReportKind;
  status: ReportStatus;
  filename: string | null;
  created_at: string;
  live_minutes: number | null;
  recording_minutes: number | null;
  score: number | null;
  completed_at: string | null;
}

export interface Claim {
  id: string;
  participant_id: string;
  participant_name: string;
  email: string;
  event_id: string;
  event_title: string;
  event_kind: EventKind;
  points: number;
  statement: string;
  status: ClaimStatus;
  workflow_id: string;
  deadline_at: string;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_by: string;
  created_at: string;
  /** show only */
  evidence?: ClaimEvidence[];
  /** show only: the window's verdict for the claimant's email, if it was reported */
  outcome?: Pick<Outcome, 'credited' | 'reason' | 'live_minutes' | 'score'> | null;
}

export type ClaimDecision = { decision: 'approve' } | { decision: 'reject'; reason: string };

// ---- the ledger (R18–R20, R26) -----------------------------------------------------------------

/** A credit (a new lot) or a debit: spent on an order, expired (R20), or annulled by staff or on leaving (R26). */
export type LedgerKind = 'credit' | 'spend' | 'expire' | 'annul';
export type LedgerSourceType = 'welcome' | 'webinar' | 'test' | 'course' | 'adjustment' | 'reversal' | 'order' | 'expiry' | 'leaving';

export interface LedgerEntry {
  id: number;
  kind: LedgerKind;
  /** positive for a credit, negative for a debit */
  amount: number;
  source_type: LedgerSourceType;
  /** the event, order or participant; for a reversal, the reversed entry's id; for an expiry, the lot's */
  source_id: string;
  /** the event's title, for an event's points */
  source_title: string | null;
  claim_id: string | null;
  reason: string | null;
  created_by: string | null;
  created_at: string;
  /** a credit's lot: when it expires and what it still holds */
  expires_at: string | null;
  remaining: number | null;
}

/** A credit's lot with points left (R20): spending takes the oldest first. */
export interface Lot {
  id: number;
  amount: number;
  remaining: number;
  accrued_at: string;
  expires_at: string;
  source_type: LedgerSourceType;
  source_title: string | null;
}

export interface ParticipantLots {
  balance: number;
  lots: Lot[];
  /** the earliest instant at which points expire, and how many */
  nextExpiry: { at: string; points: number } | null;
}

/** Over all participants: credited = spent + expired + annulled + held + balance, no lot broken, every entry keyed. */
export interface LedgerInvariant {
  credited: number;
  spent: number;
  expired: number;
  annulled: number;
  held: number;
  balance: number;
  broken_lots: number;
  unkeyed: number;
  holds: boolean;
}

/** Points that expire in a month (UTC, `YYYY-MM`) if not spent, and whose. */
export interface ExpiryForecastMonth {
  month: string;
  points: number;
  participants: number;
}

// ---- the shop (R15–R17, A5) --------------------------------------------------------------------

export interface CatalogItem {
  id: string;
  sku: string;
  title: string;
  description: string;
  price_points: number;
  stock: number;
  active: boolean;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export type OrderStatus = 'placed' | 'awaiting_documents' | 'awaiting_review' | 'completed' | 'cancelled' | 'expired' | 'rejected';

export interface Order {
  id: string;
  participant_id: string;
  participant_email: string;
  participant_name: string;
  item_id: string;
  sku: string;
  item_title: string;
  quantity: number;
  unit_points: number;
  total_points: number;
  status: OrderStatus;
  affiliation_check: boolean;
  documents_deadline_at: string | null;
  documents_received_at: string | null;
  payment_deadline_at: string | null;
  decision: 'approved' | 'rejected' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  end_reason: string | null;
  ended_at: string | null;
  completed_at: string | null;
  hold_id: string;
  hold_status: 'held' | 'captured' | 'released';
  workflow_id: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** show only */
  documents?: StoredDocument[];
}

export type OrderDecision = { decision: 'approve' } | { decision: 'reject'; reason: string };

// ---- the program's terms (R27) -----------------------------------------------------------------

/**
 * The terms: what the program rules mark *(config)*, by name (`programSchema` in infra/config.ts,
 * e.g. `welcomePoints`, `lotLifetimeMs`); durations in milliseconds.
 */
export type ProgramTerms = Record<string, number>;

/** One change of the terms, from its instant on. */
export interface TermsVersion {
  id: number;
  /** the settings it changes */
  settings: ProgramTerms;
  effective_from: string;
  reason: string;
  created_by: string;
  created_at: string;
  /** its instant has come (a later version may override some of its settings) */
  in_force: boolean;
}

export interface CurrentTerms {
  /** the configuration's values */
  defaults: ProgramTerms;
  /** the defaults overlaid by every version in force now */
  current: ProgramTerms;
}

// ---- email change (R21) ------------------------------------------------------------------------

export type EmailChangeStatus =
  | 'awaiting_documents'
  | 'awaiting_review'
  | 'awaiting_confirmation'
  | 'completed'
  | 'rejected'
  | 'expired'
  | 'cancelled';

/** The two documents R21 asks for, by their upload field names. */
export type EmailChangeDocumentField = 'letter' | 'employmentRecord';

export interface EmailChange {
  id: string;
  participant_id: string;
  participant_name: string;
  member_number: string | null;
  old_email: string;
  new_email: string;
  status: EmailChangeStatus;
  letter_document_id: string | null;
  employment_document_id: string | null;
  workflow_id: string;
  documents_due_at: string;
  reminded_at: string | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  completed_at: string | null;
  end_reason: string | null;
  created_by: string;
  created_at: string;
  /** show only: kind new_employer_letter or employment_record */
  documents?: StoredDocument[];
}

export type EmailChangeDecision = { decision: 'approve' } | { decision: 'reject'; reason: string };
