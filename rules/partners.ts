/**
 * A2: earning from partners (hotel chains, insurers, the e-learning platform), as pure rules. A
 * partner's earning rule turns one of its transactions into points: so many points per 100 roubles
 * spent (rounded down: a fraction of a point is never credited, and the partner pays for whole
 * points), or a fixed number of points per kind of transaction. A row the partner posts is judged
 * here: its participant must be known and active, its date not before the participant's
 * registration (R8) nor in the future, and it must earn at least one point.
 *
 * No I/O, no clock: instants come in as epoch milliseconds. The partners and their accruals live in
 * db/partners.ts; the pending period's timer is workflows/partner-crediting.ts.
 */
import { z } from 'zod';

/** The most rows one bulk call may carry (A2). */
export const PARTNER_BULK_MAX_ROWS = 10_000;

/** The longest pending period an admin may set, and the dearest point: bounds, not program terms. */
export const MAX_PENDING_PERIOD_MS = 365 * 24 * 3600_000;
export const MAX_PRICE_PER_POINT_KOPECKS = 1_000_000;

/** At most this many roubles per transaction (a hundred million): keeps the arithmetic exact. */
export const MAX_AMOUNT_KOPECKS = 100_000_000_00;

/** The most points one accrual may earn (an int4 column, with room for the tier bonus). */
export const MAX_ACCRUAL_POINTS = 1_000_000_000;

/** A partner's own transaction id: what it names the accrual by, in paths too. */
export const TRANSACTION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** A transaction kind's code (`stay`, `policy`, `course`). */
export const KIND_CODE = /^[a-z][a-z0-9_]{0,31}$/;

// ---- the earning rule ------------------------------------------------------------------------------

/** Whether `value` has at most two decimals (roubles and kopecks; points per 100 roubles). */
const hundredths = (value: number) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6;

export const EarningRule = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({
        type: z.literal('per_100_roubles'),
        /** points per 100 roubles of the transaction's amount; up to two decimals (1.5 points per 100 ₽) */
        points: z
          .number('must be a number')
          .min(0.01, 'must be at least 0.01')
          .max(1000, 'must be at most 1000')
          .refine(hundredths, 'must have at most two decimals'),
      }),
      z.strictObject({
        type: z.literal('per_kind'),
        /** a fixed number of points per kind of transaction: `{ "stay": 500, "late_checkout": 100 }` */
        kinds: z
          .record(
            z.string().regex(KIND_CODE, 'each kind must be 1 to 32 lower-case letters, digits or underscores, starting with a letter'),
            z
              .number('must be a number')
              .int('must be a whole number')
              .min(1, 'must be at least 1')
              .max(1_000_000, 'must be at most 1000000'),
          )
          .refine((kinds) => Object.keys(kinds).length >= 1, 'must name at least one kind')
          .refine((kinds) => Object.keys(kinds).length <= 50, 'must name at most 50 kinds'),
      }),
    ],
    { error: 'must be {"type":"per_100_roubles","points":…} or {"type":"per_kind","kinds":{…}}' },
  )
  .meta({
    id: 'PartnerEarningRule',
    description:
      'A2: points per 100 roubles of the amount (rounded down to whole points), or a fixed number of points per kind of transaction.',
    example: { type: 'per_100_roubles', points: 2 },
  });
export type EarningRule = z.infer<typeof EarningRule>;

/** What a transaction earns under `rule`: whole points, or why none. */
export type Earning =
  | { ok: true; points: number }
  | { ok: false; reason: 'amount_required' | 'kind_required' | 'kind_unknown' | 'earns_nothing'; field: string };

