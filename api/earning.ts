/**
 * Earning use cases shared by the client API and the staff API: create an event and its crediting
 * workflow (R9, R11), take a report in (preview or confirmed), confirm it while the window is open,
 * open a claim (A4). Routers validate input and call these; these talk to PostgreSQL and Temporal.
 */
import { randomUUID } from 'node:crypto';
import { writeAudit, type Actor } from '../db/audit.js';
import { claimById, insertClaim } from '../db/claims.js';
import { eventById, insertEvent, lockEventForReports } from '../db/events.js';
import { isUuid } from '../db/ids.js';
import { entryByKey, eventCreditKey } from '../db/ledger.js';
import { participantStatus } from '../db/participants.js';
import {
  discardPreviewReport,
  insertReport,
  lockReportStatus,
  markReportConfirmed,
  reportById,
  type ReportKind,
  type ReportLine,
} from '../db/reports.js';
import { termsAt } from '../db/terms.js';
import type { Client } from '@temporalio/client';
import { inTransaction, type Db, type Pool } from '../db/pool.js';
import { eventProblems, type EventDraft } from '../rules/events.js';
import type { RowError } from '../rules/contract-registry-csv.js';
import { claimWorkflowId, type ClaimInput } from '../workflows/messages/claim.js';
import { eventWorkflowId, reportConfirmedSignal, type EventCreditingInput } from '../workflows/messages/event-crediting.js';
import type { claimWorkflow } from '../workflows/claim.js';
import type { eventCreditingWorkflow } from '../workflows/event-crediting.js';
import type { ApiDeps } from './deps.js';
import { owningClient, visibleTo } from './auth.js';
import { AppError } from './errors.js';
import { temporalCall } from './temporal.js';

export type { ReportKind, ReportLine };
// The lookups by id answer null for an id that names nothing (a malformed one included).
export { claimById, eventById, isUuid, reportById };

export interface IncomingReport {
  kind: ReportKind;
  source: 'api' | 'upload';
  format: string;
  filename: string | null;
  lines: ReportLine[];
  errors: RowError[];
  rowCount: number;
}

/** The claim; 404 for an id that names none, or names another API client's (`client`: see api/auth.ts `owningClient`). */
export async function requireClaim(pool: Pool, id: string, client?: string) {
  const claim = await claimById(pool, id);
  if (!claim || !visibleTo(claim, client)) throw new AppError(404, 'claim_not_found', 'No claim with this id', 'id');
  return claim;
}

export async function requireEvent(pool: Pool, id: string) {
  const event = await eventById(pool, id);
  if (!event) throw new AppError(404, 'event_not_found', 'No event with this id', 'eventId');
  return event;
}

/** R9: the event with its point value, checked against its kind; its crediting workflow starts with it. */
export async function createEvent({ pool, temporal, config }: ApiDeps, draft: EventDraft, actor: Actor) {
  const problems = eventProblems(draft);
  if (problems.length) {
    const [first] = problems;
    throw new AppError(400, 'validation_failed', `${first.field}: ${first.message}`, first.field, { issues: problems });
  }
  const id = randomUUID();
  const terms = await termsAt(pool, config.program);
  const input: EventCreditingInput = {
    eventId: id,
    isCourse: draft.kind === 'course',
    endsAt: draft.endsAt?.getTime() ?? null,
    terms: {
      windowMs: terms.creditingWindowMs,
      minLiveMinutes: terms.minLiveMinutes,
      batchSize: config.creditBatchSize,
      parallelBatches: config.creditParallelBatches,
      lotLifetimeMs: terms.lotLifetimeMs,
    },
  };
  await inTransaction(pool, async (tx) => {
    await insertEvent(tx, {
      id,
      kind: draft.kind,
      title: draft.title.trim(),
      points: draft.points,
      startsAt: draft.startsAt,
      endsAt: draft.endsAt,
      passMark: draft.passMark,
      windowClosesAt: input.endsAt === null ? null : new Date(input.endsAt + terms.creditingWindowMs),
      minLiveMinutes: terms.minLiveMinutes,
      creditingStatus: input.isCourse ? 'ongoing' : 'scheduled',
      workflowId: eventWorkflowId(id),
      createdBy: actor.label,
    });
    await writeAudit(tx, actor, 'event.create', { type: 'event', id }, { kind: draft.kind, points: draft.points });
    // Started inside the transaction: if Temporal refuses, no event row is left without its workflow.
    await temporalCall(() =>
      temporal.workflow.start<typeof eventCreditingWorkflow>('eventCreditingWorkflow', {
        workflowId: eventWorkflowId(id),
        taskQueue: config.taskQueue,
        args: [input],
      }),
    );
  });
  return requireEvent(pool, id);
}

/**
 * Stores a report's lines; an API report is confirmed in the same transaction, an upload waits in
 * preview. Either way the event must be taking reports now (R11), or nothing is stored.
 */
export async function receiveReport(deps: ApiDeps, eventId: string, report: IncomingReport, actor: Actor, confirm: boolean) {
  const event = await requireEvent(deps.pool, eventId);
  checkKindFits(event.kind, report.kind);
  if (report.lines.length === 0) {
    throw new AppError(422, 'report_empty', 'The report has no usable line', 'file', { errors: report.errors.slice(0, 200) });
  }
  const id = randomUUID();
  await inTransaction(deps.pool, async (tx) => {
    await lockEventTakingReports(tx, eventId);
    await insertReport(tx, {
      id,
      eventId,
      kind: report.kind,
      source: report.source,
      format: report.format,
      filename: report.filename,
      lines: report.lines,
      rowCount: report.rowCount,
      errors: report.errors,
      createdBy: actor.label,
    });
    if (confirm) await markConfirmed(tx, { id, event_id: eventId, kind: report.kind }, actor);
  });
  if (confirm) await notifyCrediting(deps.temporal, eventId, id);
  return reportById(deps.pool, id);
}

