/** The lot-expiry workflow's vocabulary (R20): one workflow per task queue. */
import { defineSignal } from '@temporalio/workflow';

export const lotExpiryWorkflowId = (taskQueue: string): string => `lot-expiry:${taskQueue}`;

export interface LotExpiryInput {
  /** R20: how long before a lot expires its participant is told. */
  noticeMs: number;
  batchSize: number;
  /** How many walks through the due lots go side by side, each over its own participants (CREDIT_PARALLEL_BATCHES). */
  parallelBatches?: number;
  /** The longest the workflow sleeps before looking again (new lots, changed terms). */
  recheckMs: number;
}

/** Lots were credited that may expire sooner than the workflow's current wake-up: look again now. */
export const lotsChangedSignal = defineSignal('lotsChanged');
