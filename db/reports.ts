/**
 * What platforms report for an event (`event_reports`, `event_report_lines`): attendance, test
 * results or course completions, one line per person. An upload waits in preview; a confirmed
 * report replaces the earlier confirmed one of its kind (a correction, R11).
 */
import type { Db } from './pool.js';
import { LIVE_PARTICIPANT_STATUSES } from '../workflows/messages/participant.js';
import { isUuid } from './ids.js';
import { Where, filterText, listPage, type ListQuery } from './list-query.js';
import { sqlList } from './sql-list.js';

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

/** Which reports a crediting pass reads: attendance (or completions for a course) and test results. */
export interface ReportIds {
  main: string | null;
  tests: string | null;
}

/** Stores a report in preview with its lines. */
export async function insertReport(
  tx: Db,
  r: {
    id: string;
    eventId: string;
    kind: ReportKind;
    source: 'api' | 'upload';
    format: string;
    filename: string | null;
    lines: ReportLine[];
    rowCount: number;
    errors: unknown[];
    createdBy: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO event_reports (id, event_id, kind, source, format, filename, status, line_count, row_count, errors, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, 'preview', $7, $8, $9, $10)`,
    [r.id, r.eventId, r.kind, r.source, r.format, r.filename, r.lines.length, r.rowCount, JSON.stringify(r.errors), r.createdBy],
  );
  const col = <T>(f: (l: ReportLine) => T) => r.lines.map(f);
  await tx.query(
    `INSERT INTO event_report_lines (report_id, email, email_normalized, live_minutes, recording_minutes, score, completed_at)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::numeric[], $7::timestamptz[])`,
    [
      r.id,
      col((l) => l.email),
      col((l) => l.emailNormalized),
      col((l) => l.liveMinutes ?? null),
      col((l) => l.recordingMinutes ?? null),
      col((l) => l.score ?? null),
      col((l) => l.completedAt ?? null),
    ],
  );
}

/** The report's status, its row locked to the end of the transaction. */
export async function lockReportStatus(tx: Db, id: string): Promise<string | null> {
  const { rows } = await tx.query<{ status: string }>('SELECT status FROM event_reports WHERE id = $1 FOR UPDATE', [id]);
  return rows[0]?.status ?? null;
}

/** The report becomes the confirmed report of its kind, superseding the one before (R11). */
export async function markReportConfirmed(tx: Db, report: { id: string; event_id: string; kind: string }): Promise<void> {
  await tx.query(`UPDATE event_reports SET status = 'superseded' WHERE event_id = $1 AND kind = $2 AND status = 'confirmed'`, [
    report.event_id,
    report.kind,
  ]);
  await tx.query(`UPDATE event_reports SET status = 'confirmed', confirmed_at = now() WHERE id = $1`, [report.id]);
}

/** A report in preview is discarded and its lines removed; false when it is not in preview. */
export async function discardPreviewReport(tx: Db, id: string): Promise<boolean> {
  const { rowCount } = await tx.query(`UPDATE event_reports SET status = 'discarded' WHERE id = $1 AND status = 'preview'`, [id]);
  if (!rowCount) return false;
  await tx.query('DELETE FROM event_report_lines WHERE report_id = $1', [id]);
  return true;
}

const reportSelect = `
  SELECT r.id, r.event_id, e.title AS event_title, r.kind, r.source, r.format, r.filename, r.status, r.line_count,
         r.row_count, jsonb_array_length(r.errors) AS error_count, r.errors, r.created_by, r.created_at, r.confirmed_at
    FROM event_reports r JOIN events e ON e.id = r.event_id`;

/** The report with its errors; null for an id that names none. */
export async function reportById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${reportSelect} WHERE r.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The console's report list, without the errors (filters: event_id, status). */
export async function listReports(db: Db, q: ListQuery) {
  const where = new Where();
  const eventId = filterText(q, 'event_id');
  if (eventId !== undefined) where.add('event_id::text = ?', eventId);
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  return listPage(
    db,
    `SELECT r.id, r.event_id, e.title AS event_title, r.kind, r.source, r.format, r.filename, r.status, r.line_count,
            r.row_count, jsonb_array_length(r.errors) AS error_count, r.created_by, r.created_at, r.confirmed_at
       FROM event_reports r JOIN events e ON e.id = r.event_id`,
    where,
    q,
  );
}

/** The first lines of a report, by email: the preview staff check before confirming. */
export async function reportLines(db: Db, reportId: string, limit: number) {
  const { rows } = await db.query(
    `SELECT email, live_minutes, recording_minutes, score::float8 AS score, completed_at
       FROM event_report_lines WHERE report_id = $1 ORDER BY email_normalized LIMIT $2`,
    [reportId, limit],
  );
  return rows;
}

/** The event's confirmed reports: attendance (or course completions) and test results. */
export async function confirmedReports(db: Db, eventId: string): Promise<ReportIds> {
  const { rows } = await db.query<{ id: string; kind: string }>(
    `SELECT id, kind FROM event_reports WHERE event_id = $1 AND status = 'confirmed'`,
    [eventId],
  );
  const of = (kind: string) => rows.find((r) => r.kind === kind)?.id ?? null;
  return { main: of('attendance') ?? of('course_completions'), tests: of('test_results') };
}

/** A reported person with the participant holding that email now (R1, R13), if any. */
export interface Candidate {
  email_normalized: string;
  live_minutes: number | null;
  recording_minutes: number | null;
  completed_at: Date | null;
  score: number | null;
  participant_id: string | null;
  status: string | null;
  registered_at: Date | null;
}

/** The main report's lines after the email `after` (all of them with null), by email, at most `limit` (null: no limit). */
export async function candidates(db: Db, reports: ReportIds, after: string | null, limit: number | null): Promise<Candidate[]> {
  const { rows } = await db.query<Candidate>(
    `SELECT l.email_normalized, l.live_minutes, l.recording_minutes, l.completed_at, t.score::float8 AS score,
            p.id AS participant_id, p.status, p.registered_at
       FROM event_report_lines l
       LEFT JOIN event_report_lines t ON t.report_id = $2 AND t.email_normalized = l.email_normalized
       LEFT JOIN LATERAL (
         SELECT id, status, registered_at FROM participants
          WHERE email_normalized = l.email_normalized
          ORDER BY status IN ${sqlList(LIVE_PARTICIPANT_STATUSES)} DESC, registered_at DESC
          LIMIT 1) p ON true
      WHERE l.report_id = $1 AND ($3::text IS NULL OR l.email_normalized > $3)
      ORDER BY l.email_normalized
      LIMIT $4`,
    [reports.main, reports.tests, after, limit],
  );
  return rows;
}

/** What the event's confirmed and superseded reports say of one email (a claim's evidence, A4). */
export async function reportedFor(db: Db, eventId: string, email: string) {
  const { rows } = await db.query(
    `SELECT r.id AS report_id, r.kind, r.status, r.filename, r.created_at, l.live_minutes, l.recording_minutes,
            l.score::float8 AS score, l.completed_at
       FROM event_reports r JOIN event_report_lines l ON l.report_id = r.id
      WHERE r.event_id = $1 AND l.email_normalized = lower(btrim($2)) AND r.status IN ('confirmed', 'superseded')
      ORDER BY r.created_at`,
    [eventId, email],
  );
  return rows;
}