export function earnedPoints(rule: EarningRule, t: { amountKopecks: number | null; kind: string | null }): Earning {
  let points: number;
  if (rule.type === 'per_100_roubles') {
    if (t.amountKopecks === null) return { ok: false, reason: 'amount_required', field: 'amount' };
    // kopecks × (points per 100 ₽ in hundredths) / (100 ₽ in kopecks × 100): exact in doubles within the bounds above.
    points = Math.floor((t.amountKopecks * Math.round(rule.points * 100)) / 1_000_000);
  } else {
    if (t.kind === null) return { ok: false, reason: 'kind_required', field: 'kind' };
    if (!Object.hasOwn(rule.kinds, t.kind)) return { ok: false, reason: 'kind_unknown', field: 'kind' };
    points = rule.kinds[t.kind];
  }
  if (points < 1) return { ok: false, reason: 'earns_nothing', field: rule.type === 'per_100_roubles' ? 'amount' : 'kind' };
  return { ok: true, points: Math.min(points, MAX_ACCRUAL_POINTS) };
}

// ---- a row's values --------------------------------------------------------------------------------

/**
 * An amount in roubles, as a JSON number or a decimal string ("12500.50"): kopecks, or null when it
 * is not a positive amount with at most two decimals within MAX_AMOUNT_KOPECKS.
 */
export function parseRoubles(value: unknown): number | null {
  let roubles: number;
  if (typeof value === 'number') roubles = value;
  else if (typeof value === 'string' && /^\d{1,12}(\.\d{1,2})?$/.test(value.trim())) roubles = Number(value.trim());
  else return null;
  if (!Number.isFinite(roubles) || roubles <= 0 || !hundredths(roubles)) return null;
  const kopecks = Math.round(roubles * 100);
  return kopecks <= MAX_AMOUNT_KOPECKS ? kopecks : null;
}

/** Kopecks as roubles with two decimals ("12500.50"), as statements and answers show money. */
export const roublesText = (kopecks: number): string =>
  `${kopecks < 0 ? '-' : ''}${Math.trunc(Math.abs(kopecks) / 100)}.${String(Math.abs(kopecks) % 100).padStart(2, '0')}`;

