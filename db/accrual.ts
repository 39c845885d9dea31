/**
 * A1: earned points with their tier consequences, in the caller's transaction. Every source of
 * earned points (an event's window, an approved claim, a course's completions; partner accruals, A2)
 * credits through `creditEarnedPoints`, which in the one transaction:
 *
 *  1. locks the participants' tier rows (participant order; created on the first qualifying credit);
 *  2. credits the points (db/ledger.ts), each qualifying credit also a qualifying entry of the
 *     current qualification period;
 *  3. adds the tier's accrual bonus to each new credit as a credit of its own, keyed
 *     `tier-bonus:<the credit's key>` and naming the tier: a replayed credit credits no bonus either;
 *  4. raises the tier of a participant whose qualifying points or activities in the period have
 *     crossed a threshold (history and audit, db/tiers.ts).
 *
 * Owns no table: it composes db/ledger.ts and db/tiers.ts under the rules of rules/tiers.ts. The
 * caller announces the changes it answers after the commit (activities/tiers.ts).
 */
import type { Db } from './pool.js';
import {
  BONUS_SOURCES,
  nextPeriod,
  periodAt,
  qualifiedRank,
  reachedBy,
  tierBonus,
  tierOnCredit,
  type CreditSource,
  type Period,
  type QualifyingTotals,
  type TierPeriodSpec,
  type TierTerms,
} from '../rules/tiers.js';
import { postCreditsReturning, qualifyingSums, type Credit, type QualifyingSum } from './ledger.js';
import { databaseNow } from './terms.js';
import { changeTier, lockTiers } from './tiers.js';

export interface TierContext {
  /** the tier term in force at the credit's instant (R27) */
  tiers: TierTerms;
  /** the qualification period (configuration) */
  period: TierPeriodSpec;
}

export interface EarnedCredits {
  /** new credits (a key seen before credits nothing, R12) */
  credited: number;
  /** new bonus credits */
  bonuses: number;
  /** the ids of the tier changes this transaction made (tier_changes), to announce after the commit */
  tierChanges: number[];
}

/** Earned points, their qualifying entries, their tier bonus and any tier reached: once, in `tx`. */
export async function creditEarnedPoints(tx: Db, credits: Credit[], lotLifetimeMs: number, ctx: TierContext): Promise<EarnedCredits> {
  if (credits.length === 0) return { credited: 0, bonuses: 0, tierChanges: [] };
  const now = (await databaseNow(tx)).getTime();
  const period = periodAt(ctx.period, now);
  const qualifying = { periodStart: new Date(period.start), sources: ctx.tiers.qualifyingSources };
  const tiers = await lockTiers(
    tx,
    credits.map((c) => c.participantId),
    qualifying.periodStart,
  );

  const posted = await postCreditsReturning(tx, credits, lotLifetimeMs, qualifying);
  // The bonus of the tier held when the points are credited, on event (and partner) points only.
  const bonuses = posted.flatMap((c): Credit[] => {
    if (!BONUS_SOURCES.includes(c.sourceType)) return [];
    const tier = tiers.get(c.participantId)?.state.tier ?? null;
    const bonus = tierBonus(ctx.tiers, tier, c.amount);
    if (bonus.points === 0) return [];
    return [
      {
        participantId: c.participantId,
        amount: bonus.points,
        sourceType: 'tier_bonus',
        sourceId: tier!,
        key: `tier-bonus:${c.key}`,
        reason: `${bonus.percent}% of ${c.key}`,
      },
    ];
  });
  const postedBonuses = await postCreditsReturning(tx, bonuses, lotLifetimeMs, qualifying);

  const sources: readonly string[] = ctx.tiers.qualifyingSources;
  const touched = [
    ...new Set([...posted, ...postedBonuses].filter((c) => sources.includes(c.sourceType)).map((c) => c.participantId)),
  ].sort();
  const sums = bySumParticipant(await qualifyingSums(tx, touched, [qualifying.periodStart]));
  const end = nextPeriod(ctx.period, period).end;
  const tierChanges: number[] = [];
  for (const participantId of touched) {
    const totals = totalsOf(sums.get(participantId) ?? [], participantId, period.start);
    const change = tierOnCredit(ctx.tiers, tiers.get(participantId)!.state, totals, end, now);
    if (!change) continue;
    const level = ctx.tiers.levels[qualifiedRank(ctx.tiers, totals)];
    tierChanges.push(
      await changeTier(tx, participantId, change, { ...judgedOn(period, totals), by: reachedBy(level, totals) }, new Date(now)),
    );
  }
  return { credited: posted.length, bonuses: postedBonuses.length, tierChanges };
}

/**
 * A report's crediting plan: from the email `after` on (null: the start), the report's lines in email
 * order cut into batches of at most `batchSize`, and into at least `parallel` batches when the report
 * is smaller than `parallel` × `batchSize`, so that batches can run side by side. Answers each
 * batch's start (the email it follows; null for the first) and the batch size: batch i credits the
 * `size` lines after `starts[i]`, exactly up to `starts[i + 1]`. A report's lines no longer change
 * once its window has closed (R11), so the plan holds for the whole crediting.
 *
 * A read of event_report_lines (db/reports.ts's table), kept beside the crediting it plans.
 */
export async function creditingPlan(
  db: Db,
  reportId: string,
  after: string | null,
  batchSize: number,
  parallel: number,
): Promise<{ starts: Array<string | null>; size: number }> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM event_report_lines WHERE report_id = $1 AND ($2::text IS NULL OR email_normalized > $2)`,
    [reportId, after],
  );
  const total = rows[0].n;
  if (total === 0) return { starts: [], size: batchSize };
  const size = Math.max(1, Math.min(batchSize, Math.ceil(total / Math.max(1, parallel))));
  const { rows: cuts } = await db.query<{ email_normalized: string }>(
    `SELECT email_normalized FROM (
       SELECT email_normalized, row_number() OVER (ORDER BY email_normalized) AS n FROM event_report_lines
        WHERE report_id = $1 AND ($2::text IS NULL OR email_normalized > $2)) x
      WHERE n % $3 = 0 AND n < $4 ORDER BY n`,
    [reportId, after, size, total],
  );
  return { starts: [after, ...cuts.map((c) => c.email_normalized)], size };
}

/** Qualifying sums grouped by participant: a batch of 10,000 credits looks each one up once, not 10,000 times. */
export function bySumParticipant(sums: QualifyingSum[]): Map<string, QualifyingSum[]> {
  const grouped = new Map<string, QualifyingSum[]>();
  for (const s of sums) {
    const list = grouped.get(s.participantId);
    if (list) list.push(s);
    else grouped.set(s.participantId, [s]);
  }
  return grouped;
}

/** One participant's qualifying totals within the period starting at `periodStart`. */
export function totalsOf(sums: QualifyingSum[], participantId: string, periodStart: number): QualifyingTotals {
  const totals: QualifyingTotals = { points: 0, activities: {} };
  for (const s of sums) {
    if (s.participantId !== participantId || s.periodStart.getTime() !== periodStart) continue;
    totals.points += s.points;
    totals.activities[s.sourceType as CreditSource] = (totals.activities[s.sourceType as CreditSource] ?? 0) + s.activities;
  }
  return totals;
}

/** What a tier change was judged on, kept with it (the history's "why"). */
export const judgedOn = (period: Period, totals: QualifyingTotals) => ({
  periodStart: new Date(period.start).toISOString(),
  periodEnd: new Date(period.end).toISOString(),
  points: totals.points,
  activities: totals.activities,
});
