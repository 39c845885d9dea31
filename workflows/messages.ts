/**
 * Everything the participant workflow exchanges with the outside world, defined once and
 * imported by the workflow, the API and the tests: ids, inputs, updates, queries, search attributes.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ContractPath } from '../rules/verification.js';

/** R1: one participant workflow per normalised email. */
export const participantWorkflowId = (emailNormalized: string): string => `participant:${emailNormalized}`;

/** Every address the participant has had (R21): the Web UI finds the workflow by any of them. */
export const ParticipantEmail = defineSearchAttributeKey('ParticipantEmail', SearchAttributeType.KEYWORD_LIST);
export const MemberNumber = defineSearchAttributeKey('MemberNumber', SearchAttributeType.KEYWORD);
export const ParticipantStatus = defineSearchAttributeKey('ParticipantStatus', SearchAttributeType.KEYWORD);

export interface RegistrationInput {
  participantId: string;
  email: string;
  emailNormalized: string;
  firstName: string;
  lastName: string;
  agencyInn: string | null;
  agencyName: string | null;
  contractPath: ContractPath;
  contractNumber: string | null;
  subagencyLegalName: string | null;
  letterDocumentId: string | null;
}

/** The program terms this registration runs under, fixed when it starts (R27). */
export interface EnrolmentTerms {
  confirmationTimeoutMs: number;
  welcomePoints: number;
  /** R20: how long the welcome points live. */
  lotLifetimeMs: number;
}

export interface ParticipantWorkflowInput {
  registration: RegistrationInput;
  terms: EnrolmentTerms;
  /** Set when the workflow continues as new after activation. */
  activeSince?: { memberNumber: string };
  /** Every address the participant has had (R21), when it continues as new. */
  emails?: string[];
}

export type Stage =
  | 'registering'
  | 'awaiting_confirmation'
  | 'verifying'
  | 'awaiting_review'
  | 'activating'
  | 'active'
  | 'expired'
  | 'rejected'
  | 'closed';

export interface StaffRef {
  id: string;
  label: string;
}

export interface ParticipantView {
  participantId: string;
  stage: Stage;
  confirmationDeadline: number | null;
  linksSent: number;
  reviewTaskId: string | null;
  memberNumber: string | null;
}

export type ParticipantOutcome = { outcome: 'expired' } | { outcome: 'rejected'; reason: string } | { outcome: 'closed'; reason: string };

export interface ReviewDecision {
  taskId: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  staff: StaffRef;
}

/** Failure types the workflow raises to refuse a message; the API maps them to HTTP answers. */
export const Refusal = {
  alreadyRegistered: 'EmailAlreadyRegistered',
  notAwaitingConfirmation: 'NotAwaitingConfirmation',
  reviewNotOpen: 'ReviewNotOpen',
  claimNotOpen: 'ClaimNotOpen',
  notActive: 'NotActive',
} as const;

/** Register (the update that starts with the workflow): answers once the registration is stored. */
export const registerUpdate = defineUpdate<ParticipantView, [{ participantId: string }]>('register');
/** The participant followed the link: the API has checked the token and stored the password. */
export const confirmEmailUpdate = defineUpdate<ParticipantView, [{ tokenId: string }]>('confirmEmail');
/** Support sends a fresh confirmation link; the confirmation window starts again. */
export const resendConfirmationUpdate = defineUpdate<ParticipantView, [{ staff: StaffRef }]>('resendConfirmation');
/** A support reviewer approves or rejects the contract verification. */
export const decideReviewUpdate = defineUpdate<ParticipantView, [ReviewDecision]>('decideReview');

/** R26: the participant leaves, told to support: the account closes and its points are annulled. */
/**
 * R22: an active participant registered again with the new agency's details (stored by the API as
 * an agency_rebinds row): verified as in R4, then the participant is bound to the new agency.
 */
export const rebindAgencyUpdate = defineUpdate<ParticipantView, [{ rebindId: string }]>('rebindAgency');
export const closeAccountUpdate = defineUpdate<ParticipantView, [{ reason: string; staff: StaffRef }]>('closeAccount');

