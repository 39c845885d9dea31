/**
 * The staff API's records, field by field (issue 14): the rows the console reads, as JSON brings them
 * (snake_case columns, ISO instants), one zod schema per resource. The staff API's document takes its
 * answers from here (api/openapi.ts), its generated types (api/generated/staff-api.d.ts) come from the
 * document, and the console's types (admin-ui/src/types.ts) are aliases of those: the console no
 * longer declares the API's shapes by hand.
 *
 * Where the server has a type for a row (db/…), a compile-time check below holds the schema to it.
 *
 * A record is its resource's, as react-admin sees it: the path's first segment under /admin/api
 * (`/admin/api/orders/:id/decision` answers an order). The answers that are not their resource's
 * record are named by route.
 */
import { z } from 'zod';
import type { ApiClient, ApiKey } from '../db/api-keys.js';
import type { AdjustmentRequestRow } from '../db/adjustment-requests.js';
import type { ApplicationRow } from '../db/applications.js';
import type { ReviewedDocument, StoredDocument } from '../db/documents.js';
import { SOURCE_TYPES, type expiryForecast, type ledgerInvariant } from '../db/ledger.js';
import type { ParticipantSummary } from '../db/participants.js';
import type { EventCreditingView } from '../workflows/messages/event-crediting.js';
import { API_SCOPES } from '../rules/api-scopes.js';
import { EVENT_KINDS } from '../rules/events.js';
import { STAFF_ROLES } from '../rules/staff-roles.js';
import { APPLICATION_STATUSES } from '../workflows/messages/application.js';
import { EMAIL_CHANGE_STATUSES } from '../workflows/messages/email-change.js';
import { CREDITING_STAGES } from '../workflows/messages/event-crediting.js';
import { ORDER_STATUSES } from '../workflows/messages/order.js';
import { PARTICIPANT_STATUSES } from '../workflows/messages/participant.js';
import type { RouteKey } from './route-table.js';
import { StoredRowErrorAnswer } from './row-errors.js';
import { StaffRecord } from './staff-answers.js';
import { TierAnswer } from './tiers.js';

/** A timestamp column as JSON brings it. */
const instant = z.iso.datetime();
const uuid = z.uuid();
const contractPath = z.enum(['agent', 'subagent', 'intermediary']);
const contractType = z.enum(['agent', 'subagent']);
const staffRole = z.enum(STAFF_ROLES);
const eventKind = z.enum(EVENT_KINDS);
const reportKind = z.enum(['attendance', 'test_results', 'course_completions']);
const reportStatus = z.enum(['preview', 'confirmed', 'superseded', 'discarded']);
const sourceType = z.enum(SOURCE_TYPES);

export const StaffDocument = z
  .object({ id: uuid, kind: z.string(), filename: z.string(), content_type: z.string(), size_bytes: z.number().int() })
  .meta({
    id: 'StaffDocument',
    description: 'A stored document (a letter, a proof, a signed contract); its file at /admin/api/documents/{id}/content',
  });

export const StaffReviewedDocument = StaffDocument.extend({
  uploaded_by_type: z.enum(['staff', 'api_client', 'system']).nullable(),
  uploaded_by_id: z.string().nullable(),
  uploaded_by_label: z.string().nullable(),
}).meta({ id: 'StaffReviewedDocument', description: 'A document, with who uploaded it' });

export const StaffMember = z
  .object({ id: uuid, email: z.string(), name: z.string(), role: staffRole, created_at: instant })
  .meta({ id: 'StaffMember', description: 'A staff account' });

export const StaffParticipant = z
  .object({
    id: uuid,
    workflow_id: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    status: z.enum(PARTICIPANT_STATUSES),
    member_number: z.string().nullable(),
    agency_inn: z.string().nullable(),
    agency_name: z.string().nullable(),
    contract_path: contractPath,
    contract_number: z.string().nullable(),
    subagency_legal_name: z.string().nullable(),
    letter_document_id: z.string().nullable(),
    balance: z.number().int(),
    registered_at: instant,
    confirmed_at: instant.nullable(),
    activated_at: instant.nullable(),
    end_reason: z.string().nullable(),
    client_id: z.string().nullable(),
    phone: z.string().nullable(),
    documents: z.array(StaffDocument).optional().meta({ description: 'The show page only' }),
    tier: TierAnswer.optional().meta({ description: 'The show page only: the tier held and the progress (A1)' }),
  })
  .meta({ id: 'StaffParticipant', description: 'A participant (R1–R4)' });

