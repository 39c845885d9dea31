/**
 * One crediting workflow per event (R9–R12), read top to bottom as the business process:
 * wait for the broadcast to end → keep the crediting window open while reports and corrections
 * arrive (R11), showing what would be credited now → close the window → credit every eligible
 * participant exactly once, in batches (R12), or raise an incident when no report came (R11).
 * A course has no broadcast and no window: each confirmed completions report is credited as it comes.
 * A step that fails for good raises an incident for staff: crediting stops there (a course goes on
 * with its next report); what was credited stays credited, each credit once (R12).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ReportIds } from '../activities/crediting.js';
import { databaseStep, longBatch } from './activity-options.js';
import { attempt, reportIncident, stepFailure } from './incidents.js';
import { creditingQuery, reportConfirmedSignal, type EventCreditingInput, type EventCreditingView } from './messages/event-crediting.js';

const {
  openCreditingWindow,
  previewCrediting,
  closeCreditingWindow,
  closeAndPlanCrediting,
  planCrediting,
  raiseNoReportIncident,
  finishCrediting,
} = proxyActivities<Activities>(databaseStep);

// A batch writes up to CREDIT_BATCH_SIZE ledger rows in one transaction.
const { creditBatch } = proxyActivities<Activities>(longBatch);

/**
 * Crediting plans its batches when the window closes and credits several at once (the batches of a
 * report touch different participants). Workflows that closed their window before this change go on
 * one batch after the other, as their histories say.
 */
const PLANNED_CREDITING = 'planned-parallel-crediting';
/** Batches credited at once when the event's terms do not say (events created before CREDIT_PARALLEL_BATCHES). */
const DEFAULT_PARALLEL_BATCHES = 2;

export async function eventCreditingWorkflow(input: EventCreditingInput): Promise<EventCreditingView> {
  const { eventId, terms } = input;
  const view: EventCreditingView = {
    eventId,
    stage: input.isCourse ? 'ongoing' : 'scheduled',
    windowClosesAt: input.endsAt === null ? null : input.endsAt + terms.windowMs,
    preview: null,
    credited: input.resume?.credited ?? 0,
    incident: false,
  };
  const reportsWaiting: string[] = [];
  const parallel = Math.max(1, terms.parallelBatches ?? DEFAULT_PARALLEL_BATCHES);
  const subject = { type: 'event', id: eventId } as const;
  setHandler(creditingQuery, () => view);
  setHandler(reportConfirmedSignal, ({ reportId }) => void reportsWaiting.push(reportId));

  if (input.isCourse) return creditCourseReports();

  try {
    if (input.resume) {
      view.stage = 'crediting';
    } else {
      await sleep(Math.max(0, input.endsAt! - Date.now()));
      view.stage = 'open';
      await openCreditingWindow({ eventId });
      // R11: reports and corrections may arrive until the window closes; each refreshes the preview.
      while (Date.now() < view.windowClosesAt!) {
        if (await condition(() => reportsWaiting.length > 0, view.windowClosesAt! - Date.now())) {
          reportsWaiting.length = 0;
          const preview = await attempt(previewCrediting({ eventId }));
          if (preview.ok) view.preview = preview.value;
          else await reportIncident(subject, preview.failure, 'The preview was not refreshed; the window stays open.');
        }
      }
      view.stage = 'crediting';
    }

    if (patched(PLANNED_CREDITING)) {
      const after = input.resume?.creditedAfter ?? null;
      const plan = await closeAndPlanCrediting({ eventId, after, batchSize: terms.batchSize, parallel });
      if (plan.reports.main === null) {
        await raiseNoReportIncident({ eventId });
        view.incident = true;
      } else {
        await creditPlanned(plan.reports, plan.starts, plan.size);
      }
    } else {
      const reports = await closeCreditingWindow({ eventId });
      if (reports.main === null) {
        await raiseNoReportIncident({ eventId });
        view.incident = true;
      } else {
        await creditReport(reports, input.resume?.creditedAfter ?? null);
      }
    }
    view.credited = (await finishCrediting({ eventId })).credited;
  } catch (err) {
    const failure = stepFailure(err);
    if (!failure) throw err; // continue-as-new, cancellation, a bug: not an incident
    await reportIncident(subject, failure, 'Crediting stopped here; what was credited before stays credited, once.');
    view.incident = true;
  }
  view.stage = 'closed';
  await condition(allHandlersFinished);
  return view;

  /**
   * Credits the planned batches, `parallel` at a time (each its own transaction, keyed per
   * participant: R12). Before the history grows large it launches no more, lets those in flight
   * finish and continues as new from the first batch not done (every batch before it is done; any
   * after it that is done credits nothing twice when done again). A batch that fails for good stops
   * the launching too, and fails the crediting once those in flight have finished.
   */
  async function creditPlanned(ids: ReportIds, starts: Array<string | null>, size: number): Promise<void> {
    const done = starts.map(() => false);
    let next = 0;
    let stop = false;
    const lane = async () => {
      while (next < starts.length && !stop) {
        const i = next++;
        try {
          await creditBatch({ eventId, reports: ids, after: starts[i], limit: size, lotLifetimeMs: terms.lotLifetimeMs });
        } catch (err) {
          stop = true;
          throw err;
        }
        done[i] = true;
        if (workflowInfo().continueAsNewSuggested) stop = true;
      }
    };
    const lanes = await Promise.allSettled(Array.from({ length: Math.min(parallel, starts.length) }, lane));
    const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
    if (failed) throw failed.reason;
    const first = done.indexOf(false);
    if (first === -1) return;
    await condition(allHandlersFinished);
    await continueAsNew<typeof eventCreditingWorkflow>({
      ...input,
      resume: { creditedAfter: starts[first], credited: view.credited, reportsCredited: 0 },
    });
  }

  /** Walks the report batch by batch; continues as new (keeping its place) before the history grows large. */
  async function creditReport(ids: ReportIds, from: string | null): Promise<void> {
    let after = from;
    // Progress for the console's query only: no command depends on it (a resumed run counts afresh).
    view.handled = 0;
    for (;;) {
      const batch = await creditBatch({ eventId, reports: ids, after, limit: terms.batchSize, lotLifetimeMs: terms.lotLifetimeMs });
      after = batch.last;
      view.handled += batch.handled;
      if (batch.done) return;
      if (workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof eventCreditingWorkflow>({
          ...input,
          resume: { creditedAfter: after, credited: view.credited, reportsCredited: 0 },
        });
      }
    }
  }

  /** A course: every confirmed completions report is credited as it arrives (R9), forever (R28). */
  async function creditCourseReports(): Promise<never> {
    for (;;) {
      await condition(() => reportsWaiting.length > 0 || workflowInfo().continueAsNewSuggested);
      if (reportsWaiting.length === 0) {
        await condition(allHandlersFinished);
        await continueAsNew<typeof eventCreditingWorkflow>(input);
      }
      const reportId = reportsWaiting.shift()!;
      try {
        if (patched(PLANNED_CREDITING)) {
          const plan = await planCrediting({ reportId, batchSize: terms.batchSize, parallel });
          await creditPlanned({ main: reportId, tests: null }, plan.starts, plan.size);
        } else {
          await creditReport({ main: reportId, tests: null }, null);
        }
        view.credited = (await finishCrediting({ eventId })).credited;
      } catch (err) {
        const failure = stepFailure(err);
        if (!failure) throw err;
        await reportIncident(subject, failure, `Report ${reportId} was not fully credited; the course goes on with later reports.`);
        view.incident = true;
      }
    }
  }
}
