/**
 * Events that earn points (`events`, R9) with their crediting windows (R11), and the verdicts of a
 * crediting (`event_outcomes`, R8–R10, R13). The reports themselves are db/reports.ts's.
 */
import { benchId } from './bench-ids.js';
import type { Db } from './pool.js';
import type { EventKind } from '../rules/events.js';
import { isUuid } from './ids.js';
import { Where, filterFlag, filterTerm, filterText, likeLiteral, listPage, type ListQuery } from './list-query.js';

const eventSelect = `
  SELECT e.id, e.kind, e.title, e.points, e.starts_at, e.ends_at, e.pass_mark::float8 AS pass_mark, e.window_closes_at,
         e.min_live_minutes, e.crediting_status, e.credited_count, e.closed_at, e.workflow_id, e.created_by, e.created_at,
         (SELECT count(*)::int FROM event_outcomes o WHERE o.event_id = e.id AND o.reason = 'not_a_participant') AS unmatched_count
    FROM events e`;

/** The event as screens show it, with its count of unmatched emails (R13); null for an id that names none. */
export async function eventById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${eventSelect} WHERE e.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The console's event list (filters: kind, crediting_status, q on the title). */
export async function listEvents(db: Db, q: ListQuery) {
  const where = new Where();
  const kind = filterText(q, 'kind');
  if (kind !== undefined) where.add('kind = ?', kind);
  const status = filterText(q, 'crediting_status');
  if (status !== undefined) where.add('crediting_status = ?', status);
  const term = filterTerm(q, 'q');
  if (term) where.add('lower(title) LIKE ?', likeLiteral(term.toLowerCase()));
  return listPage(db, eventSelect, where, q);
}

export async function insertEvent(
  tx: Db,
  e: {
    id: string;
    kind: EventKind;
    title: string;
    points: number;
    startsAt: Date | null;
    endsAt: Date | null;
    passMark: number | null;
    windowClosesAt: Date | null;
    minLiveMinutes: number;
    creditingStatus: 'scheduled' | 'ongoing';
    workflowId: string;
    createdBy: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO events (id, kind, title, points, starts_at, ends_at, pass_mark, window_closes_at, min_live_minutes,
                         crediting_status, workflow_id, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      e.id,
      e.kind,
      e.title,
      e.points,
      e.startsAt,
      e.endsAt,
      e.passMark,
      e.windowClosesAt,
      e.minLiveMinutes,
      e.creditingStatus,
      e.workflowId,
      e.createdBy,
    ],
  );
}

/** What crediting needs of an event. */
export interface CreditingEvent {
  id: string;
  kind: EventKind;
  points: number;
  starts_at: Date;
  pass_mark: number | null;
  min_live_minutes: number;
}

export async function creditingEvent(db: Db, id: string): Promise<CreditingEvent | null> {
  const { rows } = await db.query<CreditingEvent>(
    'SELECT id, kind, points, starts_at, pass_mark::float8 AS pass_mark, min_live_minutes FROM events WHERE id = $1',
    [id],
  );
  return rows[0] ?? null;
}

/**
 * R11: the event's row, locked to the end of the transaction, with the database's now: whether it
 * takes reports is judged on it while the window's close (which updates this row) waits.
 */
export async function lockEventForReports(tx: Db, id: string) {
  const { rows } = await tx.query<{
    kind: EventKind;
    crediting_status: string;
    ends_at: Date | null;
    window_closes_at: Date | null;
    now: Date;
  }>('SELECT kind, crediting_status, ends_at, window_closes_at, now() AS now FROM events WHERE id = $1 FOR UPDATE', [id]);
  return rows[0];
}

/** The broadcast is over: reports are now expected (R11). */
export async function markWindowOpen(db: Db, id: string): Promise<void> {
  await db.query(`UPDATE events SET crediting_status = 'open' WHERE id = $1 AND crediting_status = 'scheduled'`, [id]);
}

/** R11: the window closes; from now on reports are refused. */
export async function markWindowClosed(tx: Db, id: string): Promise<void> {
  await tx.query(`UPDATE events SET crediting_status = 'crediting' WHERE id = $1 AND crediting_status IN ('scheduled', 'open')`, [id]);
}