const RegistryCandidate = z.object({
  contractNumber: z.string(),
  contractType,
  inn: z.string().nullable(),
  legalName: z.string(),
  status: z.enum(['active', 'terminated']),
});

export const StaffReview = z
  .object({
    id: uuid,
    kind: z
      .enum(['registration', 'rebind'])
      .meta({ description: "A registration (R4), or an active participant's move to another agency (R22)" }),
    status: z
      .enum(['open', 'approved', 'rejected', 'cancelled', 'resolved_by_registry'])
      .meta({ description: '`resolved_by_registry`: the registry verified it meanwhile (an approved corporate application, A7)' }),
    participant_id: uuid,
    participant_name: z.string(),
    email: z.string(),
    contract_path: contractPath,
    review_reason: z.string(),
    registry_hint: z.string().meta({ description: "The registry's findings in English (the API's and the logs' text)" }),
    registry_candidates: z
      .array(RegistryCandidate)
      .nullable()
      .meta({ description: 'The same findings as data, said in the reader’s language; null on tasks opened before' }),
    decision_reason: z.string().nullable(),
    decided_by_name: z.string().nullable(),
    decided_at: instant.nullable(),
    created_at: instant,
    form: z.object({
      first_name: z.string(),
      last_name: z.string(),
      email: z.string(),
      agency_inn: z.string().nullable(),
      agency_name: z.string().nullable(),
      contract_path: contractPath,
      contract_number: z.string().nullable(),
      subagency_legal_name: z.string().nullable(),
    }),
    documents: z.array(StaffDocument),
  })
  .meta({ id: 'StaffReview', description: 'A review task: a contract a person must verify (R4, R22)' });

export const StaffMail = z
  .object({
    id: uuid,
    channel: z.enum(['email', 'sms']).meta({ description: 'A6: `sms` for a sign-in code through the SMS relay' }),
    to_address: z.string(),
    subject: z.string(),
    kind: z.string(),
    participant_id: z.string().nullable(),
    created_at: instant,
    sent_at: instant.nullable(),
    body_text: z.string().optional().meta({ description: 'The show page only, its links masked' }),
  })
  .meta({ id: 'StaffMail', description: 'A sent mail (or text message)' });

export const StaffContract = z
  .object({
    id: uuid,
    contract_number: z.string(),
    contract_type: contractType,
    inn: z.string().nullable(),
    legal_name: z.string(),
    status: z.enum(['active', 'terminated']),
    imported_at: instant,
  })
  .meta({ id: 'StaffContract', description: "A contract of the operator's registry (R4)" });

export const StaffAuditEntry = z
  .object({
    id: z.string(),
    at: instant,
    actor_type: z.enum(['staff', 'api_client', 'system']),
    actor_label: z.string(),
    actor_name: z.string().nullable().meta({ description: "A staff actor's name" }),
    actor_role: staffRole.nullable(),
    action: z.string(),
    subject_type: z.string(),
    subject_id: z.string(),
    details: z.record(z.string(), z.unknown()),
    participant_id: z.string().nullable(),
    participant_name: z.string().nullable(),
    participant_email: z.string().nullable(),
    subject_name: z.string().nullable(),
  })
  .meta({ id: 'StaffAuditEntry', description: 'An audited change' });

const apiClientFields = {
  id: uuid,
  name: z.string(),
  scopes: z.array(z.enum(API_SCOPES)),
  created_at: instant,
  disabled_at: instant.nullable(),
  partner_id: z.string().nullable().meta({ description: 'A2: the partner this client posts accruals for' }),
};

export const StaffApiKey = z
  .object({ id: uuid, client_id: uuid, key_prefix: z.string(), created_at: instant, revoked_at: instant.nullable() })
  .meta({ id: 'StaffApiKey', description: 'An API key: only its first characters; the key itself is shown once, when issued' });

