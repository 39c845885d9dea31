/** A1: the status tiers' pure rules (rules/tiers.ts): the term, the periods, reaching, keeping and losing a tier, bonus and progress. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config.js';
import { TermsSettings } from '../../db/terms.js';
import {
  DEFAULT_TIER_TERMS,
  NO_TIER,
  TierTerms,
  lastDay,
  lastEndedPeriod,
  nextPeriod,
  periodAt,
  periodSpecProblem,
  periodsToReassess,
  qualifiedRank,
  reassessAtPeriodEnd,
  tierAllows,
  tierBonus,
  tierOnCredit,
  tierProgress,
  type QualifyingTotals,
  type TierPeriodSpec,
  type TierState,
} from '../../rules/tiers.js';
import { tierScheduleSpec } from '../../worker/tier-schedule.js';

const terms = DEFAULT_TIER_TERMS;
const year: TierPeriodSpec = { start: '2025-01-01T00:00:00+03:00', months: 12, ms: null };
const at = (iso: string) => Date.parse(iso);
const totals = (points: number, activities: QualifyingTotals['activities'] = {}): QualifyingTotals => ({ points, activities });
const env = { DATABASE_URL: 'postgres://x', TOKEN_SECRET: 'a-secret-of-enough-length' };

describe('the tier term', () => {
  it("A1: the defaults are the source's: Silver at 15,000 points or 20 activities, Gold at 40,000 or 40, Platinum at 70,000 or 40 tests", () => {
    expect(terms.levels.map((l) => [l.code, l.points, l.activities, l.activityKinds])).toEqual([
      ['silver', 15_000, 20, ['webinar', 'test']],
      ['gold', 40_000, 40, ['webinar', 'test']],
      ['platinum', 70_000, 40, ['test']],
    ]);
    expect(terms.qualifyingSources).not.toContain('welcome');
    expect(TierTerms.safeParse(terms).success).toBe(true);
    expect(loadConfig(env).program.tiers).toEqual(terms);
  });

  it('A1, R27: the tiers are a term: from the environment as JSON, changed by an admin whole, checked (order, unique codes, what qualifies)', () => {
    const scaled = { ...terms, levels: terms.levels.map((l) => ({ ...l, points: l.points / 100 })) };
    expect(loadConfig({ ...env, TIER_TERMS: JSON.stringify(scaled) }).program.tiers.levels[0].points).toBe(150);
    expect(() => loadConfig({ ...env, TIER_TERMS: '{not json' })).toThrow(/tiers/);
    expect(TermsSettings.safeParse({ tiers: scaled }).success).toBe(true);
    const problem = (t: unknown) => {
      const r = TermsSettings.safeParse({ tiers: t });
      return r.success ? null : r.error.issues[0].path.join('.');
    };
    expect(problem({ ...terms, levels: [terms.levels[1], terms.levels[0]] })).toBe('tiers.levels.1.points');
    expect(problem({ ...terms, levels: [terms.levels[0], { ...terms.levels[1], code: 'silver' }] })).toBe('tiers.levels.1.code');
    expect(problem({ ...terms, qualifyingSources: ['webinar', 'course'] })).toBe('tiers.levels.0.activityKinds');
    expect(problem({ ...terms, qualifyingSources: ['adjustment'] })).toBe('tiers.qualifyingSources.0');
    expect(problem({ ...terms, levels: [{ ...terms.levels[0], bonusPercent: 2.5 }] })).toBe('tiers.levels.0.bonusPercent');
  });
});

describe('qualification periods', () => {
  it('A1: the calendar year by default, in Moscow time; configurable in months or, for tests, milliseconds', () => {
    expect(loadConfig(env).tierPeriod).toEqual(year);
    const p = periodAt(year, at('2025-07-15T12:00:00Z'));
    expect(new Date(p.start).toISOString()).toBe('2024-12-31T21:00:00.000Z');
    expect(new Date(p.end).toISOString()).toBe('2025-12-31T21:00:00.000Z');
    expect(lastDay(year, p.end)).toBe('31.12.2025');
    // The first instant of a period belongs to it; the one before, to the previous period.
    expect(periodAt(year, p.end).start).toBe(p.end);
    expect(periodAt(year, p.end - 1).end).toBe(p.end);
    expect(nextPeriod(year, p)).toEqual(periodAt(year, p.end));
    expect(lastEndedPeriod(year, at('2026-03-01T00:00:00Z'))).toEqual(p);

    const quarters: TierPeriodSpec = { start: '2025-01-01T00:00:00+03:00', months: 3, ms: null };
    expect(new Date(periodAt(quarters, at('2025-05-20T00:00:00Z')).start).toISOString()).toBe('2025-03-31T21:00:00.000Z');
    const seconds: TierPeriodSpec = { start: '2025-01-01T00:00:00Z', months: null, ms: 5000 };
    expect(periodAt(seconds, at('2025-01-01T00:00:12Z'))).toEqual({ start: at('2025-01-01T00:00:10Z'), end: at('2025-01-01T00:00:15Z') });
    expect(loadConfig({ ...env, TIER_PERIOD_MS: '5000' }).tierPeriod).toEqual({ start: year.start, months: null, ms: 5000 });
    expect(() => loadConfig({ ...env, TIER_PERIOD_MONTHS: '5' })).toThrow(/months/);
    expect(periodSpecProblem({ ...year, start: '2025-01-31T00:00:00+03:00' })).toMatch(/day 1 to 28/);
    expect(periodSpecProblem({ ...seconds, ms: 1500 })).toMatch(/whole seconds/);
  });

  it('A1: every instant lies in exactly one period, and periods follow one another without gaps', () => {
    const specs = [
      year,
      { ...year, months: 1 },
      { ...year, months: 6, start: '2024-02-28T06:30:00-05:00' },
      { start: '2025-01-01T00:00:00Z', months: null, ms: 7000 },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...specs),
        fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }),
        (spec, t) => {
          const p = periodAt(spec, t);
          return p.start <= t && t < p.end && nextPeriod(spec, p).start === p.end && periodAt(spec, p.start - 1).end === p.start;
        },
      ),
      { numRuns: 500 },
    );
  });

  it('A1: a reassessment owes the periods ended since the last one, oldest first (more than one only if an end was missed)', () => {
    const p2025 = periodAt(year, at('2025-06-01T00:00:00Z'));
    const p2026 = nextPeriod(year, p2025);
    expect(periodsToReassess(year, p2025.start, p2025.end)).toEqual([p2025]);
    expect(periodsToReassess(year, p2025.start, p2026.end)).toEqual([p2025, p2026]);
    expect(periodsToReassess(year, p2025.end, p2025.end)).toEqual([]);
  });

  it("A1: the Schedule fires at every period's first instant: a calendar in the period's offset, or an interval", () => {
    expect(tierScheduleSpec(year)).toEqual({
      calendars: [{ month: ['JANUARY'], dayOfMonth: 1, hour: 0, minute: 0, second: 0, comment: 'A1: a qualification period ends' }],
      timezone: 'Etc/GMT-3',
    });
    expect(tierScheduleSpec({ ...year, months: 3 }).calendars?.[0].month).toEqual(['JANUARY', 'APRIL', 'JULY', 'OCTOBER']);
    expect(tierScheduleSpec({ start: '2025-01-01T00:00:03Z', months: null, ms: 5000 })).toEqual({
      intervals: [{ every: 5000, offset: 3000 }],
    });
  });
});

describe('reaching, keeping and losing a tier', () => {
  const p = periodAt(year, at('2025-06-01T00:00:00Z'));
  const next = nextPeriod(year, p);
  const gold: TierState = { tier: 'gold', since: at('2025-06-01T00:00:00Z'), validUntil: next.end };

  it('A1: a tier is reached the moment a threshold is crossed, by points or by activities, and holds to the end of the next period', () => {
    expect(tierOnCredit(terms, NO_TIER, totals(14_999), next.end, 1)).toBeNull();
    expect(tierOnCredit(terms, NO_TIER, totals(15_000), next.end, 1)).toEqual({
      from: null,
      to: 'silver',
      reason: 'threshold',
      state: { tier: 'silver', since: 1, validUntil: next.end },
    });
    expect(tierOnCredit(terms, NO_TIER, totals(100, { webinar: 25, test: 15 }), next.end, 1)?.to).toBe('gold');
    // Platinum by activities needs 40 of the premium kind: 40 webinars are Gold, not Platinum.
    expect(qualifiedRank(terms, totals(0, { webinar: 40 }))).toBe(1);
    expect(qualifiedRank(terms, totals(0, { test: 40 }))).toBe(2);
    // Courses count as qualifying points by default, not as activities.
    expect(qualifiedRank(terms, totals(0, { course: 50 }))).toBe(-1);
    // Never lower mid-period, and the same tier again is no change.
    expect(tierOnCredit(terms, gold, totals(15_000), next.end, 1)).toBeNull();
    expect(tierOnCredit(terms, gold, totals(40_000), next.end, 1)).toBeNull();
    expect(tierOnCredit(terms, gold, totals(70_000), next.end, 1)?.to).toBe('platinum');
  });

  it('A1: at the end of the period it was reached in, a tier is kept through the next period', () => {
    const r = reassessAtPeriodEnd(terms, gold, totals(40_000), p, nextPeriod(year, next).end);
    expect(r.change).toBeNull();
    expect(r.state.tier).toBe('gold');
    // Requalified within the period: it now holds through the period after the next.
    expect(r.state.validUntil).toBe(nextPeriod(year, next).end);
    // Reached in this period, but the period's points were reversed below it: still held through the next.
    expect(reassessAtPeriodEnd(terms, gold, totals(100), p, nextPeriod(year, next).end)).toEqual({ state: gold, change: null });
  });

  it('A1: at the end of a period a tier not requalified goes down one tier, never more, until none', () => {
    const afterNext = nextPeriod(year, next);
    const platinum: TierState = { tier: 'platinum', since: 1, validUntil: next.end };
    const down = reassessAtPeriodEnd(terms, platinum, totals(0), next, afterNext.end);
    expect(down.change).toEqual({
      from: 'platinum',
      to: 'gold',
      reason: 'period_end',
      state: { tier: 'gold', since: next.end, validUntil: afterNext.end },
    });
    const again = reassessAtPeriodEnd(terms, down.state, totals(0), afterNext, nextPeriod(year, afterNext).end);
    expect(again.change?.to).toBe('silver');
    // What the period qualifies for counts: a tier above the one-down step holds.
    expect(reassessAtPeriodEnd(terms, platinum, totals(45_000), next, afterNext.end).change?.to).toBe('gold');
    expect(reassessAtPeriodEnd(terms, platinum, totals(70_000), next, afterNext.end)).toMatchObject({
      change: null,
      state: { tier: 'platinum', validUntil: afterNext.end },
    });
    const silver: TierState = { tier: 'silver', since: 1, validUntil: next.end };
    expect(reassessAtPeriodEnd(terms, silver, totals(0), next, afterNext.end).change).toMatchObject({ from: 'silver', to: null });
    // Nobody without a tier and without qualifying points changes.
    expect(reassessAtPeriodEnd(terms, NO_TIER, totals(0), next, afterNext.end)).toEqual({ state: NO_TIER, change: null });
  });

  it('A1: whatever a period brings, a reassessment lowers a tier by at most one and never below what the period qualifies for', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 2 }), fc.integer({ min: 0, max: 80_000 }), fc.boolean(), (rank, points, expiring) => {
        const state: TierState = rank < 0 ? NO_TIER : { tier: terms.levels[rank].code, since: 1, validUntil: expiring ? p.end : next.end };
        const r = reassessAtPeriodEnd(terms, state, totals(points), p, next.end);
        const after = r.state.tier === null ? -1 : terms.levels.findIndex((l) => l.code === r.state.tier);
        return after >= rank - 1 && after >= qualifiedRank(terms, totals(points)) && (after === -1) === (r.state.validUntil === null);
      }),
      { numRuns: 500 },
    );
  });
});

describe('benefits and progress', () => {
  it("A1: the accrual bonus is the tier's percentage, rounded down; none without a tier", () => {
    expect(tierBonus(terms, 'gold', 55)).toEqual({ percent: 20, points: 11 });
    expect(tierBonus(terms, 'silver', 55)).toEqual({ percent: 10, points: 5 });
    expect(tierBonus(terms, null, 55)).toEqual({ percent: 0, points: 0 });
    expect(tierBonus(terms, 'retired', 55).points).toBe(0);
  });

  it('A1: a tier-only item is for that tier and above', () => {
    expect(tierAllows(terms, null, null)).toBe(true);
    expect(tierAllows(terms, null, 'gold')).toBe(false);
    expect(tierAllows(terms, 'silver', 'gold')).toBe(false);
    expect(tierAllows(terms, 'gold', 'gold')).toBe(true);
    expect(tierAllows(terms, 'platinum', 'gold')).toBe(true);
    expect(tierAllows(terms, 'platinum', 'retired')).toBe(false);
  });

  it('A1: progress says what is left to the next tier: points, or activities of its kinds, and when the period ends', () => {
    const p = periodAt(year, at('2025-06-01T00:00:00Z'));
    const silver: TierState = { tier: 'silver', since: 1, validUntil: nextPeriod(year, p).end };
    const progress = tierProgress(terms, silver, totals(38_750, { webinar: 30, test: 7, course: 2 }), p);
    expect(progress.next).toEqual({
      tier: 'gold',
      points: 40_000,
      pointsToGo: 1_250,
      activities: 40,
      activityKinds: ['webinar', 'test'],
      activitiesToGo: 3,
    });
    expect(progress.period).toEqual(p);
    expect(tierProgress(terms, { ...silver, tier: 'platinum' }, totals(0), p).next).toBeNull();
    expect(tierProgress(terms, NO_TIER, totals(0), p).next?.tier).toBe('silver');
  });
});