/** A transaction's date: an instant with its offset, or a calendar date (a day, in UTC). */
export interface TransactionDate {
  /** the instant; a calendar date's first instant (UTC) */
  at: number;
  dateOnly: boolean;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `2026-11-20` or `2026-11-20T14:30:00+03:00`; null for anything else (an instant must carry its offset). */
export function parseTransactionDate(value: string): TransactionDate | null {
  const day = CALENDAR_DATE.exec(value);
  if (day) {
    const at = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    // Date.UTC rolls 2026-02-31 over into March: a date that does not exist is refused.
    return new Date(at).toISOString().slice(0, 10) === value ? { at, dateOnly: true } : null;
  }
  if (!INSTANT.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : { at, dateOnly: false };
}

const DAY_MS = 24 * 3600_000;

/**
 * R8: a transaction before the participant's registration earns nothing. A calendar date counts as
 * the whole day (UTC): a transaction on the day of the registration is not refused for want of its hour.
 */
export function beforeRegistration(date: TransactionDate, registeredAt: number): boolean {
  return date.dateOnly ? date.at + DAY_MS <= registeredAt : date.at < registeredAt;
}

/** A date in the future has not happened (a calendar date's first instant: today's is past). */
export const inFuture = (date: TransactionDate, now: number): boolean => date.at > now;

// ---- judging a row ---------------------------------------------------------------------------------

/** Why a row of a partner's call is refused (the answer's `reason`, stable codes). */
export const REFUSAL_REASONS = [
  'invalid',
  'transaction_repeated',
  'participant_unknown',
  'date_before_registration',
  'date_in_future',
  'amount_required',
  'kind_required',
  'kind_unknown',
  'earns_nothing',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const REFUSAL_MESSAGES: Record<RefusalReason, string> = {
  invalid: 'a field is missing or malformed',
  transaction_repeated: 'this transaction id appears earlier in the same call',
  participant_unknown: 'no active participant has this member number or email',
  date_before_registration: "R8: the transaction is dated before the participant's registration",
  date_in_future: 'the transaction is dated in the future',
  amount_required: "the partner's rule earns points per 100 roubles: the amount is required",
  kind_required: "the partner's rule earns points per kind of transaction: the kind is required",
  kind_unknown: "the partner's rule has no such kind of transaction",
  earns_nothing: 'the transaction earns less than one point',
};

/** A row already checked for its shape: what the rule and R8 judge. */
export interface AccrualFacts {
  date: TransactionDate;
  amountKopecks: number | null;
  kind: string | null;
}

export type Judgement = { ok: true; points: number } | { ok: false; reason: RefusalReason; field: string };

/**
 * One row of a partner's call: the participant it names (null when none is known), the partner's
 * rule, and the instant it is judged at.
 */
export function judgeAccrual(
  facts: AccrualFacts,
  participant: { status: string; registeredAt: number } | null,
  rule: EarningRule,
  now: number,
): Judgement {
  if (!participant || participant.status !== 'active') return { ok: false, reason: 'participant_unknown', field: 'participant' };
  if (inFuture(facts.date, now)) return { ok: false, reason: 'date_in_future', field: 'date' };
  if (beforeRegistration(facts.date, participant.registeredAt)) return { ok: false, reason: 'date_before_registration', field: 'date' };
  const earned = earnedPoints(rule, facts);
  return earned.ok ? earned : { ok: false, reason: earned.reason, field: earned.field };
}

// ---- the pending period, the ledger key, the statement ------------------------------------------

/**
 * Pending accruals of a partner that fall due within one granule (a hundredth of its pending period,
 * at least a millisecond) share one timer (workflows/partner-crediting.ts): the instant is rounded
 * up to the granule, so an accrual is never credited before its pending period has passed, and a
 * partner posting one accrual at a time does not start one timer per accrual.
 */
export const PENDING_TIMER_GRANULES = 100;

export function creditDueAt(postedAt: number, pendingMs: number): number {
  const granule = Math.max(1, Math.floor(pendingMs / PENDING_TIMER_GRANULES));
  return Math.ceil((postedAt + pendingMs) / granule) * granule;
}

/**
 * The ledger key of a partner's transaction: its accrual's credit and an approved claim for it
 * (A4) share it, so the points are credited once (R12's rule, for partners).
 */
export const partnerCreditKey = (partnerId: string, transactionId: string) => `partner:${partnerId}:${transactionId}`;

/** A statement's month, `YYYY-MM`: its first instant and the next month's (UTC, as the ledger's other reports). */
export function monthRange(month: string): { from: number; to: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  if (index < 0 || index > 11 || year < 2000) return null;
  return { from: Date.UTC(year, index, 1), to: Date.UTC(year, index + 1, 1) };
}

export interface StatementTotals {
  accruals: number;
  accruedPoints: number;
  reversals: number;
  reversedPoints: number;
  /** points accrued less points taken back by reversals within the month */
  netPoints: number;
  /** what the partner owes for the month: the net points at its price per point (may be negative: a credit note) */
  owedKopecks: number;
}

/**
 * A2: what a partner owes for a month: the points credited for its transactions (claims included),
 * less what its reversals took back from participants (a reversal returns only what the lot still
 * held: points a participant had already spent stay paid for), at its price per point.
 */
export function statementTotals(
  accrued: ReadonlyArray<{ points: number }>,
  reversed: ReadonlyArray<{ reversedPoints: number }>,
  pricePerPointKopecks: number,
): StatementTotals {
  const accruedPoints = accrued.reduce((s, a) => s + a.points, 0);
  const reversedPoints = reversed.reduce((s, r) => s + r.reversedPoints, 0);
  const netPoints = accruedPoints - reversedPoints;
  return {
    accruals: accrued.length,
    accruedPoints,
    reversals: reversed.length,
    reversedPoints,
    netPoints,
    owedKopecks: netPoints * pricePerPointKopecks,
  };
}
