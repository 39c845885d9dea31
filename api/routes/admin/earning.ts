/**
 * Staff API for earning: events and their crediting windows (R9, R11), uploaded reports with a
 * preview before anything counts, crediting outcomes and unmatched emails (R13), incidents (R11),
 * claims (A4) and a participant's ledger.
 */
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Router } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../../db/audit.js';
import { listClaims } from '../../../db/claims.js';
import { partnerClaimEvidence } from '../../partners.js';
import { listEvents, listOutcomes, outcomeFor } from '../../../db/events.js';
import { incidentById, listIncidents, resolveIncident } from '../../../db/incidents.js';
import { incidentConsequence } from '../../incident-consequences.js';
import { participantLedger } from '../../../db/ledger.js';
import { historyPage } from '../../../db/ledger-reads.js';
import { participantById } from '../../../db/participants.js';
import { listReports, reportLines, reportedFor } from '../../../db/reports.js';
import { inTransaction } from '../../../db/pool.js';
import { readAttendanceCsv } from '../../../rules/attendance-report.js';
import { readCourseCompletionsCsv, readTestResultsCsv } from '../../../rules/results-csv.js';
import { ClaimRefusal, decideClaimUpdate } from '../../../workflows/messages/claim.js';
import { creditingQuery } from '../../../workflows/messages/event-crediting.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import {
  claimById,
  confirmReport,
  createEvent,
  discardReport,
  isUuid,
  openClaim,
  receiveReport,
  reportById,
  requireEvent,
  type IncomingReport,
  type ReportKind,
} from '../../earning.js';
import { EventRequest } from '../../earning-schemas.js';
import { AppError } from '../../errors.js';
import { HISTORY_PAGE_DEFAULT, LEDGER_PAGE_HEADERS, LedgerPageQuery } from '../../ledger-history.js';
import { text } from '../../text.js';
import { uploads } from '../../uploads.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { askWorkflow, workflowWait } from '../../temporal.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../../route-table.js';
import { ListQuery, StaffRecord, list, record } from '../../staff-answers.js';

const ReportUpload = z.strictObject({
  kind: z.enum(['attendance', 'test_results', 'course_completions'], 'must be attendance, test_results or course_completions'),
});
const Resolution = z
  .strictObject({ resolution: text(2000, { multiline: true }) })
  .meta({ example: { resolution: 'Отчёт загружен вручную' } });
const StaffClaim = z
  .strictObject({
    participantId: z.uuid('must be a participant id'),
    eventId: z.uuid('must be an event id'),
    statement: text(2000, { multiline: true }),
  })
  .meta({ description: "A4: support files a claim on the participant's behalf." });
const ClaimDecisionRequest = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], 'must be approve or reject'),
    reason: text(1000, { min: 0, multiline: true }).optional(),
  })
  .refine((d) => d.decision === 'approve' || (d.reason?.length ?? 0) > 0, { path: ['reason'], message: 'is required to reject' });

/** A CSV export read into report lines, per-row errors kept for the preview. */
/**
 * An incident with what its workflow did about the failure as a code and parameters (issue 14):
 * the console says it in its reader's language; the details keep the workflow's own English.
 */
const withConsequence = <T extends { details?: string | null } | null>(incident: T) =>
  incident && { ...incident, consequence: incidentConsequence(incident.details) };

function readUpload(kind: ReportKind, content: Buffer): Omit<IncomingReport, 'source' | 'filename'> {
  if (kind === 'attendance') {
    const file = readAttendanceCsv(content);
    return {
      kind,
      format: file.format,
      errors: file.errors,
      rowCount: file.totalRows,
      lines: file.lines.map(({ rows: _rows, ...line }) => line),
    };
  }
  const file = kind === 'test_results' ? readTestResultsCsv(content) : readCourseCompletionsCsv(content);
  return { kind, format: 'plain', errors: file.errors, rowCount: file.totalRows, lines: file.lines.map(({ row: _row, ...line }) => line) };
}

const support = staffRole('support');
const windowRefusals = '`broadcast_not_ended`, `crediting_window_closed` (file a claim instead), or `report_kind_mismatch`';

