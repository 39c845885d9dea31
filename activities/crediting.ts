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
import { claimStatus, decideOpenClaim, markClaimExpired } from '../db/claims.js';
import {
  creditingEvent,
  markCreditingFinished,
  markWindowClosed,
  markWindowOpen,
  recordOutcomes,
  type CreditingEvent,
} from '../db/events.js';
import { raiseNoAttendanceReport } from '../db/incidents.js';
import { creditEarnedPoints, creditingPlan } from '../db/accrual.js';
import { eventCreditKey, type Credit } from '../db/ledger.js';
import { participantStatus } from '../db/participants.js';
import { candidates, confirmedReports, type Candidate, type ReportIds } from '../db/reports.js';
import { inTransaction, type Db } from '../db/pool.js';
import { crashPoint } from '../infra/faults.js';
import { courseVerdict, creditVerdict, type Verdict } from '../rules/crediting.js';
import type { EventKind } from '../rules/events.js';
import type { ClaimDecision, ClaimOutcome } from '../workflows/messages/claim.js';
import type { CreditingPreview } from '../workflows/messages/event-crediting.js';
import { creditPartnerClaim } from './partners.js';
import { announceTierChanges, tierContext, type TierDeps } from './tiers.js';

/** A1: crediting earns tier bonus and qualifying points, and may change tiers, which it announces. */
export type CreditingDeps = TierDeps;

export type { ReportIds };

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

async function eventRow(db: Db, eventId: string): Promise<CreditingEvent> {
  const event = await creditingEvent(db, eventId);
  if (!event) throw ApplicationFailure.nonRetryable(`Event ${eventId} not found`, 'EventNotFound');
  return event;
}

function verdict(c: Candidate, event: CreditingEvent): Verdict {
  const enrolment = { participantStatus: c.status, registeredAt: c.registered_at };
  if (event.kind === 'course') return courseVerdict({ ...enrolment, completedAt: c.completed_at! }, { startsAt: event.starts_at });
  return creditVerdict(
    { ...enrolment, liveMinutes: c.live_minutes ?? 0, recordingMinutes: c.recording_minutes ?? 0, score: c.score },
    { kind: event.kind, startsAt: event.starts_at, passMark: event.pass_mark },
    { minLiveMinutes: event.min_live_minutes },
  );
}

