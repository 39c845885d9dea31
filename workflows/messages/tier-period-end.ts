/**
 * The vocabulary of A1's period end: the `tier-period-end` Schedule (one per task queue, created by
 * the worker, worker/tier-schedule.ts) starts `tierPeriodEndWorkflow` at every qualification
 * period's end, which reassesses every participant's tier in batches.
 */

/** The Schedule's id: operators find it under Schedules in the Web UI, with its next run (the period's end). */
export const tierPeriodScheduleId = (taskQueue: string): string => `tier-period-end:${taskQueue}`;

export interface TierPeriodEndInput {
  /** participants reassessed per transaction (CREDIT_BATCH_SIZE) */
  batchSize: number;
}

export interface TierPeriodEndOutcome {
  /** the end of the last period reassessed (epoch ms) */
  through: number | null;
  reassessed: number;
  changed: number;
  announced: number;
}