export const StaffApiClientRow = z.object({ ...apiClientFields, live_keys: z.number().int(), key_prefix: z.string().nullable() }).meta({
  id: 'StaffApiClientRow',
  description: "An API client as the list shows it: its live keys, and the newest one's first characters",
});

export const StaffApiClient = z
  .object({ ...apiClientFields, keys: z.array(StaffApiKey) })
  .meta({ id: 'StaffApiClient', description: 'An API client with all its keys' });

export const StaffNewApiKey = StaffApiKey.extend({ key: z.string().meta({ description: 'The key: shown this once' }) }).meta({
  id: 'StaffNewApiKey',
});

export const StaffNewApiClient = StaffApiClient.extend({ key: z.string().meta({ description: 'Its first key: shown this once' }) }).meta({
  id: 'StaffNewApiClient',
});

export const ConsoleSettings = z
  .object({
    temporalUiUrl: z.string(),
    namespace: z.string(),
    fourEyesAdjustmentLimit: z
      .number()
      .int()
      .meta({ description: 'An adjustment of more points than this (either sign) needs a second staff member' }),
  })
  .meta({ id: 'ConsoleSettings' });

// ---- earning (R8–R13, A4) ----------------------------------------------------------------------

const CreditingPreview = z
  .object({
    attendanceReported: z.boolean(),
    testResultsReported: z.boolean(),
    reported: z.number().int(),
    eligible: z.number().int(),
    points: z.number().int(),
    unmatched: z.number().int(),
    refused: z.record(z.string(), z.number().int()).meta({ description: 'Ineligibility code → how many' }),
  })
  .meta({ id: 'CreditingPreview', description: 'What the confirmed reports would credit if the window closed now' });

export const CreditingWindow = z
  .object({
    eventId: z.string(),
    stage: z.enum(CREDITING_STAGES),
    windowClosesAt: z.number().nullable().meta({ description: 'Epoch ms; null for a course' }),
    preview: z.union([CreditingPreview, z.null()]),
    credited: z.number().int(),
    handled: z
      .number()
      .int()
      .optional()
      .meta({ description: "While a report is credited: its emails handled so far (out of the preview's `reported`)" }),
    incident: z.boolean(),
  })
  .meta({ id: 'CreditingWindow', description: "The crediting workflow's own view of the event's window (a Temporal query)" });

export const StaffEvent = z
  .object({
    id: uuid,
    kind: eventKind,
    title: z.string(),
    points: z.number().int(),
    starts_at: instant,
    ends_at: instant.nullable(),
    pass_mark: z.number().nullable(),
    window_closes_at: instant.nullable(),
    min_live_minutes: z.number().int(),
    crediting_status: z.enum(CREDITING_STAGES),
    credited_count: z.number().int(),
    unmatched_count: z.number().int(),
    closed_at: instant.nullable(),
    workflow_id: z.string(),
    created_by: z.string(),
    created_at: instant,
    window: z
      .union([CreditingWindow, z.null()])
      .optional()
      .meta({ description: 'The show page only: null when the workflow did not answer' }),
  })
  .meta({ id: 'StaffEvent', description: 'An event that earns points (R9)' });

const ReportLine = z
  .object({
    email: z.string(),
    live_minutes: z.number().nullable(),
    recording_minutes: z.number().nullable(),
    score: z.number().nullable(),
    completed_at: instant.nullable(),
  })
  .meta({ id: 'ReportLine', description: "One person's line of a report, segments already summed" });

export const StaffReport = z
  .object({
    id: uuid,
    event_id: uuid,
    event_title: z.string(),
    kind: reportKind,
    source: z.enum(['api', 'upload']),
    format: z.string(),
    filename: z.string().nullable(),
    status: reportStatus,
    line_count: z.number().int(),
    row_count: z.number().int(),
    error_count: z.number().int(),
    created_by: z.string(),
    created_at: instant,
    confirmed_at: instant.nullable(),
    errors: z.array(StoredRowErrorAnswer).optional().meta({ description: 'The show page only' }),
    lines: z.array(ReportLine).optional().meta({ description: 'The show page only: the first 100 lines' }),
  })
  .meta({ id: 'StaffReport', description: "A report of an event's attendance, test results or course completions (R10, R11)" });