export const participantQuery = defineQuery<ParticipantView>('participant');

// ---- earning: one crediting workflow per event (R9–R12), one workflow per claim (A4) ----------

export const eventWorkflowId = (eventId: string): string => `event:${eventId}`;
export const claimWorkflowId = (claimId: string): string => `claim:${claimId}`;

/** The terms an event is credited under, fixed when it is created (R27). */
export interface CreditingTerms {
  windowMs: number;
  minLiveMinutes: number;
  batchSize: number;
  /** R20: how long the credited points live. */
  lotLifetimeMs: number;
}

export interface EventCreditingInput {
  eventId: string;
  isCourse: boolean;
  /** End of the broadcast (epoch ms); null for a course. */
  endsAt: number | null;
  terms: CreditingTerms;
  /** Set when the workflow continues as new: how far crediting or course reports have got. */
  resume?: { creditedAfter: string | null; credited: number; reportsCredited: number };
}

/** What the reports received so far would credit if the window closed now. */
export interface CreditingPreview {
  attendanceReported: boolean;
  testResultsReported: boolean;
  reported: number;
  eligible: number;
  points: number;
  unmatched: number;
  refused: Record<string, number>;
}

export type CreditingStage = 'scheduled' | 'open' | 'crediting' | 'closed' | 'ongoing';

export interface EventCreditingView {
  eventId: string;
  stage: CreditingStage;
  windowClosesAt: number | null;
  preview: CreditingPreview | null;
  credited: number;
  incident: boolean;
}

/** The API confirmed a report for this event: the workflow refreshes its preview (or credits a course). */
export const reportConfirmedSignal = defineSignal<[{ reportId: string }]>('reportConfirmed');
export const creditingQuery = defineQuery<EventCreditingView>('crediting');

export interface ClaimInput {
  claimId: string;
  deadlineMs: number;
  /** R20: how long the points of an approved claim live. */
  lotLifetimeMs: number;
}

export interface ClaimDecision {
  decision: 'approve' | 'reject';
  reason: string | null;
  staff: StaffRef;
}

export type ClaimOutcome = 'approved' | 'rejected' | 'expired';

export const decideClaimUpdate = defineUpdate<{ status: ClaimOutcome }, [ClaimDecision]>('decideClaim');

// ---- the ledger: one lot-expiry workflow per task queue (R20) ---------------------------------

export const lotExpiryWorkflowId = (taskQueue: string): string => `lot-expiry:${taskQueue}`;

export interface LotExpiryInput {
  /** R20: how long before a lot expires its participant is told. */
  noticeMs: number;
  batchSize: number;
  /** The longest the workflow sleeps before looking again (new lots, changed terms). */
  recheckMs: number;
}

/** Lots were credited that may expire sooner than the workflow's current wake-up: look again now. */
export const lotsChangedSignal = defineSignal('lotsChanged');

// ---- the shop: one order workflow per order (R15–R17, A5) -----------------------------------

export const orderWorkflowId = (orderId: string): string => `order:${orderId}`;

export type OrderStatus = 'placed' | 'awaiting_documents' | 'awaiting_review' | 'completed' | 'cancelled' | 'expired' | 'rejected';

/** Why an order ended without being completed. */
export type OrderEndReason =
  | 'cancelled_by_client'
  | 'out_of_stock'
  | 'payment_window_elapsed'
  | 'documents_not_received'
  | 'rejected'
  | 'points_released';

/** The terms an order runs under, fixed when it is placed (R27). */
export interface OrderTerms {
  /** A5: how long the shop has to complete the order once it may be completed. */
  paymentWindowMs: number;
  /** R17: how long the participant has to upload the affiliation documents. */
  affiliationDocumentsTimeoutMs: number;
}

export interface OrderInput {
  orderId: string;
  /** R17: the order first waits for documents and a reviewer's decision. */
  affiliationCheck: boolean;
  /** When the order was placed (epoch ms): the deadlines stored with the order count from it. */
  placedAt: number;
  terms: OrderTerms;
}

