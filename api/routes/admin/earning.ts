/**
 * Staff API for earning: events and their crediting windows (R9, R11), uploaded reports with a
 * preview before anything counts, crediting outcomes and unmatched emails (R13), incidents (R11),
 * claims (A4) and a participant's ledger.
 */
import { Router } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../../db/audit.js';
import { participantLedger } from '../../../db/ledger.js';
import { participantById } from '../../../db/participants.js';
import { inTransaction } from '../../../infra/db.js';
import { readAttendanceCsv } from '../../../rules/attendance-report.js';
import { readCourseCompletionsCsv, readTestResultsCsv } from '../../../rules/results-csv.js';
import { Refusal, creditingQuery, decideClaimUpdate } from '../../../workflows/messages.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import {
  claimById,
  claimSelect,
  confirmReport,
  createEvent,
  discardReport,
  eventSelect,
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
import { uploads } from '../../uploads.js';
import { Where, listPage, parseListQuery, sendList } from '../../list-query.js';
import { askWorkflow } from '../../temporal.js';
import { parse } from '../../validate.js';

const ReportUpload = z.strictObject({
  kind: z.enum(['attendance', 'test_results', 'course_completions'], 'must be attendance, test_results or course_completions'),
});
const Resolution = z.strictObject({ resolution: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters') });
const StaffClaim = z.strictObject({
  participantId: z.uuid('must be a participant id'),
  eventId: z.uuid('must be an event id'),
  statement: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
});
const ClaimDecisionRequest = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], 'must be approve or reject'),
    reason: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  })
  .refine((d) => d.decision === 'approve' || (d.reason?.length ?? 0) > 0, { path: ['reason'], message: 'is required to reject' });

/** A CSV export read into report lines, per-row errors kept for the preview. */
function readUpload(kind: ReportKind, content: Buffer): Omit<IncomingReport, 'source' | 'filename'> {
  if (kind === 'attendance') {
    const file = readAttendanceCsv(content);
    return { kind, format: file.format, errors: file.errors, rowCount: file.totalRows, lines: file.lines.map(({ rows: _rows, ...line }) => line) };
  }
  const file = kind === 'test_results' ? readTestResultsCsv(content) : readCourseCompletionsCsv(content);
  return { kind, format: 'plain', errors: file.errors, rowCount: file.totalRows, lines: file.lines.map(({ row: _row, ...line }) => line) };
}

