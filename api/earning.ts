/**
 * Earning use cases shared by the client API and the staff API: create an event and its crediting
 * workflow (R9, R11), take a report in (preview or confirmed), confirm it while the window is open,
 * open a claim (A4). Routers validate input and call these; these talk to PostgreSQL and Temporal.
 */
import { randomUUID } from 'node:crypto';
import { writeAudit, type Actor } from '../db/audit.js';
import { eventCreditKey } from '../db/ledger.js';
import { termsAt } from '../db/terms.js';
import type { Client } from '@temporalio/client';
import { inTransaction, type Db, type Pool } from '../infra/db.js';
import { eventProblems, type EventDraft } from '../rules/events.js';
import type { RowError } from '../rules/contract-registry-csv.js';
import {
  claimWorkflowId,
  eventWorkflowId,
  reportConfirmedSignal,
  type ClaimInput,
  type EventCreditingInput,
} from '../workflows/messages.js';
import type { claimWorkflow } from '../workflows/claim.js';
import type { eventCreditingWorkflow } from '../workflows/event-crediting.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { temporalCall } from './temporal.js';

export type ReportKind = 'attendance' | 'test_results' | 'course_completions';

/** One person's line of a report, whatever its kind (segments already summed). */
export interface ReportLine {
  email: string;
  emailNormalized: string;
  liveMinutes?: number;
  recordingMinutes?: number;
  score?: number;
  completedAt?: Date;
}

export interface IncomingReport {
  kind: ReportKind;
  source: 'api' | 'upload';
  format: string;
  filename: string | null;
  lines: ReportLine[];
  errors: RowError[];
  rowCount: number;
}

export const eventSelect = `
  SELECT e.id, e.kind, e.title, e.points, e.starts_at, e.ends_at, e.pass_mark::float8 AS pass_mark, e.window_closes_at,
         e.min_live_minutes, e.crediting_status, e.credited_count, e.closed_at, e.workflow_id, e.created_by, e.created_at,
         (SELECT count(*)::int FROM event_outcomes o WHERE o.event_id = e.id AND o.reason = 'not_a_participant') AS unmatched_count
    FROM events e`;

export async function eventById(pool: Pool, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await pool.query(`${eventSelect} WHERE e.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function requireEvent(pool: Pool, id: string) {
  const event = await eventById(pool, id);
  if (!event) throw new AppError(404, 'event_not_found', 'No event with this id', 'eventId');
  return event;
}

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

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
    terms: { windowMs: terms.creditingWindowMs, minLiveMinutes: terms.minLiveMinutes, batchSize: config.creditBatchSize, lotLifetimeMs: terms.lotLifetimeMs },
  };
  await inTransaction(pool, async (tx) => {
    await tx.query(
      `INSERT INTO events (id, kind, title, points, starts_at, ends_at, pass_mark, window_closes_at, min_live_minutes,
                           crediting_status, workflow_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [id, draft.kind, draft.title.trim(), draft.points, draft.startsAt, draft.endsAt, draft.passMark,
        input.endsAt === null ? null : new Date(input.endsAt + terms.creditingWindowMs), terms.minLiveMinutes,
        input.isCourse ? 'ongoing' : 'scheduled', eventWorkflowId(id), actor.label],
    );
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
    await tx.query(
      `INSERT INTO event_reports (id, event_id, kind, source, format, filename, status, line_count, row_count, errors, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'preview', $7, $8, $9, $10)`,
      [id, eventId, report.kind, report.source, report.format, report.filename, report.lines.length, report.rowCount,
        JSON.stringify(report.errors), actor.label],
    );
    const col = <T>(f: (l: ReportLine) => T) => report.lines.map(f);
    await tx.query(
      `INSERT INTO event_report_lines (report_id, email, email_normalized, live_minutes, recording_minutes, score, completed_at)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::numeric[], $7::timestamptz[])`,
      [id, col((l) => l.email), col((l) => l.emailNormalized), col((l) => l.liveMinutes ?? null), col((l) => l.recordingMinutes ?? null),
        col((l) => l.score ?? null), col((l) => l.completedAt ?? null)],
    );
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
    const { rows } = await tx.query('SELECT status FROM event_reports WHERE id = $1 FOR UPDATE', [reportId]);
    if (rows[0].status !== 'preview') throw new AppError(409, 'report_not_in_preview', `This report is already ${rows[0].status}`, 'id');
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
  const { rows } = await tx.query(
    'SELECT kind, crediting_status, ends_at, window_closes_at, now() AS now FROM events WHERE id = $1 FOR UPDATE',
    [eventId],
  );
  const event = rows[0];
  if (event.kind === 'course') return;
  if (event.now < event.ends_at) {
    throw new AppError(409, 'broadcast_not_ended', 'The broadcast has not ended yet; send the report after it', 'eventId');
  }
  if (!['scheduled', 'open'].includes(event.crediting_status) || event.now >= event.window_closes_at) {
    throw new AppError(409, 'crediting_window_closed',
      'The crediting window of this event has closed; a participant who was not credited can file a claim',
      'eventId', { claimsUrl: '/api/claims' });
  }
}

/** The report replaces the confirmed report of its kind: a correction (R11). */
async function markConfirmed(tx: Db, report: { id: string; event_id: string; kind: string }, actor: Actor): Promise<void> {
  await tx.query(
    `UPDATE event_reports SET status = 'superseded' WHERE event_id = $1 AND kind = $2 AND status = 'confirmed'`,
    [report.event_id, report.kind],
  );
  await tx.query(`UPDATE event_reports SET status = 'confirmed', confirmed_at = now() WHERE id = $1`, [report.id]);
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
    const { rowCount } = await tx.query(`UPDATE event_reports SET status = 'discarded' WHERE id = $1 AND status = 'preview'`, [reportId]);
    if (!rowCount) throw new AppError(409, 'report_not_in_preview', 'Only a report in preview can be discarded', 'id');
    await tx.query('DELETE FROM event_report_lines WHERE report_id = $1', [reportId]);
    await writeAudit(tx, actor, 'report.discard', { type: 'event_report', id: reportId });
  });
  return reportById(pool, reportId);
}