export function creditingActivities(deps: CreditingDeps) {
  const { pool } = deps;
  return {
    /** The broadcast is over: reports are now expected (R11). */
    async openCreditingWindow({ eventId }: { eventId: string }): Promise<void> {
      await markWindowOpen(pool, eventId);
    },

    /** What the current reports would credit if the window closed now (the console's countdown view). */
    async previewCrediting({ eventId }: { eventId: string }): Promise<CreditingPreview> {
      const event = await eventRow(pool, eventId);
      const reports = await confirmedReports(pool, eventId);
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
        await markWindowClosed(tx, eventId);
        return confirmedReports(tx, eventId);
      });
    },

    /**
     * R11: the window closes, as closeCreditingWindow, and the final credit is planned in the same
     * transaction: the batches of the main report from `after` on (creditingPlan), which the workflow
     * credits `parallel` at a time. One activity where there were two.
     */
    async closeAndPlanCrediting({
      eventId,
      after,
      batchSize,
      parallel,
    }: {
      eventId: string;
      after: string | null;
      batchSize: number;
      parallel: number;
    }): Promise<{ reports: ReportIds; starts: Array<string | null>; size: number }> {
      return inTransaction(pool, async (tx) => {
        await markWindowClosed(tx, eventId);
        const reports = await confirmedReports(tx, eventId);
        if (reports.main === null) return { reports, starts: [], size: batchSize };
        return { reports, ...(await creditingPlan(tx, reports.main, after, batchSize, parallel)) };
      });
    },

    /** A course's report (R9): its batches from the start, as closeAndPlanCrediting plans them. */
    async planCrediting({
      reportId,
      batchSize,
      parallel,
    }: {
      reportId: string;
      batchSize: number;
      parallel: number;
    }): Promise<{ starts: Array<string | null>; size: number }> {
      return creditingPlan(pool, reportId, null, batchSize, parallel);
    },

    /** R11: a window that closed with no attendance report is an incident for staff, not a silent zero. */
    async raiseNoReportIncident({ eventId }: { eventId: string }): Promise<void> {
      await raiseNoAttendanceReport(pool, eventId);
    },

    /**
     * Credits the next batch of a report: verdicts and ledger entries in one transaction.
     * Answers the last email handled (the next batch starts after it) and what this batch credited.
     */
    async creditBatch({
      eventId,
      reports,
      after,
      limit,
      lotLifetimeMs,
    }: {
      eventId: string;
      reports: ReportIds;
      after: string | null;
      limit: number;
      lotLifetimeMs: number;
    }) {
      heartbeat(after);
      const event = await eventRow(pool, eventId);
      const batch = await candidates(pool, reports, after, limit);
      heartbeat(after);
      const verdicts = batch.map((c) => ({ c, v: verdict(c, event) }));
      const credited = verdicts.filter(({ c, v }) => v.eligible && c.participant_id);
      const tiers = await tierContext(deps);
      await inTransaction(pool, async (tx) => {
        await recordOutcomes(
          tx,
          eventId,
          verdicts.map(({ c, v }) => ({
            emailNormalized: c.email_normalized,
            participantId: c.participant_id,
            liveMinutes: c.live_minutes,
            score: c.score,
            credited: v.eligible,
            reason: v.eligible ? null : v.reason,
          })),
        );
        // A1: with the tier bonus (keyed after the credit: a replayed batch credits neither twice),
        // the qualifying points, and any tier the batch's points reach.
        return creditEarnedPoints(
          tx,
          credited.map(({ c }) => eventCredit(event, c.participant_id!)),
          lotLifetimeMs,
          tiers,
        );
      });
      crashPoint('after-credit-batch');
      // A retried batch credits nothing new but still announces what an earlier attempt committed.
      await announceTierChanges(
        deps,
        credited.map(({ c }) => c.participant_id!),
      );
      return { last: batch.at(-1)?.email_normalized ?? after, handled: batch.length, done: batch.length < limit };
    },

    /** The window's work is done: the event is closed, with the number of participants it credited. */
    async finishCrediting({ eventId }: { eventId: string }): Promise<{ credited: number }> {
      return { credited: await markCreditingFinished(pool, eventId) };
    },

    /** A4: the reviewer's decision; an approval credits the event's points once (the same key as the window's credit). */
    async decideClaim({
      claimId,
      decision,
      reason,
      staff,
      lotLifetimeMs,
    }: ClaimDecision & { claimId: string; lotLifetimeMs: number }): Promise<{ status: ClaimOutcome }> {
      const tiers = await tierContext(deps);
      const decided = await inTransaction(pool, async (tx) => {
        const status: ClaimOutcome = decision === 'approve' ? 'approved' : 'rejected';
        const claim = await decideOpenClaim(tx, claimId, { status: status as 'approved' | 'rejected', reason, decidedBy: staff.label });
        // Decided before (or expired): the claim's status as it stands.
        if (!claim) return { status: (await claimStatus(tx, claimId)) as ClaimOutcome, participantId: null };
        if (status === 'approved' && (await participantStatus(tx, claim.participant_id)) === 'active') {
          if (claim.kind === 'partner') {
            // A2: a partner's transaction, under the key its accrual would have had.
            await creditPartnerClaim(tx, claimId, lotLifetimeMs, tiers);
          } else {
            const event = await eventRow(tx, claim.event_id);
            await creditEarnedPoints(tx, [{ ...eventCredit(event, claim.participant_id), claimId }], lotLifetimeMs, tiers);
          }
        }
        await writeAudit(
          tx,
          { type: 'staff', id: staff.id, label: staff.label },
          `claim.${decision}`,
          { type: 'claim', id: claimId },
          {
            participantId: claim.participant_id,
            eventId: claim.event_id,
            reason,
          },
        );
        return { status, participantId: claim.participant_id };
      });
      if (decided.participantId) await announceTierChanges(deps, [decided.participantId]);
      return { status: decided.status };
    },

    /** A4: nobody decided before the deadline; the claim closes as expired. */
    async expireClaim({ claimId }: { claimId: string }): Promise<void> {
      await markClaimExpired(pool, claimId);
    },
  };
}