export const StaffOutcome = z
  .object({
    id: z.string().meta({ description: '`<event_id>:<email>`' }),
    event_id: uuid,
    event_title: z.string(),
    email_normalized: z.string(),
    participant_id: z.string().nullable(),
    live_minutes: z.number().nullable(),
    score: z.number().nullable(),
    credited: z.boolean(),
    reason: z.string().nullable(),
    decided_at: instant,
  })
  .meta({ id: 'StaffOutcome', description: 'The verdict for one reported email when the window closed' });

export const StaffIncident = z
  .object({
    id: uuid,
    kind: z.enum(['no_attendance_report', 'step_failed']),
    event_id: z.string().nullable(),
    event_title: z.string().nullable(),
    status: z.enum(['open', 'resolved']),
    details: z.string(),
    workflow_id: z.string().nullable(),
    subject_type: z.enum(['participant', 'order', 'claim', 'email_change', 'event', 'lot_expiry', 'application']).nullable(),
    subject_id: z.string().nullable(),
    step: z.string().nullable(),
    failure_type: z.string().nullable(),
    resolution: z.string().nullable(),
    resolved_by: z.string().nullable(),
    resolved_at: instant.nullable(),
    created_at: instant,
  })
  .meta({ id: 'StaffIncident', description: 'A step that failed for good and waits for a person (R11)' });

export const StaffPartnerAccrual = z
  .object({
    id: z.number().int(),
    partner_id: uuid,
    partner_name: z.string(),
    transaction_id: z.string(),
    participant_id: uuid,
    member_number: z.number().int().nullable(),
    participant_email: z.string(),
    participant_name: z.string(),
    transaction_at: instant,
    date_only: z.boolean(),
    amount_kopecks: z.number().int().nullable(),
    kind: z.string().nullable(),
    points: z.number().int(),
    status: z.enum(['pending', 'credited', 'cancelled', 'reversed', 'void']),
    source: z.enum(['api', 'claim']),
    posted_at: instant,
    due_at: instant,
    credited_at: instant.nullable(),
    cancelled_at: instant.nullable(),
    reversed_at: instant.nullable(),
    reversed_points: z.number().int().nullable(),
    end_reason: z.string().nullable(),
  })
  .meta({ id: 'StaffPartnerAccrual', description: "A partner's transaction's points (A2)" });

const ClaimEvidence = z
  .object({
    report_id: uuid,
    kind: reportKind,
    status: reportStatus,
    filename: z.string().nullable(),
    created_at: instant,
    live_minutes: z.number().nullable(),
    recording_minutes: z.number().nullable(),
    score: z.number().nullable(),
    completed_at: instant.nullable(),
  })
  .meta({ id: 'ClaimEvidence', description: "A line of a confirmed (or since corrected) report that names the claimant's email" });

export const StaffClaim = z
  .object({
    id: uuid,
    participant_id: uuid,
    participant_name: z.string(),
    email: z.string(),
    event_id: z.string().nullable(),
    event_title: z.string().nullable(),
    event_kind: eventKind.nullable(),
    points: z.number().int(),
    statement: z.string(),
    status: z.enum(['open', 'approved', 'rejected', 'expired']),
    workflow_id: z.string(),
    deadline_at: instant,
    decision_reason: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_at: instant.nullable(),
    created_by: z.string(),
    created_at: instant,
    kind: z.enum(['event', 'partner']).optional().meta({ description: "An event's points, or a partner's transaction (A2)" }),
    partner_id: z.string().nullable().optional(),
    partner_name: z.string().nullable().optional(),
    partner_reference: z.string().nullable().optional(),
    transaction_at: instant.nullable().optional(),
    date_only: z.boolean().nullable().optional(),
    amount_kopecks: z.number().int().nullable().optional(),
    transaction_kind: z.string().nullable().optional(),
    partner_accruals: z
      .array(StaffPartnerAccrual)
      .optional()
      .meta({ description: "The show page only, a partner's claim: the participant's accruals from that partner" }),
    evidence: z.array(ClaimEvidence).optional().meta({ description: 'The show page only' }),
    outcome: StaffOutcome.pick({ credited: true, reason: true, live_minutes: true, score: true })
      .nullable()
      .optional()
      .meta({ description: "The show page only: the window's verdict for the claimant's email, if it was reported" }),
  })
  .meta({ id: 'StaffClaim', description: 'Points a participant claims (A4)' });

