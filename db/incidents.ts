/**
 * Incidents: raised by workflows when a step failed in a way retrying cannot fix (kind
 * 'step_failed'), and R11's no-attendance-report incident (raised by the crediting activities); the
 * console's list and staff's resolution.
 */
import type { Db } from './pool.js';
import type { StepIncident } from '../workflows/messages/shared.js';
import { isUuid } from './ids.js';
import { Where, filterText, listPage, type ListQuery } from './list-query.js';

/** The longest reason kept: an error message can quote a whole row. */
const MAX_TEXT = 2000;

/**
 * Text the database always takes: no NUL (PostgreSQL text cannot hold one) nor other control
 * characters but tab and newline, and not longer than MAX_TEXT. The reason of a failure may quote
 * the very value that made it fail.
 */
export function storableText(text: string): string {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\uFFFD');
  return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT - 1)}…` : clean;
}

/** Raises the incident once per key; answers its id (the existing one when raised before). */
export async function raiseStepIncident(db: Db, i: StepIncident): Promise<string> {
  const details = storableText(`Step ${i.step} of ${i.subject.type} ${i.subject.id} failed for good: ${i.reason}. ${i.consequence}`);
  const { rows } = await db.query<{ id: string }>(
    `WITH raised AS (
       INSERT INTO incidents (idempotency_key, kind, event_id, details, workflow_id, subject_type, subject_id, step, failure_type)
       VALUES ($1, 'step_failed', (SELECT id FROM events WHERE $2 = 'event' AND id::text = $3), $4, $5, $2, $3, $6, $7)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id)
     SELECT id FROM raised UNION ALL SELECT id FROM incidents WHERE idempotency_key = $1`,
    [
      storableText(i.key),
      i.subject.type,
      storableText(i.subject.id),
      details,
      storableText(i.workflowId),
      storableText(i.step),
      i.failureType === null ? null : storableText(i.failureType),
    ],
  );
  return rows[0].id;
}

// ---- the console's incidents, and R11's no-attendance-report incident ---------------------------

const incidentSelect = `SELECT i.id, i.kind, i.event_id, e.title AS event_title, i.status, i.details, i.resolution,
                               i.resolved_by, i.resolved_at, i.created_at,
                               i.workflow_id, i.subject_type, i.subject_id, i.step, i.failure_type
                          FROM incidents i LEFT JOIN events e ON e.id = i.event_id`;

export async function incidentById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${incidentSelect} WHERE i.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The console's incident list (filters: status, event_id, workflow_id: the incidents one workflow raised). */
export async function listIncidents(db: Db, q: ListQuery) {
  const where = new Where();
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  const eventId = filterText(q, 'event_id');
  if (eventId !== undefined) where.add('event_id::text = ?', eventId);
  const workflowId = filterText(q, 'workflow_id');
  if (workflowId !== undefined) where.add('workflow_id = ?', workflowId);
  return listPage(db, incidentSelect, where, q);
}

/** R11: the event's window closed with no attendance report; raised once per event. */
export async function raiseNoAttendanceReport(db: Db, eventId: string): Promise<void> {
  await db.query(
    `INSERT INTO incidents (idempotency_key, kind, event_id, details)
     SELECT $1, 'no_attendance_report', id, 'The crediting window of "' || title || '" closed with no attendance report'
       FROM events WHERE id = $2
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [`no_attendance_report:${eventId}`, eventId],
  );
}

/** Staff resolve an open incident; false when it is not open. */
export async function resolveIncident(tx: Db, id: string, resolution: string, resolvedBy: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE incidents SET status = 'resolved', resolution = $2, resolved_by = $3, resolved_at = now() WHERE id = $1 AND status = 'open'`,
    [id, resolution, resolvedBy],
  );
  return (rowCount ?? 0) > 0;
}
