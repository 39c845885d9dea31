/** A2: the partners' pure rules (rules/partners.ts): earning rules, a row's values, R8, the pending timer, the statement. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EarningRule,
  beforeRegistration,
  creditDueAt,
  earnedPoints,
  judgeAccrual,
  monthRange,
  parseRoubles,
  parseTransactionDate,
  partnerCreditKey,
  roublesText,
  statementTotals,
  type AccrualFacts,
} from '../../rules/partners.js';

const perHundred = (points: number): EarningRule => ({ type: 'per_100_roubles', points });
const perKind: EarningRule = { type: 'per_kind', kinds: { stay: 500, late_checkout: 100 } };
const at = (iso: string) => Date.parse(iso);

describe('A2: earning rules', () => {
  it('A2: points per 100 roubles are rounded down to whole points, never up', () => {
    expect(earnedPoints(perHundred(2), { amountKopecks: 12_500_00, kind: null })).toEqual({ ok: true, points: 250 });
    expect(earnedPoints(perHundred(2), { amountKopecks: 12_549_99, kind: null })).toEqual({ ok: true, points: 250 });
    expect(earnedPoints(perHundred(1.5), { amountKopecks: 1_000_00, kind: null })).toEqual({ ok: true, points: 15 });
    expect(earnedPoints(perHundred(1), { amountKopecks: 199_99, kind: null })).toEqual({ ok: true, points: 1 });
    expect(earnedPoints(perHundred(1), { amountKopecks: 99_99, kind: null })).toEqual({
      ok: false,
      reason: 'earns_nothing',
      field: 'amount',
    });
    expect(earnedPoints(perHundred(1), { amountKopecks: null, kind: 'stay' })).toMatchObject({ ok: false, reason: 'amount_required' });
  });

  it('A2: rounding down is exact: never more than the amount × rate, never a whole point less', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), fc.integer({ min: 1, max: 100_000 }), (kopecks, rateHundredths) => {
        const earned = earnedPoints(perHundred(rateHundredths / 100), { amountKopecks: kopecks, kind: null });
        const exact = (BigInt(kopecks) * BigInt(rateHundredths)) / 1_000_000n;
        if (exact === 0n) expect(earned.ok).toBe(false);
        else expect(earned).toEqual({ ok: true, points: Math.min(Number(exact), 1_000_000_000) });
      }),
    );
  });

  it('A2: a fixed amount per kind of transaction; an unknown or missing kind earns nothing', () => {
    expect(earnedPoints(perKind, { amountKopecks: null, kind: 'stay' })).toEqual({ ok: true, points: 500 });
    expect(earnedPoints(perKind, { amountKopecks: 5_000_00, kind: 'late_checkout' })).toEqual({ ok: true, points: 100 });
    expect(earnedPoints(perKind, { amountKopecks: 5_000_00, kind: 'spa' })).toEqual({ ok: false, reason: 'kind_unknown', field: 'kind' });
    expect(earnedPoints(perKind, { amountKopecks: 5_000_00, kind: null })).toEqual({ ok: false, reason: 'kind_required', field: 'kind' });
    // An inherited property is no kind.
    expect(earnedPoints(perKind, { amountKopecks: null, kind: 'constructor' })).toMatchObject({ ok: false, reason: 'kind_unknown' });
  });

  it('A2: the earning rule is checked: a rate with two decimals at most, kinds with codes and whole points', () => {
    expect(EarningRule.safeParse({ type: 'per_100_roubles', points: 1.25 }).success).toBe(true);
    expect(EarningRule.safeParse({ type: 'per_100_roubles', points: 1.255 }).success).toBe(false);
    expect(EarningRule.safeParse({ type: 'per_100_roubles', points: 0 }).success).toBe(false);
    expect(EarningRule.safeParse({ type: 'per_kind', kinds: {} }).success).toBe(false);
    expect(EarningRule.safeParse({ type: 'per_kind', kinds: { Stay: 10 } }).success).toBe(false);
    expect(EarningRule.safeParse({ type: 'per_kind', kinds: { stay: 1.5 } }).success).toBe(false);
    expect(EarningRule.safeParse({ type: 'per_kind', kinds: { stay: 10 }, points: 1 }).success).toBe(false);
    expect(EarningRule.safeParse({ type: 'cashback', points: 1 }).success).toBe(false);
  });
});

describe("A2: a row's values", () => {
  it('A2: amounts in roubles, as numbers or decimal strings, positive, kopecks at most', () => {
    expect(parseRoubles(12500)).toBe(12_500_00);
    expect(parseRoubles(12500.5)).toBe(12_500_50);
    expect(parseRoubles('12500.50')).toBe(12_500_50);
    expect(parseRoubles(0.1 + 0.2)).toBe(30);
    for (const bad of [0, -1, 1.005, '1,50', '1e3', '', ' ', null, Number.NaN, Number.POSITIVE_INFINITY, 1e15, {}, '12.345']) {
      expect(parseRoubles(bad), String(bad)).toBeNull();
    }
    expect(roublesText(12_500_50)).toBe('12500.50');
    expect(roublesText(-5)).toBe('-0.05');
  });

  it('A2: a date is a calendar day or an instant with its offset; impossible dates are refused', () => {
    expect(parseTransactionDate('2026-11-20')).toEqual({ at: at('2026-11-20T00:00:00Z'), dateOnly: true });
    expect(parseTransactionDate('2026-11-20T14:30:00+03:00')).toEqual({ at: at('2026-11-20T11:30:00Z'), dateOnly: false });
    for (const bad of ['2026-02-30', '2026-13-01', '2026-11-20T14:30:00', '20.11.2026', 'yesterday', '2026-11-20 14:30Z']) {
      expect(parseTransactionDate(bad), bad).toBeNull();
    }
  });

  it('R8: a transaction before the registration earns nothing; on the day of the registration a calendar date counts', () => {
    const registered = at('2026-11-20T12:00:00Z');
    expect(beforeRegistration(parseTransactionDate('2026-11-20')!, registered)).toBe(false);
    expect(beforeRegistration(parseTransactionDate('2026-11-19')!, registered)).toBe(true);
    expect(beforeRegistration(parseTransactionDate('2026-11-20T11:59:59Z')!, registered)).toBe(true);
    expect(beforeRegistration(parseTransactionDate('2026-11-20T12:00:00Z')!, registered)).toBe(false);
  });

  it('A2: a row is judged: participant first, then its date (future, R8), then what it earns', () => {
    const now = at('2026-12-01T00:00:00Z');
    const facts = (date: string, amountKopecks: number | null = 1_000_00): AccrualFacts => ({
      date: parseTransactionDate(date)!,
      amountKopecks,
      kind: null,
    });
    const active = { status: 'active', registeredAt: at('2026-11-01T00:00:00Z') };
    expect(judgeAccrual(facts('2026-11-15'), active, perHundred(1), now)).toEqual({ ok: true, points: 10 });
    expect(judgeAccrual(facts('2026-11-15'), null, perHundred(1), now)).toMatchObject({
      reason: 'participant_unknown',
      field: 'participant',
    });
    expect(judgeAccrual(facts('2026-11-15'), { ...active, status: 'closed' }, perHundred(1), now)).toMatchObject({
      reason: 'participant_unknown',
    });
    expect(judgeAccrual(facts('2026-10-31'), active, perHundred(1), now)).toMatchObject({
      reason: 'date_before_registration',
      field: 'date',
    });
    expect(judgeAccrual(facts('2026-12-02'), active, perHundred(1), now)).toMatchObject({ reason: 'date_in_future', field: 'date' });
    expect(judgeAccrual(facts('2026-11-15', 50_00), active, perHundred(1), now)).toMatchObject({
      reason: 'earns_nothing',
      field: 'amount',
    });
  });
});

describe('A2: pending period, key, statement', () => {
  it('A2: an accrual falls due no sooner than its pending period, and those posted within a granule share the instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
        fc.integer({ min: 0, max: 365 * 86_400_000 }),
        (posted, pending) => {
          const due = creditDueAt(posted, pending);
          expect(due).toBeGreaterThanOrEqual(posted + pending);
          expect(due - (posted + pending)).toBeLessThan(Math.max(1, Math.floor(pending / 100)));
        },
      ),
    );
    const day = 86_400_000;
    expect(creditDueAt(1_000, 30 * day)).toBe(creditDueAt(2_000, 30 * day));
  });

  it('A2: a transaction has one ledger key, whoever credits it', () => {
    expect(partnerCreditKey('p1', 'T-1')).toBe('partner:p1:T-1');
  });

  it('A2: months of a statement, and what the partner owes: points accrued less points its reversals took back, at its price', () => {
    expect(monthRange('2026-11')).toEqual({ from: at('2026-11-01T00:00:00Z'), to: at('2026-12-01T00:00:00Z') });
    expect(monthRange('2026-12')).toEqual({ from: at('2026-12-01T00:00:00Z'), to: at('2027-01-01T00:00:00Z') });
    for (const bad of ['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01']) expect(monthRange(bad), bad).toBeNull();
    expect(statementTotals([{ points: 100 }, { points: 250 }], [{ reversedPoints: 40 }], 35)).toEqual({
      accruals: 2,
      accruedPoints: 350,
      reversals: 1,
      reversedPoints: 40,
      netPoints: 310,
      owedKopecks: 10_850,
    });
  });
});