// ---- the ledger (R18–R20, R26) -----------------------------------------------------------------

export const StaffLedgerEntry = z
  .object({
    id: z.number().int(),
    kind: z.enum(['credit', 'spend', 'expire', 'annul']),
    amount: z.number().int().meta({ description: 'Positive for a credit, negative for a debit' }),
    source_type: sourceType,
    source_id: z
      .string()
      .meta({ description: "The event, order or participant; for a reversal, the reversed entry's id; for an expiry, the lot's" }),
    source_title: z.string().nullable(),
    claim_id: z.string().nullable(),
    reason: z.string().nullable(),
    created_by: z.string().nullable(),
    created_at: instant,
    expires_at: instant.nullable().meta({ description: "A credit's lot: when it expires" }),
    remaining: z.number().int().nullable().meta({ description: "A credit's lot: what it still holds" }),
  })
  .meta({ id: 'StaffLedgerEntry', description: 'A credit (a new lot) or a debit: spent, expired (R20), or annulled (R26)' });

export const StaffLot = z
  .object({
    id: z.number().int(),
    amount: z.number().int(),
    remaining: z.number().int(),
    accrued_at: instant,
    expires_at: instant,
    source_type: sourceType,
    source_title: z.string().nullable(),
  })
  .meta({ id: 'StaffLot', description: 'R20: points credited together, spent oldest first, expiring together' });

export const ParticipantLots = z
  .object({
    balance: z.number().int(),
    lots: z.array(StaffLot).meta({ description: 'The lots with points left, oldest first' }),
    nextExpiry: z.object({ at: instant, points: z.number().int() }).nullable(),
  })
  .meta({ id: 'ParticipantLots', description: "A participant's balance and lots with points left (R20)" });

export const LedgerInvariant = z
  .object({
    credited: z.number(),
    spent: z.number(),
    expired: z.number(),
    annulled: z.number(),
    held: z.number(),
    balance: z.number(),
    broken_lots: z.number().int(),
    unkeyed: z.number().int(),
    unbalanced: z.number().int(),
    holds: z.boolean(),
  })
  .meta({
    id: 'LedgerInvariant',
    description: 'Over all participants: credited = spent + expired + annulled + held + balance, no lot broken, every entry keyed',
  });

export const ExpiryForecastMonth = z
  .object({ month: z.string().meta({ description: 'UTC, `YYYY-MM`' }), points: z.number().int(), participants: z.number().int() })
  .meta({ id: 'ExpiryForecastMonth', description: 'Points that expire in a month if not spent, and whose' });

export const Reversal = z.object({ reversed: z.boolean(), amount: z.number().int(), remaining: z.number().int() }).meta({ id: 'Reversal' });

// ---- the shop (R15–R17, A5) --------------------------------------------------------------------

export const StaffCatalogItem = z
  .object({
    id: uuid,
    sku: z.string(),
    title: z.string(),
    description: z.string(),
    price_points: z.number().int(),
    stock: z.number().int(),
    active: z.boolean(),
    min_tier: z.string().nullable().meta({ description: 'A1: only participants of this tier and above may order it (null: everyone)' }),
    created_by: z.string(),
    created_at: instant,
    updated_at: instant,
  })
  .meta({ id: 'StaffCatalogItem' });

export const StaffOrder = z
  .object({
    id: uuid,
    participant_id: uuid,
    participant_email: z.string(),
    participant_name: z.string(),
    item_id: uuid,
    sku: z.string(),
    item_title: z.string(),
    quantity: z.number().int(),
    unit_points: z.number().int(),
    total_points: z.number().int(),
    status: z.enum(ORDER_STATUSES),
    affiliation_check: z.boolean(),
    documents_deadline_at: instant.nullable(),
    documents_received_at: instant.nullable(),
    payment_deadline_at: instant.nullable(),
    decision: z.enum(['approved', 'rejected']).nullable(),
    decision_reason: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_at: instant.nullable(),
    end_reason: z.string().nullable(),
    ended_at: instant.nullable(),
    completed_at: instant.nullable(),
    hold_id: uuid,
    hold_status: z.enum(['held', 'captured', 'released']),
    workflow_id: z.string(),
    created_by: z.string(),
    created_at: instant,
    updated_at: instant,
    documents: z.array(StaffDocument).optional().meta({ description: 'The show page only' }),
  })
  .meta({ id: 'StaffOrder' });

