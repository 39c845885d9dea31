/** The email-change workflow's vocabulary (R21): one workflow per request. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActorRef, StaffRef } from './shared.js';

export const emailChangeWorkflowId = (requestId: string): string => `email-change:${requestId}`;

export interface EmailChangeInput {
  requestId: string;
  participantWorkflowId: string;
  /** R21: the documents must arrive within this; a reminder goes out after `reminderAfterMs`. */
  documentsTimeoutMs: number;
  reminderAfterMs: number;
  /** How long the link sent to the new address works (R3's confirmation window). */
  confirmationTimeoutMs: number;
  /**
   * Who opened the request: a staff member who did may not approve it (four eyes). Absent in
   * workflows started before it was recorded.
   */
  openedBy?: ActorRef;
}

/** R21: the two documents a request needs. */
export const EMAIL_CHANGE_DOCUMENT_KINDS = ['new_employer_letter', 'employment_record'] as const;
export type EmailChangeDocumentKind = (typeof EMAIL_CHANGE_DOCUMENT_KINDS)[number];

/** A request's status (email_change_requests.status and the workflow's view). */
export const EMAIL_CHANGE_STATUSES = [
  'awaiting_documents',
  'awaiting_review',
  'awaiting_confirmation',
  'completed',
  'rejected',
  'expired',
  'cancelled',
] as const;
export type EmailChangeStatus = (typeof EMAIL_CHANGE_STATUSES)[number];
/** The request is still open: one per participant and per address. */
export const OPEN_EMAIL_CHANGE_STATUSES = [
  'awaiting_documents',
  'awaiting_review',
  'awaiting_confirmation',
] as const satisfies readonly EmailChangeStatus[];

export interface EmailChangeView {
  requestId: string;
  status: EmailChangeStatus;
  documents: EmailChangeDocumentKind[];
  deadline: number | null;
}

export interface EmailChangeDecision {
  decision: 'approve' | 'reject';
  reason: string | null;
  staff: StaffRef;
}

/** Failure types the email-change workflow raises to refuse a message; the API maps them to HTTP answers. */
export const EmailChangeRefusal = {
  notAwaitingDocuments: 'EmailChangeNotAwaitingDocuments',
  notAwaitingReview: 'EmailChangeNotAwaitingReview',
  notAwaitingConfirmation: 'EmailChangeNotAwaitingConfirmation',
  /** Four eyes: the staff member who opened the request or uploaded one of its documents may not approve it. */
  fourEyes: 'EmailChangeFourEyes',
} as const;

/** One of the two documents was stored by the API (a later upload of the same kind replaces it). */
export const submitEmailChangeDocumentUpdate = defineUpdate<
  EmailChangeView,
  [{ kind: EmailChangeDocumentKind; documentId: string; by: ActorRef }]
>('submitEmailChangeDocument');
/** A support reviewer approves or rejects the change, having seen both documents. */
export const decideEmailChangeUpdate = defineUpdate<EmailChangeView, [EmailChangeDecision]>('decideEmailChange');
/** The link sent to the new address was followed (the API checked the token). */
export const confirmNewEmailUpdate = defineUpdate<EmailChangeView, []>('confirmNewEmail');
export const emailChangeQuery = defineQuery<EmailChangeView>('emailChange');
