// Status sets are defined once, next to the workflows that set them (type-only imports: nothing of
// the server is bundled into the console).
import type { ApplicationStatus } from '../../workflows/messages/application';
import type { EmailChangeStatus } from '../../workflows/messages/email-change';
import type { CreditingPreview, CreditingStage, EventCreditingView } from '../../workflows/messages/event-crediting';
import type { OrderStatus } from '../../workflows/messages/order';
import type { ParticipantRecordStatus as ParticipantStatus } from '../../workflows/messages/participant';
// Where the server types an answer (its row types, its workflows' views), the console reads the
// same type, as JSON makes it (see Json); the answers the server leaves untyped are declared here.
import type { ApiClient, ApiKey } from '../../db/api-keys';
import type { ClaimStatus } from '../../db/claims';
import type { AdjustmentRequestRow, AdjustmentRequestStatus } from '../../db/adjustment-requests';
import type { ApplicationRow } from '../../db/applications';
import type { ReviewedDocument, StoredDocument } from '../../db/documents';
import type { expiryForecast, ledgerInvariant, openLots, SourceType } from '../../db/ledger';
import type { ParticipantSummary } from '../../db/participants';
import type { ReportKind } from '../../db/reports';
import type { StaffRole } from '../../db/staff';
import type { EventKind } from '../../rules/events';
import type { ContractPath } from '../../rules/verification';

/** A server type as JSON brings it: dates arrive as ISO strings. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Json<Item>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** The records of the staff API (/admin/api), as the console reads them. */
export type { StaffRole };

export interface Staff {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  created_at: string;
}

export type { ParticipantStatus };
export type { ContractPath, StoredDocument };

/** The participant row (db/participants.ts), its status and path narrowed to what the columns allow. */
export interface Participant extends Omit<Json<ParticipantSummary>, 'status' | 'contract_path'> {
  status: ParticipantStatus;
  contract_path: ContractPath;
  /** show only */
  documents?: StoredDocument[];
}

/** resolved_by_registry: the registry verified it meanwhile (an approved corporate application, A7). */
export type ReviewStatus = 'open' | 'approved' | 'rejected' | 'cancelled' | 'resolved_by_registry';

export interface Review {
  id: string;
  /** a registration (R4), or an active participant's move to another agency (R22) */
  kind: 'registration' | 'rebind';
  status: ReviewStatus;
  participant_id: string;
  participant_name: string;
  email: string;
  contract_path: ContractPath;
  review_reason: string;
  /** the registry's findings in English (the API's and the logs' text) */
  registry_hint: string;
  /** the same findings as data, which the console says in its language; null on tasks opened before */
  registry_candidates: Array<{
    contractNumber: string;
    contractType: 'agent' | 'subagent';
    inn: string | null;
    legalName: string;
    status: 'active' | 'terminated';
  }> | null;
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

/**
 * A reviewer's decision as the staff API takes it, the same for every review-like task (reviews,
 * claims, orders, email changes): a rejection always says why.
 */
export type TaskDecision = { decision: 'approve' } | { decision: 'reject'; reason: string };
export type ReviewDecision = TaskDecision;

export interface Mail {
  id: string;
  /** A6: `sms` for a text message (a sign-in code through the SMS relay) */
  channel: 'email' | 'sms';
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
  actor_type: 'staff' | 'api_client' | 'system';
  actor_label: string;
  /** a staff actor's name and role (db/audit.ts listAudit) */
  actor_name: string | null;
  actor_role: StaffRole | null;
  action: string;
  subject_type: string;
  subject_id: string;
  details: Record<string, unknown>;
  /** the participant the entry concerns, and the subject's own name, when there are such */
  participant_id: string | null;
  participant_name: string | null;
  participant_email: string | null;
  subject_name: string | null;
}

/** An API client as the list shows it: how many live keys it has, and the newest one's first characters. */
export type ApiClientRow = Json<ApiClient> & { live_keys: number; key_prefix: string | null };
/** An API client with all its keys (its show page). */
export type ApiClientRecord = Json<ApiClient> & { keys: Json<ApiKey>[] };
export type ApiKeyRecord = Json<ApiKey>;
/** A key just issued: the only time the key itself is shown. */
export type NewApiKey = ApiKeyRecord & { key: string };
/** A client just created, with its first key. */
export type NewApiClient = ApiClientRecord & { key: string };

export interface ConsoleSettings {
  temporalUiUrl: string;
  namespace: string;
  /** An adjustment of more points than this (either sign) needs a second staff member. */
  fourEyesAdjustmentLimit: number;
}

// ---- earning (R8–R13, A4) ----------------------------------------------------------------------

export type { EventKind };
/** scheduled → open (broadcast over) → crediting (window closed) → closed; a course stays ongoing. */
export type { CreditingStage };

/** What the confirmed reports would credit if the window closed now; `refused`: Ineligibility code → how many. */
export type { CreditingPreview };

/** The crediting workflow's own view of the event's window (a Temporal query); `windowClosesAt` in epoch ms, null for a course. */
export type CreditingWindow = EventCreditingView;

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

export type { ReportKind };
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
  kind: 'no_attendance_report' | 'step_failed';
  event_id: string | null;
  event_title: string | null;
  status: IncidentStatus;
  details: string;
  /** A failed step (kind step_failed): the workflow, what it was about, the activity and its failure type. */
  workflow_id: string | null;
  subject_type: 'participant' | 'order' | 'claim' | 'email_change' | 'event' | 'lot_expiry' | 'application' | null;
  subject_id: string | null;
  step: string | null;
  failure_type: string | null;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export type { ClaimStatus };

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
  event_id: string | null;
  event_title: string | null;
  event_kind: EventKind | null;
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
  /** an event's points, or a partner's transaction (A2) */
  kind?: 'event' | 'partner';
  partner_id?: string | null;
  partner_name?: string | null;
  partner_reference?: string | null;
  transaction_at?: string | null;
  date_only?: boolean | null;
  amount_kopecks?: number | null;
  transaction_kind?: string | null;
  /** show only, a partner's claim: the participant's accruals from that partner */
  partner_accruals?: import('./partners/types').PartnerAccrual[];
  /** show only */
  evidence?: ClaimEvidence[];
  /** show only: the window's verdict for the claimant's email, if it was reported */
  outcome?: Pick<Outcome, 'credited' | 'reason' | 'live_minutes' | 'score'> | null;
}