/** Staff confirm a previewed upload: it counts from now on, if the window is still open (R11). */
export async function confirmReport({ pool, temporal }: ApiDeps, reportId: string, actor: Actor) {
  const report = await reportById(pool, reportId);
  if (!report) throw new AppError(404, 'report_not_found', 'No report with this id', 'id');
  await inTransaction(pool, async (tx) => {
    await lockEventTakingReports(tx, report.event_id);
    const status = await lockReportStatus(tx, reportId);
    if (status !== 'preview') throw new AppError(409, 'report_not_in_preview', `This report is already ${status}`, 'id');
    await markConfirmed(tx, report, actor);
  });
  await notifyCrediting(temporal, report.event_id, reportId);
  return reportById(pool, reportId);
}

/**
 * R11: a webinar takes reports from the end of its broadcast until its window closes; a course
 * always. The event row stays locked to the end of the transaction, so the window's close
 * (closeCreditingWindow, which updates this row) cannot slip between the check and the write.
 */
async function lockEventTakingReports(tx: Db, eventId: string): Promise<void> {
  const event = await lockEventForReports(tx, eventId);
  if (event.kind === 'course') return;
  if (event.now < event.ends_at!) {
    throw new AppError(409, 'broadcast_not_ended', 'The broadcast has not ended yet; send the report after it', 'eventId');
  }
  if (!['scheduled', 'open'].includes(event.crediting_status) || event.now >= event.window_closes_at!) {
    throw new AppError(
      409,
      'crediting_window_closed',
      'The crediting window of this event has closed; a participant who was not credited can file a claim',
      'eventId',
      { claimsUrl: '/api/claims' },
    );
  }
}

/** The report replaces the confirmed report of its kind: a correction (R11). */
async function markConfirmed(tx: Db, report: { id: string; event_id: string; kind: string }, actor: Actor): Promise<void> {
  await markReportConfirmed(tx, report);
  await writeAudit(tx, actor, 'report.confirm', { type: 'event_report', id: report.id }, { eventId: report.event_id, kind: report.kind });
}

/**
 * The report is confirmed either way: a webinar's close reads it from the database. The signal
 * refreshes the window's preview, and credits a course's completions now.
 */
async function notifyCrediting(temporal: Client, eventId: string, reportId: string): Promise<void> {
  await temporalCall(
    () => temporal.workflow.getHandle(eventWorkflowId(eventId)).signal(reportConfirmedSignal, { reportId }),
    'The report is confirmed and stored, but the crediting workflow did not answer; tell support',
  );
}

export async function discardReport(pool: Pool, reportId: string, actor: Actor) {
  await inTransaction(pool, async (tx) => {
    if (!(await discardPreviewReport(tx, reportId)))
      throw new AppError(409, 'report_not_in_preview', 'Only a report in preview can be discarded', 'id');
    await writeAudit(tx, actor, 'report.discard', { type: 'event_report', id: reportId });
  });
  return reportById(pool, reportId);
}

function checkKindFits(eventKind: string, reportKind: ReportKind) {
  const fits =
    reportKind === 'course_completions'
      ? eventKind === 'course'
      : reportKind === 'test_results'
        ? eventKind === 'marathon_webinar'
        : eventKind !== 'course';
  if (!fits)
    throw new AppError(409, 'report_kind_mismatch', `A ${eventKind} event takes no ${reportKind.replace('_', ' ')} report`, 'kind');
}

/** A4: a participant who was not credited claims an event's points; a reviewer decides before the deadline. */
export async function openClaim(
  { pool, temporal, config }: ApiDeps,
  claim: { participantId: string; eventId: string; statement: string },
  actor: Actor,
) {
  const event = await requireEvent(pool, claim.eventId);
  if (['scheduled', 'open', 'crediting'].includes(event.crediting_status)) {
    throw new AppError(
      409,
      'crediting_window_open',
      'The crediting of this event is not finished: the report may still credit the points',
      'eventId',
    );
  }
  if ((await participantStatus(pool, claim.participantId)) !== 'active')
    throw new AppError(404, 'participant_not_found', 'No active participant with this id or email', 'participantId');
  if (await entryByKey(pool, eventCreditKey(claim.eventId, claim.participantId)))
    throw new AppError(409, 'already_credited', "The participant already holds this event's points (R12)", 'eventId');

  const id = randomUUID();
  const terms = await termsAt(pool, config.program);
  const deadline = new Date(Date.now() + terms.claimDeadlineMs);
  const input: ClaimInput = { claimId: id, deadlineMs: terms.claimDeadlineMs, lotLifetimeMs: terms.lotLifetimeMs };
  await inTransaction(pool, async (tx) => {
    const inserted = await insertClaim(tx, {
      id,
      participantId: claim.participantId,
      eventId: claim.eventId,
      statement: claim.statement,
      workflowId: claimWorkflowId(id),
      deadline,
      createdBy: actor.label,
      clientId: owningClient(actor) ?? null,
    });
    if (!inserted) throw new AppError(409, 'claim_already_open', 'A claim for this event is already open', 'eventId');
    await writeAudit(tx, actor, 'claim.open', { type: 'claim', id }, { participantId: claim.participantId, eventId: claim.eventId });
    await temporalCall(() =>
      temporal.workflow.start<typeof claimWorkflow>('claimWorkflow', {
        workflowId: claimWorkflowId(id),
        taskQueue: config.taskQueue,
        args: [input],
      }),
    );
  });
  return claimById(pool, id);
}
