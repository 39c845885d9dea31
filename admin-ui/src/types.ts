/**
 * The records of the staff API (/admin/api), as the console reads them: aliases of the types
 * generated from the staff API's document (api/generated/staff-api.d.ts, `npm run openapi:types`),
 * whose schemas are api/staff-records.ts. The console declares no API shape of its own here: a field
 * the API does not document does not type-check.
 */
import type { components } from '../../api/generated/staff-api';

type Schemas = components['schemas'];

/** A server type as JSON brings it: dates arrive as ISO strings. */
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Json<Item>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

export type Staff = Schemas['StaffMember'];
export type StaffRole = Staff['role'];

export type Participant = Schemas['StaffParticipant'];
export type ParticipantStatus = Participant['status'];
export type ContractPath = Participant['contract_path'];
export type StoredDocument = Schemas['StaffDocument'];

export type Review = Schemas['StaffReview'];
/** resolved_by_registry: the registry verified it meanwhile (an approved corporate application, A7). */
export type ReviewStatus = Review['status'];

/**
 * A reviewer's decision as the staff API takes it, the same for every review-like task (reviews,
 * claims, orders, email changes): a rejection always says why (the API refuses one without).
 */
export type TaskDecision = { decision: 'approve' } | { decision: 'reject'; reason: string };
export type ReviewDecision = TaskDecision;

export type Mail = Schemas['StaffMail'];
export type Contract = Schemas['StaffContract'];
export type AuditEntry = Schemas['StaffAuditEntry'];

/** An API client as the list shows it: how many live keys it has, and the newest one's first characters. */
export type ApiClientRow = Schemas['StaffApiClientRow'];
/** An API client with all its keys (its show page). */
export type ApiClientRecord = Schemas['StaffApiClient'];
export type ApiKeyRecord = Schemas['StaffApiKey'];
/** A key just issued: the only time the key itself is shown. */
export type NewApiKey = Schemas['StaffNewApiKey'];
/** A client just created, with its first key. */
export type NewApiClient = Schemas['StaffNewApiClient'];

export type ConsoleSettings = Schemas['ConsoleSettings'];

// ---- earning (R8–R13, A4) ----------------------------------------------------------------------

export type EarningEvent = Schemas['StaffEvent'];
export type EventKind = EarningEvent['kind'];
/** scheduled → open (broadcast over) → crediting (window closed) → closed; a course stays ongoing. */
export type CreditingStage = EarningEvent['crediting_status'];
/** The crediting workflow's own view of the event's window (a Temporal query); `windowClosesAt` in epoch ms, null for a course. */
export type CreditingWindow = NonNullable<EarningEvent['window']>;
/** What the confirmed reports would credit if the window closed now; `refused`: Ineligibility code → how many. */
export type CreditingPreview = Schemas['CreditingPreview'];

export type Report = Schemas['StaffReport'];
export type ReportKind = Report['kind'];
export type ReportStatus = Report['status'];
export type ReportError = Schemas['ReportError'];
/** One person's line of a report, segments already summed. */
export type ReportLine = Schemas['ReportLine'];

/** The verdict for one reported email when the window closed; id is `<event_id>:<email>`. */
export type Outcome = Schemas['StaffOutcome'];

export type Incident = Schemas['StaffIncident'];
export type IncidentStatus = Incident['status'];

export type Claim = Schemas['StaffClaim'];
export type ClaimStatus = Claim['status'];
/** A line of a confirmed (or since corrected) report that names the claimant's email. */
export type ClaimEvidence = Schemas['ClaimEvidence'];
export type ClaimDecision = TaskDecision;

// ---- the ledger (R18–R20, R26) -----------------------------------------------------------------

export type LedgerEntry = Schemas['StaffLedgerEntry'];
/** A credit (a new lot) or a debit: spent on an order, expired (R20), or annulled by staff or on leaving (R26). */
export type LedgerKind = LedgerEntry['kind'];
export type LedgerSourceType = LedgerEntry['source_type'];

/**
 * A participant's balance and lots with points left (R20), oldest first: spending takes the oldest
 * first; `nextExpiry` is the earliest instant at which points expire, and how many.
 */
export type ParticipantLots = Schemas['ParticipantLots'];
export type Lot = Schemas['StaffLot'];

/** Over all participants: credited = spent + expired + annulled + held + balance, no lot broken, every entry keyed. */
export type LedgerInvariant = Schemas['LedgerInvariant'];

/** Points that expire in a month (UTC, `YYYY-MM`) if not spent, and whose. */
export type ExpiryForecastMonth = Schemas['ExpiryForecastMonth'];

// ---- the shop (R15–R17, A5) --------------------------------------------------------------------

export type CatalogItem = Schemas['StaffCatalogItem'];
export type Order = Schemas['StaffOrder'];
export type OrderStatus = Order['status'];
export type OrderDecision = TaskDecision;

// ---- the program's terms (R27) -----------------------------------------------------------------

/**
 * The terms: what the program rules mark *(config)*, by name (`programSchema` in infra/config.ts,
 * e.g. `welcomePoints`, `lotLifetimeMs`); durations in milliseconds.
 */
export type ProgramTerms = Schemas['ProgramTerms'];
/** One change of the terms, from its instant on. */
export type TermsVersion = Schemas['TermsVersion'];
export type CurrentTerms = Schemas['CurrentTerms'];

// ---- email change (R21) ------------------------------------------------------------------------

export type EmailChange = Schemas['StaffEmailChange'];
export type EmailChangeStatus = EmailChange['status'];
/** The two documents R21 asks for, by their upload field names. */
export type EmailChangeDocumentField = 'letter' | 'employmentRecord';
export type EmailChangeDecision = TaskDecision;

/** An adjustment above FOUR_EYES_ADJUSTMENT_LIMIT, waiting for (or decided by) a second staff member. */
export type AdjustmentRequest = Schemas['StaffAdjustmentRequest'];
export type AdjustmentRequestStatus = AdjustmentRequest['status'];

// ---- corporate applications (A7) ---------------------------------------------------------------

/** An organisation's application to join (db/applications.ts), with its signed documents on the show page. */
export type CorporateApplication = Schemas['StaffApplication'];
export type ApplicationStatus = CorporateApplication['status'];
