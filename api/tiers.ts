/**
 * A1: a participant's status tier and progress as the API answers it (the participant's own
 * `GET /api/me/tier`, and the staff participant's `tier`), and the tier history. Read-only: tiers
 * change only with the credits and period ends that cause them (db/accrual.ts, activities/tiers.ts).
 */
import { z } from 'zod';
import { totalsOf } from '../db/accrual.js';
import { qualifyingSums } from '../db/ledger.js';
import { termsAt } from '../db/terms.js';
import { tierHistory, tierState } from '../db/tiers.js';
import type { Db } from '../db/pool.js';
import { lastDay, levelByCode, periodAt, tierProgress, type TierTerms } from '../rules/tiers.js';
import type { ApiDeps } from './deps.js';

const iso = z.iso.datetime({ offset: true });
const TierName = z.object({ code: z.string(), name: z.object({ ru: z.string(), en: z.string() }) });

export const TierAnswer = z
  .object({
    tier: TierName.extend({ bonusPercent: z.number().int() }).nullable().meta({ description: 'the tier held, or null' }),
    since: iso.nullable(),
    validUntil: iso.nullable().meta({ description: 'the instant the tier ends unless requalified (the end of the next period)' }),
    validThrough: z.string().nullable().meta({ description: "the last day the tier holds, DD.MM.YYYY in the program's time zone" }),
    period: z.object({
      start: iso,
      end: iso,
      lastDay: z.string().meta({ description: 'the last day of the current qualification period, DD.MM.YYYY' }),
    }),
    qualifying: z.object({
      points: z.number().int(),
      activities: z
        .record(z.string(), z.number().int())
        .meta({ description: 'qualifying activities in the period, per source (webinar, test, course)' }),
    }),
    next: TierName.extend({
      points: z.number().int(),
      pointsToGo: z.number().int(),
      activities: z.number().int().nullable(),
      activityKinds: z.array(z.string()),
      activitiesToGo: z.number().int().nullable(),
    })
      .nullable()
      .meta({
        description:
          'the next tier up and what is left within this period to reach it (points, or activities of its kinds); null at the top',
      }),
  })
  .meta({
    id: 'TierAnswer',
    description:
      'A1: the status tier held and the progress within the qualification period ("1 250 points to Gold, or 3 activities; the period ends 31.12.2025").',
  });
export type TierAnswer = z.infer<typeof TierAnswer>;

const named = (terms: TierTerms, code: string) => ({ code, name: levelByCode(terms, code)?.name ?? { ru: code, en: code } });

/** The participant's tier and progress now, under the tier term in force. */
export async function participantTier(
  { pool, config }: Pick<ApiDeps, 'pool' | 'config'>,
  participantId: string,
  db: Db = pool,
): Promise<TierAnswer> {
  const now = Date.now();
  const { tiers } = await termsAt(db, config.program);
  const state = await tierState(db, participantId);
  const period = periodAt(config.tierPeriod, now);
  const totals = totalsOf(await qualifyingSums(db, [participantId], [new Date(period.start)]), participantId, period.start);
  const progress = tierProgress(tiers, state, totals, period);
  const date = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    tier:
      progress.tier === null
        ? null
        : { ...named(tiers, progress.tier), bonusPercent: levelByCode(tiers, progress.tier)?.bonusPercent ?? 0 },
    since: date(progress.since),
    validUntil: date(progress.validUntil),
    validThrough: progress.validUntil === null ? null : lastDay(config.tierPeriod, progress.validUntil),
    period: { start: date(period.start)!, end: date(period.end)!, lastDay: lastDay(config.tierPeriod, period.end) },
    qualifying: { points: progress.qualifying.points, activities: progress.qualifying.activities as Record<string, number> },
    next: progress.next && (({ tier, ...toGo }) => ({ ...named(tiers, tier), ...toGo }))(progress.next),
  };
}

/** Every change of the participant's tier, newest first: from, to, why (and what it was judged on), when. */
export async function participantTierHistory(pool: Db, participantId: string) {
  return tierHistory(pool, participantId);
}