export type ClaimDecision = TaskDecision;

// ---- the ledger (R18–R20, R26) -----------------------------------------------------------------

/** A credit (a new lot) or a debit: spent on an order, expired (R20), or annulled by staff or on leaving (R26). */
export type LedgerKind = 'credit' | 'spend' | 'expire' | 'annul';
export type LedgerSourceType = SourceType;

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

/**
 * A participant's balance and lots with points left (R20), oldest first: spending takes the oldest
 * first; `nextExpiry` is the earliest instant at which points expire, and how many.
 */
export type ParticipantLots = { balance: number } & Json<Awaited<ReturnType<typeof openLots>>>;
export type Lot = ParticipantLots['lots'][number];

/** Over all participants: credited = spent + expired + annulled + held + balance, no lot broken, every entry keyed. */
export type LedgerInvariant = Awaited<ReturnType<typeof ledgerInvariant>>;

/** Points that expire in a month (UTC, `YYYY-MM`) if not spent, and whose. */
export type ExpiryForecastMonth = Awaited<ReturnType<typeof expiryForecast>>[number];

// ---- the shop (R15–R17, A5) --------------------------------------------------------------------

export interface CatalogItem {
  id: string;
  sku: string;
  title: string;
  description: string;
  price_points: number;
  stock: number;
  active: boolean;
  /** A1: only participants of this tier and above may order it (null: everyone) */
  min_tier: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export type { OrderStatus };

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

export type OrderDecision = TaskDecision;

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

export type { EmailChangeStatus };

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
  /** four eyes: who opened it (null before it was recorded); a staff member who did may not approve it */
  created_by_type: 'staff' | 'api_client' | null;
  created_by_id: string | null;
  created_at: string;
  /** show only: kind new_employer_letter or employment_record, with who uploaded each */
  documents?: Json<ReviewedDocument>[];
}

export type EmailChangeDecision = TaskDecision;

/** An adjustment above FOUR_EYES_ADJUSTMENT_LIMIT, waiting for (or decided by) a second staff member. */
export type AdjustmentRequest = Json<AdjustmentRequestRow>;
export type { AdjustmentRequestStatus };

// ---- corporate applications (A7) ---------------------------------------------------------------

export type { ApplicationStatus };

/** An organisation's application to join (db/applications.ts), with its signed documents on the show page. */
export interface CorporateApplication extends Json<ApplicationRow> {
  /** show only: kinds application_form and signed_contract */
  documents?: Json<ReviewedDocument>[];
}