// ---- the program's terms (R27) -----------------------------------------------------------------

const ProgramTerms = z
  .record(z.string(), z.number())
  .meta({ id: 'ProgramTerms', description: 'The terms by name (`welcomePoints`, `lotLifetimeMs`, …); durations in milliseconds' });

export const TermsVersion = z
  .object({
    id: z.number().int(),
    settings: ProgramTerms.meta({ description: 'The settings it changes' }),
    effective_from: instant,
    reason: z.string(),
    created_by: z.string(),
    created_at: instant,
    in_force: z.boolean().meta({ description: 'Its instant has come (a later version may override some of its settings)' }),
  })
  .meta({ id: 'TermsVersion', description: 'One change of the terms, from its instant on' });

export const CurrentTerms = z
  .object({ defaults: ProgramTerms, current: ProgramTerms })
  .meta({ id: 'CurrentTerms', description: "`defaults`: the configuration's values; `current`: overlaid by every version in force now" });

// ---- email change (R21), adjustments, applications (A7) ----------------------------------------

export const StaffEmailChange = z
  .object({
    id: uuid,
    participant_id: uuid,
    participant_name: z.string(),
    member_number: z.string().nullable(),
    old_email: z.string(),
    new_email: z.string(),
    status: z.enum(EMAIL_CHANGE_STATUSES),
    letter_document_id: z.string().nullable(),
    employment_document_id: z.string().nullable(),
    workflow_id: z.string(),
    documents_due_at: instant,
    reminded_at: instant.nullable(),
    decision_reason: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_at: instant.nullable(),
    completed_at: instant.nullable(),
    end_reason: z.string().nullable(),
    created_by: z.string(),
    created_by_type: z
      .enum(['staff', 'api_client'])
      .nullable()
      .meta({ description: 'Four eyes: who opened it; a staff member who did may not approve it' }),
    created_by_id: z.string().nullable(),
    created_at: instant,
    documents: z.array(StaffReviewedDocument).optional().meta({ description: 'The show page only, with who uploaded each' }),
  })
  .meta({ id: 'StaffEmailChange', description: 'An email-change request (R21)' });

export const StaffAdjustmentRequest = z
  .object({
    id: uuid,
    participant_id: uuid,
    participant_name: z.string(),
    member_number: z.string().nullable(),
    amount: z.number().int(),
    reason: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    requested_by_id: z.string(),
    requested_by: z.string(),
    created_at: instant,
    decided_by_id: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_at: instant.nullable(),
    decision_reason: z.string().nullable(),
  })
  .meta({ id: 'StaffAdjustmentRequest', description: 'An adjustment above FOUR_EYES_ADJUSTMENT_LIMIT, for a second staff member' });

export const StaffApplication = z
  .object({
    id: uuid,
    number: z.string(),
    legal_name: z.string(),
    inn: z.string(),
    kpp: z.string().nullable(),
    address: z.string(),
    contact_name: z.string(),
    contact_email: z.string(),
    contract_path: contractType,
    status: z.enum(APPLICATION_STATUSES),
    application_form_document_id: z.string().nullable(),
    signed_contract_document_id: z.string().nullable(),
    workflow_id: z.string(),
    documents_due_at: instant,
    reminded_at: instant.nullable(),
    contract_number: z.string().nullable(),
    decision_reason: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_by_id: z.string().nullable(),
    decided_at: instant.nullable(),
    end_reason: z.string().nullable(),
    client_id: z.string().nullable(),
    created_by: z.string(),
    created_at: instant,
    documents: z.array(StaffReviewedDocument).optional().meta({ description: 'The show page only: application_form and signed_contract' }),
  })
  .meta({ id: 'StaffApplication', description: "An organisation's application to join (A7)" });

