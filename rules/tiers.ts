/**
 * A1: status tiers, as pure rules. The tiers (Silver, Gold, Platinum by default) are a structured
 * program term (R27): their names, order, thresholds, accrual bonus and which credits qualify. A
 * tier is reached by qualifying points, or by a count of qualifying activities, within a
 * qualification period; it is reached the moment a threshold is crossed and lasts until the end of
 * the next period; at each period's end every participant is reassessed, down at most one tier.
 *
 * No I/O, no clock: instants come in as epoch milliseconds. The tier state lives in db/tiers.ts,
 * the qualifying points in db/ledger.ts (`qualifying_entries`), the period end's timer in the
 * `tier-period-end` Schedule (workflows/tier-period-end.ts).
 */
import { z } from 'zod';
import { textFault } from './text.js';

/**
 * The sources of earned credits (db/ledger.ts SourceType), those that may qualify: which do is a
 * term. A staff adjustment never qualifies: it corrects a balance, not a status (a credit given by
 * mistake is reversed, which takes its qualifying points back). Partner accruals (A2) qualify by
 * their partner's own setting (`partners.qualifies`, activities/partners.ts), not by this term.
 */
export const CREDIT_SOURCES = ['welcome', 'webinar', 'test', 'course', 'tier_bonus'] as const;
export type CreditSource = (typeof CREDIT_SOURCES)[number];

/** The credits that are one activity each: a live webinar attended, a test passed, a course completed. */
export const ACTIVITY_SOURCES = ['webinar', 'test', 'course'] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/** The credits a tier's accrual bonus adds to: event points and partner points (A2). */
export const BONUS_SOURCES: readonly string[] = ['webinar', 'test', 'course', 'partner'];

// ---- the term -----------------------------------------------------------------------------------

const label = z
  .string('must be a string')
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .refine((s) => textFault(s) === null, 'must be plain single-line text');

export const TierLevel = z.strictObject({
  /** stable identifier: the `ParticipantTier` search attribute, the history, catalog items' minimum tier */
  code: z
    .string('must be a string')
    .regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be 1 to 32 lower-case letters, digits or underscores, starting with a letter'),
  name: z.strictObject({ ru: label, en: label }),
  /** qualifying points within a period that reach the tier */
  points: z
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100_000_000, 'must be at most 100000000'),
  /** or this many qualifying activities of `activityKinds` within a period (null: points only) */
  activities: z
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(100_000, 'must be at most 100000')
    .nullable(),
  activityKinds: z.array(z.enum(ACTIVITY_SOURCES, `must be one of ${ACTIVITY_SOURCES.join(', ')}`)).min(1, 'must name at least one kind'),
  /** the accrual bonus: this percentage of every event and partner credit, as its own entry */
  bonusPercent: z.number('must be a number').int('must be a whole number').min(0, 'must be at least 0').max(200, 'must be at most 200'),
});
export type TierLevel = z.infer<typeof TierLevel>;

/**
 * The tier term: `levels` from the lowest tier to the highest (the order is the ranking: the review
 * queues' priority, the "down at most one tier" step), and the credit sources that qualify.
 */
export const TierTerms = z
  .strictObject({
    levels: z.array(TierLevel).min(1, 'must hold at least one tier').max(10, 'must hold at most 10 tiers'),
    qualifyingSources: z
      .array(z.enum(CREDIT_SOURCES, `must be one of ${CREDIT_SOURCES.join(', ')}`))
      .min(1, 'must name at least one source'),
  })
  .superRefine((t, ctx) => {
    t.levels.forEach((level, i) => {
      if (t.levels.findIndex((l) => l.code === level.code) !== i) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'code'], message: 'must be unique' });
      }
      if (i > 0 && level.points <= t.levels[i - 1].points) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'points'], message: 'must be more than the tier below' });
      }
      for (const kind of level.activityKinds) {
        if (!t.qualifyingSources.includes(kind)) {
          ctx.addIssue({ code: 'custom', path: ['levels', i, 'activityKinds'], message: `${kind} does not qualify (qualifyingSources)` });
        }
      }
    });
  })
  .meta({ id: 'TierTerms', description: 'A1: the status tiers, lowest first, and the credit sources that qualify.' });
