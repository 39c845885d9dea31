/**
 * A2: the partner crediting timer's activity, and the credit of a partner's transaction that an
 * approved claim (A4) makes. Both credit through db/accrual.ts (`creditEarnedPoints`: the lot, the
 * tier's accrual bonus, the qualifying points when the partner's points qualify, any tier reached)
 * under the transaction's key `partner:<partner>:<transaction>`, so whichever comes first credits
 * it and the other credits nothing.
 */
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import type { TierContext } from '../db/accrual.js';
import { creditEarnedPoints } from '../db/accrual.js';
import { partnerClaimFacts } from '../db/claims.js';
import type { Credit } from '../db/ledger.js';
import {
  awaitPostsOf,
  dueAccrualsLeft,
  insertClaimedAccrual,
  lockDueAccruals,
  markAccrualsCredited,
  markAccrualsVoid,
  partnerById,
  type Partner,
} from '../db/partners.js';
import { termsAt } from '../db/terms.js';
import { inTransaction, type Db } from '../db/pool.js';
import { partnerCreditKey } from '../rules/partners.js';
import type { TierTerms } from '../rules/tiers.js';
import { announceTierChanges, tierContext, type TierDeps } from './tiers.js';

/** A partner transaction's credit: a lot of its points, naming the partner and the transaction. */
export const partnerCredit = (
  partner: Pick<Partner, 'id' | 'name'>,
  a: { participantId: string; transactionId: string; points: number },
  claimId: string | null = null,
): Credit => ({
  participantId: a.participantId,
  amount: a.points,
  sourceType: 'partner',
  sourceId: partner.id,
  key: partnerCreditKey(partner.id, a.transactionId),
  claimId,
  reason: `${partner.name}: ${a.transactionId}`,
});

/**
 * A1 for a partner's credits: whether they are qualifying points is the partner's own setting, not
 * the tier term's list of sources. A partner whose points do not qualify adds none (nor does the
 * tier bonus on them); one whose points do adds them as source `partner`. The call credits that
 * partner's points only, so the narrowed list touches nothing else.
 */
export function partnerTierContext(ctx: TierContext, qualifies: boolean): TierContext {
  const sources: string[] = ctx.tiers.qualifyingSources.filter((s) => qualifies || s !== 'tier_bonus');
  if (qualifies) sources.push('partner');
  // `partner` is no source the term may list (rules/tiers.ts CREDIT_SOURCES): it is added here only.
  return { ...ctx, tiers: { ...ctx.tiers, qualifyingSources: sources as TierTerms['qualifyingSources'] } };
}

/** Why a due accrual was not credited (partner_accruals.end_reason). */
export const NOT_ACTIVE = 'participant_not_active';

/**
 * A4, A2: an approved claim of a partner's transaction credits it, in the claim's transaction: the
 * accrual is recorded as the claim's and credited under the key the partner's accrual would have had.
 * A transaction the partner posted meanwhile is its accrual's to credit (the same key): nothing here.
 * Answers whether it credited.
 */
export async function creditPartnerClaim(tx: Db, claimId: string, lotLifetimeMs: number, tiers: TierContext): Promise<boolean> {
  const claim = await partnerClaimFacts(tx, claimId);
  if (!claim) throw ApplicationFailure.nonRetryable(`Claim ${claimId} is no partner's claim`, 'ClaimNotFound');
  const partner = await partnerById(tx, claim.partner_id);
  if (!partner) throw ApplicationFailure.nonRetryable(`Partner ${claim.partner_id} not found`, 'PartnerNotFound');
  const recorded = await insertClaimedAccrual(tx, {
    partnerId: partner.id,
    claimId,
    transactionId: claim.partner_reference,
    participantId: claim.participant_id,
    transactionAt: claim.transaction_at,
    dateOnly: claim.date_only,
    amountKopecks: claim.amount_kopecks,
    kind: claim.transaction_kind,
    points: claim.partner_points,
  });
  if (!recorded) return false;
  const credit = partnerCredit(
    partner,
    { participantId: claim.participant_id, transactionId: claim.partner_reference, points: claim.partner_points },
    claimId,
  );
  await creditEarnedPoints(tx, [credit], lotLifetimeMs, partnerTierContext(tiers, partner.qualifies));
  return true;
}

export function partnerActivities(deps: TierDeps) {
  const { pool } = deps;
  return {
    /**
     * A2: the next batch of the partner's accruals pending and due by `dueAt`: credited as lots with
     * the lifetime of the terms in force now (R20, R27), or void when the participant is no longer
     * active. One transaction; first it waits for the partner's posts in flight to commit.
     */
    async creditDuePartnerAccruals({ partnerId, dueAt, limit }: { partnerId: string; dueAt: number; limit: number }) {
      heartbeat(dueAt);
      await inTransaction(pool, (tx) => awaitPostsOf(tx, partnerId));
      const partner = await partnerById(pool, partnerId);
      if (!partner) throw ApplicationFailure.nonRetryable(`Partner ${partnerId} not found`, 'PartnerNotFound');
      const [{ lotLifetimeMs }, tiers] = await Promise.all([termsAt(pool, deps.program), tierContext(deps)]);
      const batch = await inTransaction(pool, async (tx) => {
        const due = await lockDueAccruals(tx, partnerId, new Date(dueAt), limit);
        const active = due.filter((a) => a.participant_status === 'active');
        const gone = due.filter((a) => a.participant_status !== 'active');
        const credits = active.map((a) =>
          partnerCredit(partner, { participantId: a.participant_id, transactionId: a.transaction_id, points: a.points }),
        );
        await creditEarnedPoints(tx, credits, lotLifetimeMs, partnerTierContext(tiers, partner.qualifies));
        await markAccrualsCredited(
          tx,
          active.map((a) => a.id),
        );
        await markAccrualsVoid(
          tx,
          gone.map((a) => a.id),
          NOT_ACTIVE,
        );
        return { credited: active.length, voided: gone.length, participantIds: [...new Set(active.map((a) => a.participant_id))] };
      });
      heartbeat(dueAt);
      // Done when nothing due is left that nobody is crediting: not "fewer than asked", since rows
      // another timer holds were skipped, and rows cancelled meanwhile drop out of a batch.
      const more = await dueAccrualsLeft(pool, partnerId, new Date(dueAt));
      // A retried batch credits nothing new but still announces what an earlier attempt committed.
      await announceTierChanges(deps, batch.participantIds);
      return { credited: batch.credited, voided: batch.voided, done: !more };
    },
  };
}
