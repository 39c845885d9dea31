/**
 * The participant workflow's vocabulary (R1–R7, R21–R26): its id, input, updates, queries, signals
 * and search attributes, imported by the workflow, the API and the tests.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ContractPath } from '../../rules/verification.js';
import type { StaffRef } from './shared.js';
import { boundedWorkflowId } from './workflow-id.js';

/**
 * R1: one participant workflow per normalised email. An address too long for Temporal's id limit
 * (up to 254 characters are valid) gets a shortened id, still one per address.
 */
export const participantWorkflowId = (emailNormalized: string): string => boundedWorkflowId('participant:', emailNormalized);

/**
 * R1 after R21: the workflow id of a registration of an address that a participant has left (its
 * email changed) while that participant's workflow, named after the address, still runs. One id per
 * address and leaver, so that two registrations of the freed address still meet in one workflow.
 */
export const participantWorkflowIdAfter = (emailNormalized: string, leaverId: string): string =>
  boundedWorkflowId('participant:', `${emailNormalized}/after:${leaverId}`);

/** Every address the participant has had (R21): the Web UI finds the workflow by any of them. */
export const ParticipantEmail = defineSearchAttributeKey('ParticipantEmail', SearchAttributeType.KEYWORD_LIST);
export const MemberNumber = defineSearchAttributeKey('MemberNumber', SearchAttributeType.KEYWORD);
export const ParticipantStatus = defineSearchAttributeKey('ParticipantStatus', SearchAttributeType.KEYWORD);
/** A1: the participant's status tier (a tier's code from the terms, or `none`), set when it changes. */
export const ParticipantTier = defineSearchAttributeKey('ParticipantTier', SearchAttributeType.KEYWORD);

/** A participant's record status (participants.status). */
export const PARTICIPANT_STATUSES = [
  'pending_confirmation',
  'pending_verification',
  'active',
  'rejected',
  'expired',
  'closed',
  // A step failed in a way retrying cannot fix: an incident was raised; the email may register again.
  'failed',
] as const;
export type ParticipantRecordStatus = (typeof PARTICIPANT_STATUSES)[number];
/** R1: the statuses that hold an email; the others leave it free to register again (R23). */
export const LIVE_PARTICIPANT_STATUSES = [
  'pending_confirmation',
  'pending_verification',
  'active',
] as const satisfies readonly ParticipantRecordStatus[];

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
  /** The API client registering the person, stored as the registration's owner (absent in runs started before clients owned rows). */
  clientId?: string | null;
  /** A6: the phone in E.164, unique among live participants (absent in runs started before phones). */
  phone?: string | null;
  /** When the API took the registration (absent in runs started before the API stored the form itself). */
  registeredAt?: number;
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
  /** A1: the last tier change the workflow took, when it continues as new. */
  lastTierChange?: number;
}

/** The workflow's stage (the ParticipantStatus search attribute). */
export const PARTICIPANT_STAGES = [
  'registering',
  'awaiting_confirmation',
  'verifying',
  'awaiting_review',
  'activating',
  'active',
  'expired',
  'rejected',
  'closed',
  'failed',
] as const;
export type Stage = (typeof PARTICIPANT_STAGES)[number];

export interface ParticipantView {
  participantId: string;
  stage: Stage;
  confirmationDeadline: number | null;
  linksSent: number;
  reviewTaskId: string | null;
  memberNumber: string | null;
}

export type ParticipantOutcome =
  | { outcome: 'expired' }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'closed'; reason: string }
  /** A registration step failed for good; `reason` is in the incident raised for staff. */
  | { outcome: 'failed'; reason: string }
  /** R1: another participant took the address before the form was stored; the API refused the registration (409). */
  | { outcome: 'email_taken' };

/**
 * The failure type of `recordRegistration` when another live participant holds the address: an email
 * change completed, or another registration was stored, between the API's check and the workflow's store.
 */
export const EMAIL_TAKEN_FAILURE = 'EmailTaken';

export interface ReviewDecision {
  taskId: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  staff: StaffRef;
}

/** Failure types the participant workflow raises to refuse a message; the API maps them to HTTP answers. */
export const ParticipantRefusal = {
  alreadyRegistered: 'EmailAlreadyRegistered',
  notAwaitingConfirmation: 'NotAwaitingConfirmation',
  reviewNotOpen: 'ReviewNotOpen',
  notActive: 'NotActive',
} as const;

/**
 * Register (an update-with-start): answers once the registration is stored. The API now starts the
 * workflow and stores the form itself, answering without waiting on the worker; this update is kept
 * for the runs it started and for starts straight through the Temporal client.
 */
export const registerUpdate = defineUpdate<ParticipantView, [{ participantId: string }]>('register');
/** The participant followed the link: the API has checked the token and stored the password. */
export const confirmEmailUpdate = defineUpdate<ParticipantView, [{ tokenId: string }]>('confirmEmail');
/** Support sends a fresh confirmation link; the confirmation window starts again. */
export const resendConfirmationUpdate = defineUpdate<ParticipantView, [{ staff: StaffRef }]>('resendConfirmation');
/** A support reviewer approves or rejects the contract verification. */
export const decideReviewUpdate = defineUpdate<ParticipantView, [ReviewDecision]>('decideReview');
/**
 * R22: an active participant registered again with the new agency's details (stored by the API as
 * an agency_rebinds row): verified as in R4, then the participant is bound to the new agency.
 */
export const rebindAgencyUpdate = defineUpdate<ParticipantView, [{ rebindId: string }]>('rebindAgency');
/** R26: the participant leaves, told to support: the account closes and its points are annulled. */
export const closeAccountUpdate = defineUpdate<ParticipantView, [{ reason: string; staff: StaffRef }]>('closeAccount');

export const participantQuery = defineQuery<ParticipantView>('participant');

/** R21: the participant's identity changed: its workflow adds the address to its search attributes. */
export const emailChangedSignal = defineSignal<[{ emailNormalized: string }]>('emailChanged');
/**
 * A1: the participant's tier changed (committed by db/tiers.ts, announced by activities/tiers.ts):
 * the workflow sets its ParticipantTier search attribute. `changeId` orders the changes: one older
 * than the last seen (a late or repeated announcement) changes nothing.
 */
export const tierChangedSignal = defineSignal<[{ tier: string | null; changeId: number }]>('tierChanged');
/**
 * A7: the contract registry has learnt the participant's agency (an approved corporate application
 * wrote it there). A registration, or a change of agency (R22), that waits for a reviewer asks the
 * registry again; if the registry now verifies it, it goes on without a reviewer and its task is
 * closed as resolved by the registry. In any other stage the signal changes nothing.
 */
export const registryChangedSignal = defineSignal<[{ applicationId: string }]>('registryChanged');