export type TierTerms = z.infer<typeof TierTerms>;

/**
 * The defaults, as in the airline source (Silver at 15,000 qualifying points or 20 activities, Gold
 * at 40,000 or 40, Platinum at 70,000 or 40 of the premium kind: tests passed, the "business
 * segments" of this program); the operator scales them to the program. The bonus percentages are
 * ours. Welcome points and staff adjustments do not qualify, nor does a bonus itself.
 */
export const DEFAULT_TIER_TERMS: TierTerms = {
  levels: [
    {
      code: 'silver',
      name: { ru: 'Серебряный', en: 'Silver' },
      points: 15_000,
      activities: 20,
      activityKinds: ['webinar', 'test'],
      bonusPercent: 10,
    },
    {
      code: 'gold',
      name: { ru: 'Золотой', en: 'Gold' },
      points: 40_000,
      activities: 40,
      activityKinds: ['webinar', 'test'],
      bonusPercent: 20,
    },
    {
      code: 'platinum',
      name: { ru: 'Платиновый', en: 'Platinum' },
      points: 70_000,
      activities: 40,
      activityKinds: ['test'],
      bonusPercent: 30,
    },
  ],
  qualifyingSources: ['webinar', 'test', 'course'],
};

// ---- the qualification period -------------------------------------------------------------------

/**
 * The qualification period (configuration, not a term: see docs/processes.md): periods follow one
 * another from `start`, each `months` calendar months long (counted in `start`'s UTC offset), or,
 * for tests and demonstrations, `ms` milliseconds long.
 */
export interface TierPeriodSpec {
  /** ISO 8601 with an offset, e.g. 2025-01-01T00:00:00+03:00: a period's first instant */
  start: string;
  months: number | null;
  ms: number | null;
}

/** Months per period a calendar Schedule can express (periods that repeat every year). */
export const PERIOD_MONTHS = [1, 2, 3, 4, 6, 12] as const;

export interface Period {
  start: number;
  end: number;
}

const START = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** A period start's wall-clock fields and its UTC offset in minutes; null if `start` is not one. */
export function parsePeriodStart(start: string) {
  const m = START.exec(start);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const offsetMinutes = m[7] ? (m[7] === '-' ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) : 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day, hour, minute, second, offsetMinutes };
}

/** Why `spec` cannot be a qualification period, or null. */
export function periodSpecProblem(spec: TierPeriodSpec): string | null {
  const start = parsePeriodStart(spec.start);
  if (!start) return 'start: must be an ISO 8601 date-time with a UTC offset, e.g. 2025-01-01T00:00:00+03:00';
  if ((spec.months === null) === (spec.ms === null)) return 'give either months or ms';
  if (spec.months !== null) {
    if (!(PERIOD_MONTHS as readonly number[]).includes(spec.months)) return `months: must be one of ${PERIOD_MONTHS.join(', ')}`;
    if (start.day > 28) return 'start: a calendar period must start on day 1 to 28 of a month';
    if (start.offsetMinutes % 60 !== 0) return 'start: a calendar period needs a whole-hour UTC offset';
  } else if (!Number.isInteger(spec.ms) || spec.ms! < 1000 || spec.ms! % 1000 !== 0) {
    return 'ms: must be whole seconds (a multiple of 1000), at least 1000';
  }
  return null;
}

/** The qualification period that holds the instant `at`. */
export function periodAt(spec: TierPeriodSpec, at: number): Period {
  const s = parsePeriodStart(spec.start);
  if (!s) throw new RangeError(`not a period start: ${spec.start}`);
  const offsetMs = s.offsetMinutes * 60_000;
  const first = Date.UTC(s.year, s.month - 1, s.day, s.hour, s.minute, s.second) - offsetMs;
  if (spec.ms !== null) {
    const k = Math.floor((at - first) / spec.ms);
    return { start: first + k * spec.ms, end: first + (k + 1) * spec.ms };
  }
  const months = spec.months!;
  // Date.UTC carries a month past December into the next year (days are at most 28: no overflow).
  const startOf = (k: number) => Date.UTC(s.year, s.month - 1 + k * months, s.day, s.hour, s.minute, s.second) - offsetMs;
  const local = new Date(at + offsetMs);
  let k = Math.floor(((local.getUTCFullYear() - s.year) * 12 + local.getUTCMonth() - (s.month - 1)) / months);
  while (startOf(k) > at) k--;
  while (startOf(k + 1) <= at) k++;
  return { start: startOf(k), end: startOf(k + 1) };
}

