/**
 * Crediting activities of the event workflow (R8–R13) and the claim workflow (A4).
 *
 * Reports live in PostgreSQL (event_report_lines); the workflow carries only ids and counts.
 * Crediting walks a report in batches ordered by email: each batch writes its verdicts and its ledger
 * entries in one transaction, keyed `event:<event>:<participant>`, so a retried or replayed batch
 * credits nobody twice (R12) and a crash between batches loses nothing.
 */
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import { writeAudit } from '../db/audit.js';
import { eventCreditKey, postCredits, type Credit } from '../db/ledger.js';
import { inTransaction, type Db, type Pool } from '../infra/db.js';
import { crashPoint } from '../infra/faults.js';
import { courseVerdict, creditVerdict, type Verdict } from '../rules/crediting.js';
import type { EventKind } from '../rules/events.js';
import type { ClaimDecision, ClaimOutcome, CreditingPreview } from '../workflows/messages.js';

export interface CreditingDeps {
  pool: Pool;
}

interface EventRow {
  id: string;
  kind: EventKind;
  points: number;
  starts_at: Date;
  pass_mark: number | null;
  min_live_minutes: number;
}

interface Candidate {
  email_normalized: string;
  live_minutes: number | null;
  recording_minutes: number | null;
  completed_at: Date | null;
  score: number | null;
  participant_id: string | null;
  status: string | null;
  registered_at: Date | null;
}

/** Which reports a crediting pass reads: attendance (or completions for a course) and test results. */
export interface ReportIds {
  main: string | null;
  tests: string | null;
}

/**
 * An event's points for one participant, naming its source: a webinar, a passed test (R9) or a
 * course. The key is the same for the window's credit and a claim's, so either credits once (R12).
 */
export const eventCredit = (event: { id: string; kind: EventKind; points: number }, participantId: string): Credit => ({
  participantId,
  amount: event.points,
  sourceType: event.kind === 'course' ? 'course' : event.kind === 'marathon_webinar' ? 'test' : 'webinar',
  sourceId: event.id,
  key: eventCreditKey(event.id, participantId),
});

async function eventRow(db: Db, eventId: string): Promise<EventRow> {
  const { rows } = await db.query<EventRow>(
    'SELECT id, kind, points, starts_at, pass_mark::float8 AS pass_mark, min_live_minutes FROM events WHERE id = $1',
    [eventId],
  );
  if (!rows[0]) throw ApplicationFailure.nonRetryable(`Event ${eventId} not found`, 'EventNotFound');
  return rows[0];
}

/** The report's lines from `after` on, each with the participant holding that email now (R1, R13). */
async function candidates(db: Db, reports: ReportIds, after: string | null, limit: number | null): Promise<Candidate[]> {
  const { rows } = await db.query<Candidate>(
    `SELECT l.email_normalized, l.live_minutes, l.recording_minutes, l.completed_at, t.score::float8 AS score,
            p.id AS participant_id, p.status, p.registered_at
       FROM event_report_lines l
       LEFT JOIN event_report_lines t ON t.report_id = $2 AND t.email_normalized = l.email_normalized
       LEFT JOIN LATERAL (
         SELECT id, status, registered_at FROM participants
          WHERE email_normalized = l.email_normalized
          ORDER BY status IN ('pending_confirmation', 'pending_verification', 'active') DESC, registered_at DESC
          LIMIT 1) p ON true
      WHERE l.report_id = $1 AND ($3::text IS NULL OR l.email_normalized > $3)
      ORDER BY l.email_normalized
      LIMIT $4`,
    [reports.main, reports.tests, after, limit],
  );
  return rows;
}

