/** A1: the tier answers of the staff API (api/tiers.ts `TierAnswer`, db/tiers.ts `tierHistory`). */
import type { TierLevel, TierTerms } from '../../../rules/tiers';

export type { TierLevel, TierTerms };

export interface TierName {
  code: string;
  name: { ru: string; en: string };
}

/** The participant's tier and progress in the qualification period (the participant record's `tier`). */
export interface TierAnswer {
  tier: (TierName & { bonusPercent: number }) | null;
  since: string | null;
  validUntil: string | null;
  /** the last day the tier holds, DD.MM.YYYY */
  validThrough: string | null;
  period: { start: string; end: string; lastDay: string };
  qualifying: { points: number; activities: Record<string, number> };
  next:
    | (TierName & {
        points: number;
        pointsToGo: number;
        activities: number | null;
        activityKinds: string[];
        activitiesToGo: number | null;
      })
    | null;
}

/** One change of a participant's tier. */
export interface TierChange {
  id: number;
  from_tier: string | null;
  to_tier: string | null;
  reason: 'threshold' | 'period_end';
  detail: { periodStart: string; periodEnd: string; points: number; activities: Record<string, number>; by?: 'points' | 'activities' };
  valid_until: string | null;
  changed_at: string;
  announced_at: string | null;
}
