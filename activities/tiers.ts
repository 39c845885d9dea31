/**
 * A1: the tier activities (the period end's reassessment and the announcements) and what every
 * activity that credits earned points uses: the tier context in force (`tierContext`) and the
 * announcement of the changes its transaction made (`announceTierChanges`).
 *
 * A tier change is committed with the credit (or the reassessment) that causes it, as a history row
 * not yet announced; announcing it afterwards mails the participant (recorded under
 * `tier-change:<id>`, so once), signals the participant's workflow (its ParticipantTier search
 * attribute, ordered by the change's id) and marks the row announced. A crash in between leaves the
 * row unannounced: the next announcement for that participant, or the next period end's sweep,
 * finishes it.
 */
import { heartbeat } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { TierContext } from '../db/accrual.js';
import { bySumParticipant, judgedOn, totalsOf } from '../db/accrual.js';
import { qualifyingSums } from '../db/ledger.js';
import { termsAt } from '../db/terms.js';
import {
  changeTier,
  lockTiersToReassess,
  markReassessed,
  markTierChangeAnnounced,
  unannouncedTierChanges,
  type TierAnnouncement,
} from '../db/tiers.js';
import type { ProgramConfig } from '../infra/config.js';
import { inTransaction, type Pool } from '../db/pool.js';
import type { Mailer } from '../infra/mailer.js';
import {
  lastDay,
  lastEndedPeriod,
  levelByCode,
  nextPeriod,
  periodsToReassess,
  reassessAtPeriodEnd,
  type TierPeriodSpec,
  type TierTerms,
} from '../rules/tiers.js';
import { tierChangedSignal } from '../workflows/messages/participant.js';
import { deliverMail, recordMail } from './mail.js';
import { tierChangeLetter } from './templates.js';

export interface TierDeps {
  pool: Pool;
  mailer: Mailer;
  /** signals participants' workflows */
  temporal: Client;
  /** the configured defaults of the program's terms (the tier term among them), overlaid by versions (R27) */
  program: ProgramConfig;
  tierPeriod: TierPeriodSpec;
}

/** The tier term in force at `at` (R27) and the qualification period. */
export async function tierContext(
  { pool, program, tierPeriod }: Pick<TierDeps, 'pool' | 'program' | 'tierPeriod'>,
  at = new Date(),
): Promise<TierContext> {
  return { tiers: (await termsAt(pool, program, at)).tiers, period: tierPeriod };
}

const ANNOUNCE_BATCH = 100;

/**
 * Announces the tier changes not yet announced, of the given participants (after a credit) or of
 * everyone: mail, the participant workflow's signal, the mark. Answers how many. Usable outside an
 * activity too (an API use case that credits earned points, A2).
 */
export async function announceTierChanges(deps: TierDeps, participantIds?: string[]): Promise<number> {
  if (participantIds?.length === 0) return 0;
  let announced = 0;
  for (;;) {
    const pending = await unannouncedTierChanges(deps.pool, { participantIds, limit: ANNOUNCE_BATCH });
    if (pending.length > 0) {
      const { tiers } = await tierContext(deps);
      for (const change of pending) {
        await announce(deps, tiers, change);
        announced++;
      }
    }
    if (pending.length < ANNOUNCE_BATCH) return announced;
  }
}

async function announce(deps: TierDeps, tiers: TierTerms, c: TierAnnouncement): Promise<void> {
  if (c.status === 'active') {
    // The tiers' names as the terms in force name them; a tier the terms no longer hold by its code.
    const name = (code: string | null) => (code === null ? null : (levelByCode(tiers, code)?.name.ru ?? code));
    const key = `tier-change:${c.id}`;
    const through = c.valid_until ? lastDay(deps.tierPeriod, c.valid_until.getTime()) : null;
    const letter = tierChangeLetter(c.first_name, { from: name(c.from_tier), to: name(c.to_tier), reason: c.reason, through });
    await recordMail(deps.pool, { key, participantId: c.participant_id, kind: 'tier_change', to: c.email, ...letter });
    await deliverMail(deps.pool, deps.mailer, key);
    try {
      await deps.temporal.workflow.getHandle(c.workflow_id).signal(tierChangedSignal, { tier: c.to_tier, changeId: c.id });
    } catch (err) {
      // A participant whose workflow has ended (it continues as new, so only a closed account's) has nothing to show.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  await markTierChangeAnnounced(deps.pool, c.id);
  inActivity(() => heartbeat(c.id));
}

/** Heartbeats when run as an activity; a use case calling the same code has no heartbeat to send. */
function inActivity(f: () => void): void {
  try {
    f();
  } catch {
    // not in an activity
  }
}

export function tierActivities(deps: TierDeps) {
  const { pool } = deps;
  return {
    /**
     * A1: the next batch of the reassessment at the period end: every participant not yet
     * reassessed through `through` (the last period ended as of `asOf`, fixed by the first batch), each through
     * every period it is owed, oldest first, under the terms in force at each period's end (R27).
     * Answers how many it handled and changed; then announces this batch's changes.
     */
    async reassessTierBatch({ through, asOf, limit }: { through: number | null; asOf?: number; limit: number }) {
      heartbeat(through);
      const until = through ?? lastEndedPeriod(deps.tierPeriod, asOf ?? Date.now()).end;
      const termsCache = new Map<number, TierTerms>();
      const termsAtEnd = async (end: number) => {
        if (!termsCache.has(end)) termsCache.set(end, (await tierContext(deps, new Date(end))).tiers);
        return termsCache.get(end)!;
      };
      const { handled, changed, participantIds } = await inTransaction(pool, async (tx) => {
        const rows = await lockTiersToReassess(tx, new Date(until), limit);
        const owed = new Map(rows.map((r) => [r.participantId, periodsToReassess(deps.tierPeriod, r.assessedThrough, until)]));
        const starts = [...new Set([...owed.values()].flatMap((ps) => ps.map((p) => p.start)))].map((s) => new Date(s));
        const sums = bySumParticipant(
          await qualifyingSums(
            tx,
            rows.map((r) => r.participantId),
            starts,
          ),
        );
        let changes = 0;
        for (const row of rows) {
          let state = row.state;
          for (const period of owed.get(row.participantId)!) {
            const totals = totalsOf(sums.get(row.participantId) ?? [], row.participantId, period.start);
            const tiers = await termsAtEnd(period.end);
            const result = reassessAtPeriodEnd(tiers, state, totals, period, nextPeriod(deps.tierPeriod, period).end);
            if (result.change) {
              await changeTier(tx, row.participantId, result.change, judgedOn(period, totals), new Date(period.end));
              changes++;
            }
            state = result.state;
          }
          await markReassessed(tx, row.participantId, state, new Date(until));
        }
        return { handled: rows.length, changed: changes, participantIds: rows.map((r) => r.participantId) };
      });
      heartbeat(until);
      if (changed > 0) await announceTierChanges(deps, participantIds);
      return { through: until, handled, changed, done: handled < limit };
    },

    /** A1: announces every change not yet announced (the period end's sweep). */
    async announceTierChanges(_: Record<string, never>): Promise<{ announced: number }> {
      return { announced: await announceTierChanges(deps) };
    },
  };
}