/** Who sent a message to an order: an API client (the shop) or a staff member. */
export interface ActorRef {
  type: 'api_client' | 'staff';
  id: string;
  label: string;
}

export interface OrderView {
  orderId: string;
  status: OrderStatus;
  /** The instant (epoch ms) the current wait ends: documents (R17) or completion (A5); null otherwise. */
  deadline: number | null;
  endReason: OrderEndReason | null;
}

export interface OrderDecision {
  decision: 'approve' | 'reject';
  reason: string | null;
  staff: StaffRef;
}

/** Failure types the order workflow raises to refuse a message; the API maps them to HTTP answers. */
export const OrderRefusal = {
  notAwaitingCompletion: 'OrderNotAwaitingCompletion',
  notOpen: 'OrderNotOpen',
  notAwaitingDocuments: 'OrderNotAwaitingDocuments',
  notAwaitingReview: 'OrderNotAwaitingReview',
} as const;

/** A5: the shop completes the order: the held points are spent and the stock taken. */
export const completeOrderUpdate = defineUpdate<OrderView, [{ by: ActorRef }]>('completeOrder');
/** The client cancels an open order: the held points go back. */
export const cancelOrderUpdate = defineUpdate<OrderView, [{ by: ActorRef }]>('cancelOrder');
/** R17: the affiliation documents were uploaded (stored by the API); the order goes to a reviewer. */
export const submitOrderDocumentsUpdate = defineUpdate<OrderView, [{ documentIds: string[]; by: ActorRef }]>('submitOrderDocuments');
/** R17: a reviewer approves or rejects the affiliation check. */
export const decideOrderUpdate = defineUpdate<OrderView, [OrderDecision]>('decideOrder');

export const orderQuery = defineQuery<OrderView>('order');

// ---- account changes: one workflow per email-change request (R21) -----------------------------

export const emailChangeWorkflowId = (requestId: string): string => `email-change:${requestId}`;

export interface EmailChangeInput {
  requestId: string;
  participantWorkflowId: string;
  /** R21: the documents must arrive within this; a reminder goes out after `reminderAfterMs`. */
  documentsTimeoutMs: number;
  reminderAfterMs: number;
  /** How long the link sent to the new address works (R3's confirmation window). */
  confirmationTimeoutMs: number;
}

export type EmailChangeDocumentKind = 'new_employer_letter' | 'employment_record';
export type EmailChangeStatus =
  | 'awaiting_documents' | 'awaiting_review' | 'awaiting_confirmation' | 'completed' | 'rejected' | 'expired' | 'cancelled';

export interface EmailChangeView {
  requestId: string;
  status: EmailChangeStatus;
  documents: EmailChangeDocumentKind[];
  deadline: number | null;
}

export const EmailChangeRefusal = {
  notAwaitingDocuments: 'EmailChangeNotAwaitingDocuments',
  notAwaitingReview: 'EmailChangeNotAwaitingReview',
  notAwaitingConfirmation: 'EmailChangeNotAwaitingConfirmation',
} as const;

/** One of the two documents was stored by the API (a later upload of the same kind replaces it). */
export const submitEmailChangeDocumentUpdate = defineUpdate<EmailChangeView, [{ kind: EmailChangeDocumentKind; documentId: string; by: ActorRef }]>(
  'submitEmailChangeDocument',
);
/** A support reviewer approves or rejects the change, having seen both documents. */
export const decideEmailChangeUpdate = defineUpdate<EmailChangeView, [{ decision: 'approve' | 'reject'; reason: string | null; staff: StaffRef }]>(
  'decideEmailChange',
);
/** The link sent to the new address was followed (the API checked the token). */
export const confirmNewEmailUpdate = defineUpdate<EmailChangeView, []>('confirmNewEmail');
export const emailChangeQuery = defineQuery<EmailChangeView>('emailChange');
/** The participant's identity changed: its workflow adds the address to its search attributes. */
export const emailChangedSignal = defineSignal<[{ emailNormalized: string }]>('emailChanged');
