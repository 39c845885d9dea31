/** The corporate-application workflow's vocabulary (A7): one workflow per application. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActorRef, StaffRef } from './shared.js';

export const applicationWorkflowId = (applicationId: string): string => `application:${applicationId}`;

export interface ApplicationInput {
  applicationId: string;
  /** A7: the signed documents must arrive within this; a reminder goes to the contact after `reminderAfterMs`. */
  documentsTimeoutMs: number;
  reminderAfterMs: number;
  /** The documents the API stored with the application itself (the row holds them already). */
  documents: ApplicationDocumentKind[];
}

/** A7: the two signed documents an application needs (PDF). */
export const APPLICATION_DOCUMENT_KINDS = ['application_form', 'signed_contract'] as const;
export type ApplicationDocumentKind = (typeof APPLICATION_DOCUMENT_KINDS)[number];

/** An application's status (corporate_applications.status and the workflow's view). */
export const APPLICATION_STATUSES = ['awaiting_documents', 'awaiting_review', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** Still open: one per organisation (INN). */
export const OPEN_APPLICATION_STATUSES = ['awaiting_documents', 'awaiting_review'] as const satisfies readonly ApplicationStatus[];

export interface ApplicationView {
  applicationId: string;
  status: ApplicationStatus;
  documents: ApplicationDocumentKind[];
  /** the documents' deadline while they are awaited */
  deadline: number | null;
  /** the registry's contract, once approved */
  contractNumber: string | null;
}

export type ApplicationDecision =
  { decision: 'approve'; reason: null; staff: StaffRef } | { decision: 'reject'; reason: string; staff: StaffRef };

/** Failure types the application workflow raises to refuse a message; the API maps them to HTTP answers. */
export const ApplicationRefusal = {
  notAwaitingDocuments: 'ApplicationNotAwaitingDocuments',
  notAwaitingReview: 'ApplicationNotAwaitingReview',
} as const;

/** One signed document was stored by the API (a later upload of the same kind replaces it). */
export const submitApplicationDocumentUpdate = defineUpdate<
  ApplicationView,
  [{ kind: ApplicationDocumentKind; documentId: string; by: ActorRef }]
>('submitApplicationDocument');
/** A manager approves (the agency joins the contract registry) or rejects with a reason. */
export const decideApplicationUpdate = defineUpdate<ApplicationView, [ApplicationDecision]>('decideApplication');
export const applicationQuery = defineQuery<ApplicationView>('application');