/** The period after `period`. */
export const nextPeriod = (spec: TierPeriodSpec, period: Period): Period => periodAt(spec, period.end);

/** The last period that has ended by `at` (its end is at or before `at`). */
export const lastEndedPeriod = (spec: TierPeriodSpec, at: number): Period => {
  const current = periodAt(spec, at);
  return periodAt(spec, current.start - 1);
};

/**
 * The periods ending after `after` and by `through`, oldest first: what a reassessment owes a
 * participant last reassessed at `after` (more than one only if a period end was missed).
 */
export function periodsToReassess(spec: TierPeriodSpec, after: number, through: number): Period[] {
  const periods: Period[] = [];
  for (let p = periodAt(spec, after); p.end <= through; p = nextPeriod(spec, p)) {
    if (p.end > after) periods.push(p);
  }
  return periods;
}

// ---- reaching, keeping and losing a tier --------------------------------------------------------

/** Qualifying points and activities within one period. */
export interface QualifyingTotals {
  points: number;
  /** qualifying credits per source (a reversal takes one away) */
  activities: Partial<Record<CreditSource, number>>;
}

export const NO_QUALIFYING: QualifyingTotals = { points: 0, activities: {} };

/** A participant's tier: none (`tier` null), or a tier reached at `since`, held until `validUntil`. */
export interface TierState {
  tier: string | null;
  since: number | null;
  validUntil: number | null;
}

export const NO_TIER: TierState = { tier: null, since: null, validUntil: null };

/** A tier's rank: its index in `levels`, -1 for none (or for a code the terms no longer hold). */
export const rankOf = (terms: TierTerms, code: string | null): number =>
  code === null ? -1 : terms.levels.findIndex((l) => l.code === code);

export const levelByCode = (terms: TierTerms, code: string | null): TierLevel | null => terms.levels.find((l) => l.code === code) ?? null;

/** Activities of the given kinds. */
export const activityCount = (totals: QualifyingTotals, kinds: readonly ActivitySource[]): number =>
  kinds.reduce((sum, kind) => sum + (totals.activities[kind] ?? 0), 0);

/** How a level is reached by these totals: by points, by activities, or not at all. */
export function reachedBy(level: TierLevel, totals: QualifyingTotals): 'points' | 'activities' | null {
  if (totals.points >= level.points) return 'points';
  if (level.activities !== null && activityCount(totals, level.activityKinds) >= level.activities) return 'activities';
  return null;
}

/** The highest rank these totals reach within a period, -1 for none. */
export function qualifiedRank(terms: TierTerms, totals: QualifyingTotals): number {
  for (let i = terms.levels.length - 1; i >= 0; i--) if (reachedBy(terms.levels[i], totals)) return i;
  return -1;
}

export type TierChangeReason = 'threshold' | 'period_end';

export interface TierChange {
  from: string | null;
  to: string | null;
  reason: TierChangeReason;
  state: TierState;
}

/**
 * A credit within `period` brought the totals to `totals`: a threshold above the current tier is
 * crossed, and the new tier holds from `at` until the end of the next period. Never lower: a tier
 * only goes down at a period's end.
 */
export function tierOnCredit(
  terms: TierTerms,
  state: TierState,
  totals: QualifyingTotals,
  nextPeriodEnd: number,
  at: number,
): TierChange | null {
  const reached = qualifiedRank(terms, totals);
  if (reached < 0 || reached <= rankOf(terms, state.tier)) return null;
  const to = terms.levels[reached].code;
  return { from: state.tier, to, reason: 'threshold', state: { tier: to, since: at, validUntil: nextPeriodEnd } };
}