function verdict(c: Candidate, event: EventRow): Verdict {
  const enrolment = { participantStatus: c.status, registeredAt: c.registered_at };
  if (event.kind === 'course') return courseVerdict({ ...enrolment, completedAt: c.completed_at! }, { startsAt: event.starts_at });
  return creditVerdict(
    { ...enrolment, liveMinutes: c.live_minutes ?? 0, recordingMinutes: c.recording_minutes ?? 0, score: c.score },
    { kind: event.kind, startsAt: event.starts_at, passMark: event.pass_mark },
    { minLiveMinutes: event.min_live_minutes },
  );
}

async function currentReports(db: Db, eventId: string): Promise<ReportIds> {
  const { rows } = await db.query<{ id: string; kind: string }>(
    `SELECT id, kind FROM event_reports WHERE event_id = $1 AND status = 'confirmed'`,
    [eventId],
  );
  const of = (kind: string) => rows.find((r) => r.kind === kind)?.id ?? null;
  return { main: of('attendance') ?? of('course_completions'), tests: of('test_results') };
}

export function creditingActivities({ pool }: CreditingDeps) {
  return {
    /** The broadcast is over: reports are now expected (R11). */
    async openCreditingWindow({ eventId }: { eventId: string }): Promise<void> {
      await pool.query(`UPDATE events SET crediting_status = 'open' WHERE id = $1 AND crediting_status = 'scheduled'`, [eventId]);
    },

    /** What the current reports would credit if the window closed now (the console's countdown view). */
    async previewCrediting({ eventId }: { eventId: string }): Promise<CreditingPreview> {
      const event = await eventRow(pool, eventId);
      const reports = await currentReports(pool, eventId);
      const preview: CreditingPreview = {
        attendanceReported: reports.main !== null,
        testResultsReported: reports.tests !== null,
        reported: 0,
        eligible: 0,
        points: 0,
        unmatched: 0,
        refused: {},
      };
      if (!reports.main) return preview;
      for (const c of await candidates(pool, reports, null, null)) {
        const v = verdict(c, event);
        preview.reported++;
        if (v.eligible) {
          preview.eligible++;
          preview.points += event.points;
        } else {
          preview.refused[v.reason] = (preview.refused[v.reason] ?? 0) + 1;
          if (v.reason === 'not_a_participant') preview.unmatched++;
        }
      }
      return preview;
    },

    /**
     * R11: the window closes; from now on reports are refused (the API checks the same row under
     * lock). Answers the reports the final credit reads.
     */
    async closeCreditingWindow({ eventId }: { eventId: string }): Promise<ReportIds> {
      return inTransaction(pool, async (tx) => {
        await tx.query(
          `UPDATE events SET crediting_status = 'crediting' WHERE id = $1 AND crediting_status IN ('scheduled', 'open')`,
          [eventId],
        );
        return currentReports(tx, eventId);
      });
    },

    /** R11: a window that closed with no attendance report is an incident for staff, not a silent zero. */
    async raiseNoReportIncident({ eventId }: { eventId: string }): Promise<void> {
      await pool.query(
        `INSERT INTO incidents (idempotency_key, kind, event_id, details)
         SELECT $1, 'no_attendance_report', id, 'The crediting window of "' || title || '" closed with no attendance report'
           FROM events WHERE id = $2
         ON CONFLICT (idempotency_key) DO NOTHING`,
        [`no_attendance_report:${eventId}`, eventId],
      );
    },

    /**
     * Credits the next batch of a report: verdicts and ledger entries in one transaction.
     * Answers the last email handled (the next batch starts after it) and what this batch credited.
     */
    async creditBatch({ eventId, reports, after, limit, lotLifetimeMs }: { eventId: string; reports: ReportIds; after: string | null; limit: number; lotLifetimeMs: number }) {
      heartbeat(after);
      const event = await eventRow(pool, eventId);
      const batch = await candidates(pool, reports, after, limit);
      heartbeat(after);
      const verdicts = batch.map((c) => ({ c, v: verdict(c, event) }));
      const credited = verdicts.filter(({ c, v }) => v.eligible && c.participant_id);
      await inTransaction(pool, async (tx) => {
        await tx.query(
          `INSERT INTO event_outcomes (event_id, email_normalized, participant_id, live_minutes, score, credited, reason)
           SELECT $1::uuid, * FROM unnest($2::text[], $3::uuid[], $4::int[], $5::numeric[], $6::boolean[], $7::text[])
           ON CONFLICT (event_id, email_normalized) DO UPDATE
             SET participant_id = EXCLUDED.participant_id, live_minutes = EXCLUDED.live_minutes, score = EXCLUDED.score,
                 credited = event_outcomes.credited OR EXCLUDED.credited,
                 reason = CASE WHEN event_outcomes.credited OR EXCLUDED.credited THEN NULL ELSE EXCLUDED.reason END`,
          [
            eventId,
            verdicts.map(({ c }) => c.email_normalized),
            verdicts.map(({ c }) => c.participant_id),
            verdicts.map(({ c }) => c.live_minutes),
            verdicts.map(({ c }) => c.score),
            verdicts.map(({ v }) => v.eligible),
            verdicts.map(({ v }) => (v.eligible ? null : v.reason)),
          ],
        );
        await postCredits(
          tx,
          credited.map(({ c }) => eventCredit(event, c.participant_id!)),
          lotLifetimeMs,
        );
      });
      crashPoint('after-credit-batch');
      return { last: batch.at(-1)?.email_normalized ?? after, handled: batch.length, done: batch.length < limit };
    },

    /** The window's work is done: the event is closed, with the number of participants it credited. */
    async finishCrediting({ eventId }: { eventId: string }): Promise<{ credited: number }> {
      const { rows } = await pool.query<{ credited_count: number }>(
        `UPDATE events
            SET crediting_status = CASE WHEN kind = 'course' THEN 'ongoing' ELSE 'closed' END,
                closed_at = CASE WHEN kind = 'course' THEN NULL ELSE COALESCE(closed_at, now()) END,
                credited_count = (SELECT count(*) FROM ledger_entries WHERE source_id = $1::text AND source_type <> 'welcome')
          WHERE id = $1
          RETURNING credited_count`,
        [eventId],
      );
      return { credited: rows[0]?.credited_count ?? 0 };
    },

    /** A4: the reviewer's decision; an approval credits the event's points once (the same key as the window's credit). */
    async decideClaim({ claimId, decision, reason, staff, lotLifetimeMs }: ClaimDecision & { claimId: string; lotLifetimeMs: number }): Promise<{ status: ClaimOutcome }> {
      return inTransaction(pool, async (tx) => {
        const status: ClaimOutcome = decision === 'approve' ? 'approved' : 'rejected';
        const { rows } = await tx.query<{ participant_id: string; event_id: string; status: ClaimOutcome }>(
          `UPDATE claims SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now()
            WHERE id = $1 AND status = 'open'
            RETURNING participant_id, event_id, status`,
          [claimId, status, reason, staff.label],
        );
        const claim = rows[0];
        if (!claim) return { status: (await tx.query('SELECT status FROM claims WHERE id = $1', [claimId])).rows[0].status };
        const { rows: holder } = await tx.query('SELECT status FROM participants WHERE id = $1', [claim.participant_id]);
        if (status === 'approved' && holder[0].status === 'active') {
          const event = await eventRow(tx, claim.event_id);
          await postCredits(tx, [{ ...eventCredit(event, claim.participant_id), claimId }], lotLifetimeMs);
        }
        await writeAudit(tx, { type: 'staff', id: staff.id, label: staff.label }, `claim.${decision}`, { type: 'claim', id: claimId }, {
          participantId: claim.participant_id,
          eventId: claim.event_id,
          reason,
        });
        return { status };
      });
    },

    /** A4: nobody decided before the deadline; the claim closes as expired. */
    async expireClaim({ claimId }: { claimId: string }): Promise<void> {
      await pool.query(`UPDATE claims SET status = 'expired', decided_at = now() WHERE id = $1 AND status = 'open'`, [claimId]);
    },
  };
}
