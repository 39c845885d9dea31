/**
 * One crediting workflow per event (R9–R12), read top to bottom as the business process:
 * wait for the broadcast to end → keep the crediting window open while reports and corrections
 * arrive (R11), showing what would be credited now → close the window → credit every eligible
 * participant exactly once, in batches (R12), or raise an incident when no report came (R11).
 * A course has no broadcast and no window: each confirmed completions report is credited as it comes.
 * A step that fails for good raises an incident for staff: crediting stops there (a course goes on
 * with its next report); what was credited stays credited, each credit once (R12).
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ReportIds } from '../activities/crediting.js';
import { databaseStep, longBatch } from './activity-options.js';
import { attempt, reportIncident, stepFailure } from './incidents.js';
import { creditingQuery, reportConfirmedSignal, type EventCreditingInput, type EventCreditingView } from './messages/event-crediting.js';

const { openCreditingWindow, previewCrediting, closeCreditingWindow, raiseNoReportIncident, finishCrediting } =
  proxyActivities<Activities>(databaseStep);

// A batch writes up to CREDIT_BATCH_SIZE ledger rows in one transaction.
const { creditBatch } = proxyActivities<Activities>(longBatch);

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

    const reports = await closeCreditingWindow({ eventId });
    if (reports.main === null) {
      await raiseNoReportIncident({ eventId });
      view.incident = true;
    } else {
      await creditReport(reports, input.resume?.creditedAfter ?? null);
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

  /** Walks the report batch by batch; continues as new (keeping its place) before the history grows large. */
  async function creditReport(ids: ReportIds, from: string | null): Promise<void> {
    let after = from;
    for (;;) {
      const batch = await creditBatch({ eventId, reports: ids, after, limit: terms.batchSize, lotLifetimeMs: terms.lotLifetimeMs });
      after = batch.last;
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
        await creditReport({ main: reportId, tests: null }, null);
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