// ---- which answer is which record ----------------------------------------------------------------

/** Each resource's record: what its list holds and what its routes answer, unless named below. */
export const STAFF_RECORDS: Record<string, z.ZodType> = {
  staff: StaffMember,
  participants: StaffParticipant,
  reviews: StaffReview,
  mail: StaffMail,
  audit: StaffAuditEntry,
  contracts: StaffContract,
  'api-clients': StaffApiClient,
  'api-keys': StaffApiKey,
  settings: ConsoleSettings,
  events: StaffEvent,
  reports: StaffReport,
  outcomes: StaffOutcome,
  incidents: StaffIncident,
  claims: StaffClaim,
  'partner-claims': StaffClaim,
  'partner-accruals': StaffPartnerAccrual,
  catalog: StaffCatalogItem,
  orders: StaffOrder,
  terms: TermsVersion,
  'email-changes': StaffEmailChange,
  'adjustment-requests': StaffAdjustmentRequest,
  applications: StaffApplication,
};

/** The answers that are not their resource's record, by route and status. */
export const STAFF_ANSWERS: Partial<Record<RouteKey, Record<number, z.ZodType>>> = {
  'GET /admin/api/api-clients': { 200: z.array(StaffApiClientRow) },
  'POST /admin/api/api-clients': { 201: StaffNewApiClient },
  'POST /admin/api/api-clients/:id/keys': { 201: StaffNewApiKey },
  'POST /admin/api/events/:id/reports': { 201: StaffReport },
  'GET /admin/api/participants/:id/lots': { 200: ParticipantLots },
  'GET /admin/api/participants/:id/ledger': { 200: z.array(StaffLedgerEntry) },
  // not yet field by field: the console reads them through its own declarations (admin-ui/src/tiers/types.ts)
  'GET /admin/api/participants/:id/tier-history': { 200: z.array(StaffRecord) },
  'POST /admin/api/participants/:id/adjustments': {
    201: z.object({ balance: z.number().int() }).meta({ id: 'AdjustmentPosted' }),
    202: StaffAdjustmentRequest,
  },
  'POST /admin/api/ledger/:entryId/reverse': { 200: Reversal },
  'GET /admin/api/ledger/invariant': { 200: LedgerInvariant },
  'GET /admin/api/ledger/expiry-forecast': { 200: z.array(ExpiryForecastMonth) },
  'GET /admin/api/terms/current': { 200: CurrentTerms },
};

// ---- the server's row types agree (a compile-time check) -----------------------------------------

/** A server type as JSON brings it: dates arrive as ISO strings. */
type Json<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Json<Item>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;
/** `Row` (as JSON) has every field of `Schema`'s output, each of the right type, apart from `loosened` (narrowed here). */
type Agrees<Schema extends z.ZodType, Row, Loosened extends keyof Row = never> = [
  Omit<Json<Row>, Loosened> extends Omit<Required<z.output<Schema>>, Loosened | OptionalKeys<z.output<Schema>>> ? true : false,
  Exclude<keyof Json<Row>, keyof z.output<Schema>> extends never ? true : false,
];
type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
type Holds<T extends [true, true]> = T;

export type StaffRowChecks = [
  Holds<Agrees<typeof StaffParticipant, ParticipantSummary, 'status' | 'contract_path'>>,
  Holds<Agrees<typeof StaffDocument, StoredDocument>>,
  Holds<Agrees<typeof StaffReviewedDocument, ReviewedDocument>>,
  Holds<Agrees<typeof StaffApiKey, ApiKey>>,
  Holds<Agrees<typeof StaffApiClient, ApiClient & { keys: ApiKey[] }>>,
  Holds<Agrees<typeof StaffAdjustmentRequest, AdjustmentRequestRow>>,
  Holds<Agrees<typeof StaffApplication, ApplicationRow>>,
  Holds<Agrees<typeof LedgerInvariant, Awaited<ReturnType<typeof ledgerInvariant>>>>,
  Holds<Agrees<typeof ExpiryForecastMonth, Awaited<ReturnType<typeof expiryForecast>>[number]>>,
  Holds<Agrees<typeof CreditingWindow, EventCreditingView>>,
];