export const staffEarningRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/events': {
    access: support,
    tag: 'Events and reports',
    summary: 'Events, filtered and sorted',
    query: ListQuery,
    responses: { 200: list('events', 'events') },
  },
  'GET /admin/api/events/:id': {
    access: support,
    tag: 'Events and reports',
    summary: 'An event, with its crediting window as the workflow sees it now (countdown and preview)',
    responses: { 200: record('the event, with `window` (null once the workflow has ended)'), 404: refused('`event_not_found`') },
  },
  'POST /admin/api/events': {
    access: support,
    tag: 'Events and reports',
    summary: 'Create an event (R9); its crediting workflow starts with it',
    body: EventRequest,
    responses: {
      201: record('the event', 'Created'),
      400: refused("A field is invalid, or the points are outside the kind's range; `field` names it"),
    },
  },
  'POST /admin/api/events/:id/reports': {
    access: support,
    tag: 'Events and reports',
    summary: "Upload a platform's export (CSV): it waits in preview until confirmed",
    content: 'multipart',
    body: ReportUpload,
    form: z.object({
      kind: ReportUpload.shape.kind,
      file: z.string().meta({ format: 'binary', description: 'The export (CSV)' }),
    }),
    responses: {
      201: record('the report in preview, with its row errors', 'Stored in preview'),
      400: refused('No `file`, or `report_unreadable`: no usable row (`errors` lists why)'),
      404: refused('`event_not_found`'),
      409: refused(windowRefusals),
      413: refused('`file_too_large`'),
    },
  },
  'GET /admin/api/reports': {
    access: support,
    tag: 'Events and reports',
    summary: 'Reports, filtered and sorted',
    query: ListQuery,
    responses: { 200: list('reports', 'reports') },
  },
  'GET /admin/api/reports/:id': {
    access: support,
    tag: 'Events and reports',
    summary: 'A report, with its errors and first 100 lines',
    responses: { 200: record('the report, with `lines`'), 404: refused('`report_not_found`') },
  },
  'POST /admin/api/reports/:id/confirm': {
    access: support,
    tag: 'Events and reports',
    summary: 'Confirm a report in preview: it counts from now on, if the window is still open (R11)',
    responses: {
      200: record('the report, confirmed'),
      404: refused('`report_not_found`'),
      409: refused(`\`report_not_in_preview\`, ${windowRefusals}`),
    },
  },
  'POST /admin/api/reports/:id/discard': {
    access: support,
    tag: 'Events and reports',
    summary: 'Discard a report in preview',
    responses: { 200: record('the report, discarded'), 409: refused('`report_not_in_preview`') },
  },
  'GET /admin/api/outcomes': {
    access: support,
    tag: 'Events and reports',
    summary: 'Crediting outcomes of closed windows: who was credited, who not and why (R8–R10, R13)',
    query: ListQuery,
    responses: { 200: list('outcomes', 'outcomes') },
  },
  'GET /admin/api/incidents': {
    access: support,
    tag: 'Incidents',
    summary: 'Incidents, filtered and sorted',
    description:
      "A failed step's incident carries `consequence`: what its workflow did about it, as `{ code, params }` for the reader's language (null when not recognised).",
    query: ListQuery,
    responses: { 200: list('incidents', 'incidents') },
  },
  'GET /admin/api/incidents/:id': {
    access: support,
    tag: 'Incidents',
    summary: 'An incident',
    responses: { 200: record('the incident'), 404: refused('`incident_not_found`') },
  },
  'POST /admin/api/incidents/:id/resolve': {
    access: support,
    tag: 'Incidents',
    summary: 'Resolve an open incident, saying how (audited)',
    body: Resolution,
    responses: { 200: record('the incident, resolved'), 404: refused('`incident_not_found`'), 409: refused('`incident_not_open`') },
  },
  'GET /admin/api/claims': {
    access: support,
    tag: 'Claims queue',
    summary: 'Claims, filtered and sorted (A4)',
    query: ListQuery,
    responses: { 200: list('claims', 'claims') },
  },
  'GET /admin/api/claims/:id': {
    access: support,
    tag: 'Claims queue',
    summary:
      "A claim, with the evidence: what the event's reports and its outcome say of this email; for a partner's transaction (A2), the participant's accruals from that partner",
    responses: { 200: record('the claim, with `evidence` and `outcome`'), 404: refused('`claim_not_found`') },
  },
  'POST /admin/api/claims': {
    access: support,
    tag: 'Claims queue',
    summary: "File a claim on a participant's behalf (A4)",
    body: StaffClaim,
    responses: {
      201: record('the claim', 'Opened; a reviewer decides before its deadline'),
      404: refused('`participant_not_found` (no active participant), `event_not_found`'),
      409: refused('`crediting_window_open`, `already_credited` (R12), `claim_already_open`'),
    },
  },
  'POST /admin/api/claims/:id/decision': {
    access: support,
    tag: 'Claims queue',
    summary: "Decide a claim (A4): the claim's workflow records it once; an approval credits the points (R12)",
    body: ClaimDecisionRequest,
    responses: {
      200: record('the claim, decided'),
      404: refused('`claim_not_found`'),
      409: refused('`claim_already_decided` (`status` says how, `expired` when the deadline came first)'),
    },
  },
  'GET /admin/api/participants/:id/ledger': {
    access: support,
    tag: 'Points ledger',
    summary: "A participant's ledger entries, newest first, each naming its source",
    description:
      "Every entry, or one page by key as the client API's ledger (issue 12): `limit` entries below the entry `after`; the `Link` header names the next page while older entries remain.",
    query: LedgerPageQuery,
    responses: { 200: json(StaffRecord.array(), 'The entries', LEDGER_PAGE_HEADERS), 404: refused('`participant_not_found`') },
  },
});

