/** The claim workflow's vocabulary (A4): one workflow per claim of missing points. */
import { defineUpdate } from '@temporalio/workflow';
import type { StaffRef } from './shared.js';

export const claimWorkflowId = (claimId: string): string => `claim:${claimId}`;

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

/** How a claim ended (claims.status, except 'failed': its expiry could not be recorded, see the incident). */
export type ClaimOutcome = 'approved' | 'rejected' | 'expired';
export type ClaimWorkflowOutcome = ClaimOutcome | 'failed';

/** Failure types the claim workflow raises to refuse a message; the API maps them to HTTP answers. */
export const ClaimRefusal = {
  notOpen: 'ClaimNotOpen',
} as const;

export const decideClaimUpdate = defineUpdate<{ status: ClaimOutcome }, [ClaimDecision]>('decideClaim');