/**
 * The reassessment at the end of `period`, given what the participant qualified for within it:
 *  - a tier still held past this end (reached within the period, or after it) is kept, and extended
 *    if the period qualifies for it again;
 *  - otherwise the tier becomes the higher of what the period qualifies for and one below the
 *    current tier (down at most one tier a period), held until the end of the next period.
 * Answers the new state, and the change if the tier is another.
 */
export function reassessAtPeriodEnd(
  terms: TierTerms,
  state: TierState,
  totals: QualifyingTotals,
  period: Period,
  nextPeriodEnd: number,
): { state: TierState; change: TierChange | null } {
  const current = rankOf(terms, state.tier);
  const qualified = qualifiedRank(terms, totals);
  let rank: number;
  let validUntil: number | null;
  if (current >= 0 && state.validUntil !== null && state.validUntil > period.end) {
    rank = Math.max(current, qualified);
    validUntil = qualified >= rank ? Math.max(state.validUntil, nextPeriodEnd) : state.validUntil;
  } else {
    rank = Math.max(qualified, current - 1, -1);
    validUntil = rank >= 0 ? nextPeriodEnd : null;
  }
  const tier = rank >= 0 ? terms.levels[rank].code : null;
  if (tier === state.tier) return { state: { ...state, validUntil: tier === null ? null : validUntil }, change: null };
  const next: TierState = { tier, since: tier === null ? null : period.end, validUntil };
  return { state: next, change: { from: state.tier, to: tier, reason: 'period_end', state: next } };
}

// ---- benefits and progress ----------------------------------------------------------------------

/**
 * The accrual bonus of a tier on a credit of `amount`: whole points, rounded down (a bonus never
 * gives more than its percentage). Zero without a tier.
 */
export function tierBonus(terms: TierTerms, tier: string | null, amount: number): { percent: number; points: number } {
  const level = levelByCode(terms, tier);
  const percent = level?.bonusPercent ?? 0;
  return { percent, points: Math.floor((amount * percent) / 100) };
}

/** May a participant of `tier` have an item reserved for `minTier` and above? */
export const tierAllows = (terms: TierTerms, tier: string | null, minTier: string | null): boolean =>
  minTier === null || (rankOf(terms, minTier) >= 0 && rankOf(terms, tier) >= rankOf(terms, minTier));

export interface TierProgress {
  tier: string | null;
  since: number | null;
  validUntil: number | null;
  period: Period;
  qualifying: { points: number; activities: Partial<Record<CreditSource, number>> };
  /** the next tier up and what is left to reach it within this period; null at the top */
  next: {
    tier: string;
    points: number;
    pointsToGo: number;
    activities: number | null;
    activityKinds: ActivitySource[];
    activitiesToGo: number | null;
  } | null;
}

/** What the participant holds and what is left to the next tier ("1,250 to Gold, 3 activities to go, the period ends 31.12"). */
export function tierProgress(terms: TierTerms, state: TierState, totals: QualifyingTotals, period: Period): TierProgress {
  const above = Math.max(rankOf(terms, state.tier), qualifiedRank(terms, totals)) + 1;
  const level = terms.levels[above];
  return {
    tier: state.tier,
    since: state.since,
    validUntil: state.validUntil,
    period,
    qualifying: { points: totals.points, activities: totals.activities },
    next: level
      ? {
          tier: level.code,
          points: level.points,
          pointsToGo: Math.max(0, level.points - totals.points),
          activities: level.activities,
          activityKinds: level.activityKinds,
          activitiesToGo: level.activities === null ? null : Math.max(0, level.activities - activityCount(totals, level.activityKinds)),
        }
      : null,
  };
}

/**
 * The last day a tier holds, as people read it (DD.MM.YYYY): the day before `until`'s instant, in
 * the period's UTC offset ("until 01.01.2027 00:00 MSK" is "through 31.12.2026").
 */
export function lastDay(spec: TierPeriodSpec, until: number): string {
  const offsetMinutes = parsePeriodStart(spec.start)?.offsetMinutes ?? 0;
  const day = new Date(until - 1 + offsetMinutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(day.getUTCDate())}.${two(day.getUTCMonth() + 1)}.${day.getUTCFullYear()}`;
}
