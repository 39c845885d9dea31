/**
 * The partner crediting workflow's vocabulary (A2): one workflow per partner and due instant, the
 * durable timer of the accruals that fall due then (rules/partners.ts `creditDueAt`).
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const partnerCreditingWorkflowId = (partnerId: string, dueAt: number): string => `partner-crediting:${partnerId}:${dueAt}`;

export interface PartnerCreditingInput {
  partnerId: string;
  /** The instant (epoch ms) the accruals of this timer fall due. */
  dueAt: number;
  /** Accruals credited per transaction (CREDIT_BATCH_SIZE). */
  batchSize: number;
}

/**
 * A post has joined this timer (sent with signal-with-start from inside the post's transaction): if
 * the workflow is already crediting, it looks once more after the batches it has in hand.
 */
export const accrualsPostedSignal = defineSignal('accrualsPosted');

export interface PartnerCreditingProgress {
  partnerId: string;
  dueAt: number;
  /** waiting for the pending period to end, crediting, or done */
  stage: 'pending' | 'crediting' | 'done' | 'failed';
  credited: number;
  /** due accruals whose participant was no longer active: never credited */
  voided: number;
  batches: number;
}

export const partnerCreditingQuery = defineQuery<PartnerCreditingProgress>('partnerCrediting');