export function staffEarningRouter(deps: ApiDeps): Router {
  const { pool, temporal, config } = deps;
  const router = routesOf(staffEarningRoutes, deps);
  const upload = uploads(config.maxUploadBytes);

  /**
   * The window as the crediting workflow sees it now (countdown and preview). No window info (null)
   * when the workflow is gone or has finished and cannot answer; any other failure is an error.
   */
  async function creditingWindow(workflowId: string) {
    const handle = temporal.workflow.getHandle(workflowId);
    try {
      return await handle.query(creditingQuery);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      const description = await handle.describe().catch(() => null);
      if (description && description.status.name !== 'RUNNING') return null;
      throw err;
    }
  }

  // ---- events and their crediting windows ------------------------------------------------
  router.on('GET /admin/api/events', async (_in, req, res) => {
    const q = parseListQuery(
      req.query,
      { starts_at: 'starts_at', title: 'title', kind: 'kind', crediting_status: 'crediting_status', window_closes_at: 'window_closes_at' },
      ['starts_at', 'DESC'],
    );
    const { rows, total } = await listEvents(pool, q);
    sendList(res, 'events', q, rows, total);
  });

  /** The event, with its window as the crediting workflow sees it now (a query: countdown and preview). */
  router.on('GET /admin/api/events/:id', async (_in, req, res) => {
    const event = await requireEvent(pool, req.params.id);
    res.json({ ...event, window: await creditingWindow(event.workflow_id) });
  });

  router.on('POST /admin/api/events', async ({ body: e }, req, res) => {
    const event = await createEvent(
      deps,
      { ...e, startsAt: new Date(e.startsAt), endsAt: e.endsAt ? new Date(e.endsAt) : null, passMark: e.passMark ?? null },
      staffActor(req),
    );
    res.status(201).json(event);
  });

  // ---- reports: upload → preview → confirm ------------------------------------------------
  router.on('POST /admin/api/events/:id/reports', upload.single('file'), async ({ body: { kind } }, req, res) => {
    if (!req.file) throw new AppError(400, 'validation_failed', 'file: upload the export as the field "file"', 'file');
    const parsed = readUpload(kind, req.file.buffer);
    if (parsed.lines.length === 0) {
      throw new AppError(400, 'report_unreadable', parsed.errors[0]?.message ?? 'The file has no usable row', 'file', {
        errors: parsed.errors.slice(0, 200),
      });
    }
    const report = await receiveReport(
      deps,
      String(req.params.id),
      { ...parsed, source: 'upload', filename: req.file.originalname },
      staffActor(req),
      false,
    );
    res.status(201).json(report);
  });

  router.on('GET /admin/api/reports', async (_in, req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', status: 'status', kind: 'kind' }, ['created_at', 'DESC']);
    const { rows, total } = await listReports(pool, q);
    sendList(res, 'reports', q, rows, total);
  });

  router.on('GET /admin/api/reports/:id', async (_in, req, res) => {
    const report = await reportById(pool, req.params.id);
    if (!report) throw new AppError(404, 'report_not_found', 'No report with this id', 'id');
    res.json({ ...report, lines: await reportLines(pool, report.id, 100) });
  });

  router.on('POST /admin/api/reports/:id/confirm', async (_in, req, res) => {
    res.json(await confirmReport(deps, req.params.id, staffActor(req)));
  });

  router.on('POST /admin/api/reports/:id/discard', async (_in, req, res) => {
    res.json(await discardReport(pool, req.params.id, staffActor(req)));
  });

  // ---- outcomes of closed windows: who was credited, who not and why (R8–R10, R13) -----------
  router.on('GET /admin/api/outcomes', async (_in, req, res) => {
    const q = parseListQuery(req.query, { email_normalized: 'email_normalized', reason: 'reason', decided_at: 'decided_at' }, [
      'email_normalized',
      'ASC',
    ]);
    const { rows, total } = await listOutcomes(pool, q);
    sendList(res, 'outcomes', q, rows, total);
  });

  // ---- incidents (R11) -------------------------------------------------------------------
  router.on('GET /admin/api/incidents', async (_in, req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', status: 'status' }, ['created_at', 'DESC']);
    const { rows, total } = await listIncidents(pool, q);
    sendList(res, 'incidents', q, rows.map(withConsequence), total);
  });

  router.on('GET /admin/api/incidents/:id', async (_in, req, res) => {
    const incident = await incidentById(pool, req.params.id);
    if (!incident) throw new AppError(404, 'incident_not_found', 'No incident with this id', 'id');
    res.json(withConsequence(incident));
  });

  router.on('POST /admin/api/incidents/:id/resolve', async ({ body: { resolution } }, req, res) => {
    if (!isUuid(req.params.id)) throw new AppError(404, 'incident_not_found', 'No incident with this id', 'id');
    await inTransaction(pool, async (tx) => {
      if (!(await resolveIncident(tx, req.params.id, resolution, req.staff!.email))) {
        throw new AppError(409, 'incident_not_open', 'This incident is not open', 'id');
      }
      await writeAudit(tx, staffActor(req), 'incident.resolve', { type: 'incident', id: req.params.id }, { resolution });
    });
    res.json(withConsequence(await incidentById(pool, req.params.id)));
  });

  // ---- claims (A4) -----------------------------------------------------------------------
  router.on('GET /admin/api/claims', async (_in, req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', status: 'status', deadline_at: 'deadline_at' }, ['created_at', 'ASC']);
    const { rows, total } = await listClaims(pool, q);
    sendList(res, 'claims', q, rows, total);
  });

  /** The claim with the attendance evidence: what the event's reports and its outcome say of this email. */
  router.on('GET /admin/api/claims/:id', async (_in, req, res) => {
    const claim = await claimById(pool, req.params.id);
    if (!claim) throw new AppError(404, 'claim_not_found', 'No claim with this id', 'id');
    // A2: a partner's transaction is judged with the partner's accruals for the participant at hand.
    if (claim.kind === 'partner') return void res.json({ ...claim, partner_accruals: await partnerClaimEvidence(pool, claim) });
    const evidence = await reportedFor(pool, claim.event_id, claim.email);
    res.json({ ...claim, evidence, outcome: await outcomeFor(pool, claim.event_id, claim.email) });
  });

  router.on('POST /admin/api/claims', async ({ body: c }, req, res) => {
    res.status(201).json(await openClaim(deps, c, staffActor(req)));
  });

  router.on('POST /admin/api/claims/:id/decision', async ({ body: { decision, reason } }, req, res) => {
    const claim = await claimById(pool, req.params.id);
    if (!claim) throw new AppError(404, 'claim_not_found', 'No claim with this id', 'id');
    const decidedAs = (status: string) => new AppError(409, 'claim_already_decided', `This claim is already ${status}`, 'id', { status });
    if (claim.status !== 'open') throw decidedAs(claim.status);
    // In the words of the state the workflow has left by now (it records its end before it ends).
    const decidedNow = async () => decidedAs((await claimById(pool, claim.id))?.status ?? claim.status);
    // The workflow decides, once, whether this decision or the claim's deadline came first (A4).
    const { status } = await askWorkflow(
      workflowWait(deps, `/admin/api/claims/${claim.id}`),
      () =>
        temporal.workflow.getHandle(claim.workflow_id).startUpdate(decideClaimUpdate, {
          args: [{ decision, reason: reason || null, staff: { id: req.staff!.id, label: req.staff!.email } }],
          waitForStage: 'ACCEPTED',
        }),
      { [ClaimRefusal.notOpen]: decidedNow },
      decidedNow,
    );
    if (status === 'expired') throw decidedAs('expired');
    res.json(await claimById(pool, claim.id));
  });

  // ---- a participant's ledger -----------------------------------------------------------------
  router.on('GET /admin/api/participants/:id/ledger', async ({ query }, req, res) => {
    const participant = isUuid(req.params.id) ? await participantById(pool, req.params.id) : null;
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
    if (query.limit === undefined && query.after === undefined) {
      res.json(await participantLedger(pool, participant.id));
      return;
    }
    const limit = query.limit ?? HISTORY_PAGE_DEFAULT;
    const page = await historyPage(pool, participant.id, { before: query.after ?? null, limit });
    if (page.nextBefore !== null) res.set('Link', `<${req.baseUrl}${req.path}?limit=${limit}&after=${page.nextBefore}>; rel="next"`);
    res.json(page.entries);
  });

  return router.done();
}