/** The window's work is done: a webinar is closed, a course goes on; answers how many participants the event credited. */
export async function markCreditingFinished(db: Db, id: string): Promise<number> {
  const { rows } = await db.query<{ credited_count: number }>(
    `UPDATE events
        SET crediting_status = CASE WHEN kind = 'course' THEN 'ongoing' ELSE 'closed' END,
            closed_at = CASE WHEN kind = 'course' THEN NULL ELSE COALESCE(closed_at, now()) END,
            credited_count = (SELECT count(*) FROM ledger_entries WHERE source_id = $1::text AND source_type <> 'welcome')
      WHERE id = $1
      RETURNING credited_count`,
    [id],
  );
  return rows[0]?.credited_count ?? 0;
}

/** How many of these events have closed their crediting window (R11). */
export async function closedEventCount(db: Db, ids: string[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[]) AND crediting_status = 'closed'`,
    [ids],
  );
  return rows[0].n;
}

// ---- outcomes ------------------------------------------------------------------------------------

export interface Outcome {
  emailNormalized: string;
  participantId: string | null;
  liveMinutes: number | null;
  score: number | null;
  credited: boolean;
  reason: string | null;
}

/** The verdicts of a crediting batch; a verdict seen before is updated, and a credit once given stays (R12). */
export async function recordOutcomes(tx: Db, eventId: string, outcomes: Outcome[]): Promise<void> {
  await tx.query(
    `INSERT INTO event_outcomes (event_id, email_normalized, participant_id, live_minutes, score, credited, reason)
     SELECT $1::uuid, * FROM unnest($2::text[], $3::uuid[], $4::int[], $5::numeric[], $6::boolean[], $7::text[])
     ON CONFLICT (event_id, email_normalized) DO UPDATE
       SET participant_id = EXCLUDED.participant_id, live_minutes = EXCLUDED.live_minutes, score = EXCLUDED.score,
           credited = event_outcomes.credited OR EXCLUDED.credited,
           reason = CASE WHEN event_outcomes.credited OR EXCLUDED.credited THEN NULL ELSE EXCLUDED.reason END`,
    [
      eventId,
      outcomes.map((o) => o.emailNormalized),
      outcomes.map((o) => o.participantId),
      outcomes.map((o) => o.liveMinutes),
      outcomes.map((o) => o.score),
      outcomes.map((o) => o.credited),
      outcomes.map((o) => o.reason),
    ],
  );
}

/** The verdict for one email (as typed in a claim), if the window judged it. */
export async function outcomeFor(db: Db, eventId: string, email: string) {
  const { rows } = await db.query(
    'SELECT credited, reason, live_minutes, score::float8 AS score FROM event_outcomes WHERE event_id = $1 AND email_normalized = lower(btrim($2))',
    [eventId, email],
  );
  return rows[0] ?? null;
}

/** The console's outcome list (filters: event_id, reason, credited). */
export async function listOutcomes(db: Db, q: ListQuery) {
  const where = new Where();
  const eventId = filterText(q, 'event_id');
  if (eventId !== undefined) where.add('event_id::text = ?', eventId);
  const reason = filterText(q, 'reason');
  if (reason !== undefined) where.add('reason = ?', reason);
  const credited = filterFlag(q, 'credited');
  if (credited !== undefined) where.add('credited = ?', credited);
  return listPage(
    db,
    `SELECT o.event_id || ':' || o.email_normalized AS id, o.event_id, e.title AS event_title, o.email_normalized,
            o.participant_id, o.live_minutes, o.score::float8 AS score, o.credited, o.reason, o.decided_at
       FROM event_outcomes o JOIN events e ON e.id = o.event_id`,
    where,
    q,
  );
}

/** The read benchmark's events (bench/reads.ts): `count` webinars closed long ago, their ids benchId('event', 1..count). */
export async function insertBenchEvents(db: Db, count: number): Promise<void> {
  await db.query(
    `INSERT INTO events (id, kind, title, points, starts_at, ends_at, window_closes_at, min_live_minutes, crediting_status, workflow_id, created_by)
     SELECT ${benchId('event', 'g')}, 'destination_webinar', 'Вебинар ' || g, 100, now() - interval '800 days',
            now() - interval '800 days' + interval '1 hour', now() - interval '790 days', 30, 'closed', 'bench-event-' || g, 'bench'
       FROM generate_series(1, $1::int) g`,
    [count],
  );
}