export async function reportById(pool: Pool, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await pool.query(
    `SELECT r.id, r.event_id, e.title AS event_title, r.kind, r.source, r.format, r.filename, r.status, r.line_count,
            r.row_count, jsonb_array_length(r.errors) AS error_count, r.errors, r.created_by, r.created_at, r.confirmed_at
       FROM event_reports r JOIN events e ON e.id = r.event_id WHERE r.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

function checkKindFits(eventKind: string, reportKind: ReportKind) {
  const fits =
    reportKind === 'course_completions' ? eventKind === 'course'
    : reportKind === 'test_results' ? eventKind === 'marathon_webinar'
    : eventKind !== 'course';
  if (!fits) throw new AppError(409, 'report_kind_mismatch', `A ${eventKind} event takes no ${reportKind.replace('_', ' ')} report`, 'kind');
}

/** A4: a participant who was not credited claims an event's points; a reviewer decides before the deadline. */
export async function openClaim(
  { pool, temporal, config }: ApiDeps,
  claim: { participantId: string; eventId: string; statement: string },
  actor: Actor,
) {
  const event = await requireEvent(pool, claim.eventId);
  if (['scheduled', 'open', 'crediting'].includes(event.crediting_status)) {
    throw new AppError(409, 'crediting_window_open', 'The crediting of this event is not finished: the report may still credit the points', 'eventId');
  }
  const { rows: participants } = await pool.query('SELECT status FROM participants WHERE id = $1', [claim.participantId]);
  if (participants[0]?.status !== 'active') throw new AppError(404, 'participant_not_found', 'No active participant with this id or email', 'participantId');
  const credited = await pool.query('SELECT 1 FROM ledger_entries WHERE idempotency_key = $1', [eventCreditKey(claim.eventId, claim.participantId)]);
  if (credited.rowCount) throw new AppError(409, 'already_credited', 'The participant already holds this event\'s points (R12)', 'eventId');

  const id = randomUUID();
  const terms = await termsAt(pool, config.program);
  const deadline = new Date(Date.now() + terms.claimDeadlineMs);
  const input: ClaimInput = { claimId: id, deadlineMs: terms.claimDeadlineMs, lotLifetimeMs: terms.lotLifetimeMs };
  await inTransaction(pool, async (tx) => {
    const inserted = await tx.query(
      `INSERT INTO claims (id, participant_id, event_id, statement, status, workflow_id, deadline_at, created_by)
       VALUES ($1, $2, $3, $4, 'open', $5, $6, $7) ON CONFLICT (participant_id, event_id) WHERE status = 'open' DO NOTHING`,
      [id, claim.participantId, claim.eventId, claim.statement, claimWorkflowId(id), deadline, actor.label],
    );
    if (!inserted.rowCount) throw new AppError(409, 'claim_already_open', 'A claim for this event is already open', 'eventId');
    await writeAudit(tx, actor, 'claim.open', { type: 'claim', id }, { participantId: claim.participantId, eventId: claim.eventId });
    await temporalCall(() =>
      temporal.workflow.start<typeof claimWorkflow>('claimWorkflow', { workflowId: claimWorkflowId(id), taskQueue: config.taskQueue, args: [input] }),
    );
  });
  return claimById(pool, id);
}

export const claimSelect = `
  SELECT c.id, c.participant_id, p.first_name || ' ' || p.last_name AS participant_name, p.email, c.event_id,
         e.title AS event_title, e.kind AS event_kind, e.points, c.statement, c.status, c.workflow_id, c.deadline_at,
         c.decision_reason, c.decided_by, c.decided_at, c.created_by, c.created_at
    FROM claims c JOIN participants p ON p.id = c.participant_id JOIN events e ON e.id = c.event_id`;

export async function claimById(pool: Pool, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await pool.query(`${claimSelect} WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}
