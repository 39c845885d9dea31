/** The event crediting workflow's vocabulary (R9–R13): one workflow per event. */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export const eventWorkflowId = (eventId: string): string => `event:${eventId}`;

/** The terms an event is credited under, fixed when it is created (R27). */
export interface CreditingTerms {
  windowMs: number;
  minLiveMinutes: number;
  batchSize: number;
  /**
   * How many batches are credited at once (CREDIT_PARALLEL_BATCHES); absent in events created before
   * it existed, which take the workflow's default.
   */
  parallelBatches?: number;
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

/** The workflow's stage, also the event's crediting_status. */
export const CREDITING_STAGES = ['scheduled', 'open', 'crediting', 'closed', 'ongoing'] as const;
export type CreditingStage = (typeof CREDITING_STAGES)[number];

export interface EventCreditingView {
  eventId: string;
  stage: CreditingStage;
  windowClosesAt: number | null;
  preview: CreditingPreview | null;
  credited: number;
  /**
   * While a report is credited: the report's emails handled so far (the console's progress, out of
   * the preview's `reported`). Query state only; absent from views before it was added.
   */
  handled?: number;
  /** An incident was raised: no attendance report (R11), or a step failed for good. */
  incident: boolean;
}

/** The API confirmed a report for this event: the workflow refreshes its preview (or credits a course). */
export const reportConfirmedSignal = defineSignal<[{ reportId: string }]>('reportConfirmed');
export const creditingQuery = defineQuery<EventCreditingView>('crediting');