export function staffEarningRouter(deps: ApiDeps): Router {
  const { pool, temporal, config } = deps;
  const router = Router();
  const upload = uploads(config.maxUploadBytes);

  // ---- events and their crediting windows ------------------------------------------------
  router.get('/events', async (req, res) => {
    const q = parseListQuery(req.query, { starts_at: 'starts_at', title: 'title', kind: 'kind', crediting_status: 'crediting_status', window_closes_at: 'window_closes_at' }, ['starts_at', 'DESC']);
    const where = new Where();
    if (typeof q.filter.kind === 'string') where.add('kind = ?', q.filter.kind);
    if (typeof q.filter.crediting_status === 'string') where.add('crediting_status = ?', q.filter.crediting_status);
    if (typeof q.filter.q === 'string' && q.filter.q.trim()) where.add('lower(title) LIKE ?', `%${q.filter.q.trim().toLowerCase()}%`);
    const { rows, total } = await listPage(pool, eventSelect, where, q);
    sendList(res, 'events', q, rows, total);
  });

  /** The event, with its window as the crediting workflow sees it now (a query: countdown and preview). */
  router.get('/events/:id', async (req, res) => {
    const event = await requireEvent(pool, req.params.id);
    const window = await temporal.workflow.getHandle(event.workflow_id).query(creditingQuery).catch(() => null);
    res.json({ ...event, window });
  });

  router.post('/events', async (req, res) => {
    const e = parse(EventRequest, req.body ?? {});
    const event = await createEvent(
      deps,
      { ...e, startsAt: new Date(e.startsAt), endsAt: e.endsAt ? new Date(e.endsAt) : null, passMark: e.passMark ?? null },
      staffActor(req),
    );
    res.status(201).json(event);
  });

  // ---- reports: upload → preview → confirm ------------------------------------------------
  router.post('/events/:id/reports', upload.single('file'), async (req, res) => {
    const { kind } = parse(ReportUpload, req.body ?? {});
    if (!req.file) throw new AppError(400, 'validation_failed', 'file: upload the export as the field "file"', 'file');
    const parsed = readUpload(kind, req.file.buffer);
    if (parsed.lines.length === 0) {
      throw new AppError(400, 'report_unreadable', parsed.errors[0]?.message ?? 'The file has no usable row', 'file', {
        errors: parsed.errors.slice(0, 200),
      });
    }
    const report = await receiveReport(deps, String(req.params.id), { ...parsed, source: 'upload', filename: req.file.originalname }, staffActor(req), false);
    res.status(201).json(report);
  });

  router.get('/reports', async (req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', status: 'status', kind: 'kind' }, ['created_at', 'DESC']);
    const where = new Where();
    if (typeof q.filter.event_id === 'string') where.add('event_id::text = ?', q.filter.event_id);
    if (typeof q.filter.status === 'string') where.add('status = ?', q.filter.status);
    const base = `SELECT r.id, r.event_id, e.title AS event_title, r.kind, r.source, r.format, r.filename, r.status, r.line_count,
                         r.row_count, jsonb_array_length(r.errors) AS error_count, r.created_by, r.created_at, r.confirmed_at
                    FROM event_reports r JOIN events e ON e.id = r.event_id`;
    const { rows, total } = await listPage(pool, base, where, q);
    sendList(res, 'reports', q, rows, total);
  });

  router.get('/reports/:id', async (req, res) => {
    const report = await reportById(pool, req.params.id);
    if (!report) throw new AppError(404, 'report_not_found', 'No report with this id', 'id');
    const { rows: lines } = await pool.query(
      `SELECT email, live_minutes, recording_minutes, score::float8 AS score, completed_at
         FROM event_report_lines WHERE report_id = $1 ORDER BY email_normalized LIMIT 100`,
      [report.id],
    );
    res.json({ ...report, lines });
  });

  router.post('/reports/:id/confirm', async (req, res) => {
    res.json(await confirmReport(deps, req.params.id, staffActor(req)));
  });

  router.post('/reports/:id/discard', async (req, res) => {
    res.json(await discardReport(pool, req.params.id, staffActor(req)));
  });

  // ---- outcomes of closed windows: who was credited, who not and why (R8–R10, R13) -----------
  router.get('/outcomes', async (req, res) => {
    const q = parseListQuery(req.query, { email_normalized: 'email_normalized', reason: 'reason', decided_at: 'decided_at' }, ['email_normalized', 'ASC']);
    const where = new Where();
    if (typeof q.filter.event_id === 'string') where.add('event_id::text = ?', q.filter.event_id);
    if (typeof q.filter.reason === 'string') where.add('reason = ?', q.filter.reason);
    if (typeof q.filter.credited === 'boolean') where.add('credited = ?', q.filter.credited);
    const base = `SELECT o.event_id || ':' || o.email_normalized AS id, o.event_id, e.title AS event_title, o.email_normalized,
                         o.participant_id, o.live_minutes, o.score::float8 AS score, o.credited, o.reason, o.decided_at
                    FROM event_outcomes o JOIN events e ON e.id = o.event_id`;
    const { rows, total } = await listPage(pool, base, where, q);
    sendList(res, 'outcomes', q, rows, total);
  });

  // ---- incidents (R11) -------------------------------------------------------------------
  const incidentSelect = `SELECT i.id, i.kind, i.event_id, e.title AS event_title, i.status, i.details, i.resolution,
                                 i.resolved_by, i.resolved_at, i.created_at
                            FROM incidents i LEFT JOIN events e ON e.id = i.event_id`;
  router.get('/incidents', async (req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', status: 'status' }, ['created_at', 'DESC']);
    const where = new Where();
    if (typeof q.filter.status === 'string') where.add('status = ?', q.filter.status);
    if (typeof q.filter.event_id === 'string') where.add('event_id::text = ?', q.filter.event_id);
    const { rows, total } = await listPage(pool, incidentSelect, where, q);
    sendList(res, 'incidents', q, rows, total);
  });

  router.get('/incidents/:id', async (req, res) => {
    const { rows } = isUuid(req.params.id) ? await pool.query(`${incidentSelect} WHERE i.id = $1`, [req.params.id]) : { rows: [] };
    if (!rows[0]) throw new AppError(404, 'incident_not_found', 'No incident with this id', 'id');
    res.json(rows[0]);
  });

  router.post('/incidents/:id/resolve', async (req, res) => {
    const { resolution } = parse(Resolution, req.body ?? {});
    if (!isUuid(req.params.id)) throw new AppError(404, 'incident_not_found', 'No incident with this id', 'id');
    await inTransaction(pool, async (tx) => {
      const { rowCount } = await tx.query(
        `UPDATE incidents SET status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = now() WHERE id = $1 AND status = 'open'`,
        [req.params.id, resolution, req.staff!.email],
      );
      if (!rowCount) throw new AppError(409, 'incident_not_open', 'This incident is not open', 'id');
      await writeAudit(tx, staffActor(req), 'incident.resolve', { type: 'incident', id: req.params.id }, { resolution });
    });
    const { rows } = await pool.query(`${incidentSelect} WHERE i.id = $1`, [req.params.id]);
    res.json(rows[0]);
  });

  // ---- claims (A4) -----------------------------------------------------------------------
  router.get('/claims', async (req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', status: 'status', deadline_at: 'deadline_at' }, ['created_at', 'ASC']);
    const where = new Where();
    if (typeof q.filter.status === 'string') where.add('status = ?', q.filter.status);
    if (typeof q.filter.participant_id === 'string') where.add('participant_id::text = ?', q.filter.participant_id);
    const { rows, total } = await listPage(pool, claimSelect, where, q);
    sendList(res, 'claims', q, rows, total);
  });

  /** The claim with the attendance evidence: what the event's reports and its outcome say of this email. */
  router.get('/claims/:id', async (req, res) => {
    const claim = await claimById(pool, req.params.id);
    if (!claim) throw new AppError(404, 'claim_not_found', 'No claim with this id', 'id');
    const { rows: evidence } = await pool.query(
      `SELECT r.id AS report_id, r.kind, r.status, r.filename, r.created_at, l.live_minutes, l.recording_minutes,
              l.score::float8 AS score, l.completed_at
         FROM event_reports r JOIN event_report_lines l ON l.report_id = r.id
        WHERE r.event_id = $1 AND l.email_normalized = lower(btrim($2)) AND r.status IN ('confirmed', 'superseded')
        ORDER BY r.created_at`,
      [claim.event_id, claim.email],
    );
    const { rows: outcome } = await pool.query(
      'SELECT credited, reason, live_minutes, score::float8 AS score FROM event_outcomes WHERE event_id = $1 AND email_normalized = lower(btrim($2))',
      [claim.event_id, claim.email],
    );
    res.json({ ...claim, evidence, outcome: outcome[0] ?? null });
  });

  router.post('/claims', async (req, res) => {
    const c = parse(StaffClaim, req.body ?? {});
    res.status(201).json(await openClaim(deps, c, staffActor(req)));
  });

  router.post('/claims/:id/decision', async (req, res) => {
    const { decision, reason } = parse(ClaimDecisionRequest, req.body ?? {});
    const claim = await claimById(pool, req.params.id);
    if (!claim) throw new AppError(404, 'claim_not_found', 'No claim with this id', 'id');
    const decided = new AppError(409, 'claim_already_decided', `This claim is already ${claim.status}`, 'id');
    if (claim.status !== 'open') throw decided;
    await askWorkflow(
      () =>
        temporal.workflow.getHandle(claim.workflow_id).executeUpdate(decideClaimUpdate, {
          args: [{ decision, reason: reason || null, staff: { id: req.staff!.id, label: req.staff!.email } }],
        }),
      { [Refusal.claimNotOpen]: decided },
      decided,
    );
    res.json(await claimById(pool, claim.id));
  });

  // ---- a participant's ledger -----------------------------------------------------------------
  router.get('/participants/:id/ledger', async (req, res) => {
    const participant = isUuid(req.params.id) ? await participantById(pool, req.params.id) : null;
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
    res.json(await participantLedger(pool, participant.id));
  });

  return router;
}
