/**
 * The points ledger (R12, R18–R20): the one place that writes ledger entries, lots, holds and lot
 * movements. Every function runs inside the caller's transaction; those that debit a participant
 * lock the participant's row first, so concurrent debits of one participant queue up and cannot
 * overspend. Every entry carries an idempotency key: a repeated call changes nothing twice.
 */
import { benchId } from './bench-ids.js';
import { afterCommit, prepared, type Db } from './pool.js';
import { countLedgerEntries } from '../infra/metrics.js';
import { takeOldestFirst, type Take } from '../rules/lots.js';
import { Where, listPage, type ListQuery } from './list-query.js';

/** Where points came from, or went: a ledger entry's `source_type`. */
export const SOURCE_TYPES = [
  'welcome',
  'webinar',
  'test',
  'course',
  'adjustment',
  'reversal',
  'order',
  'expiry',
  'leaving',
  'tier_bonus',
  'donation',
  'partner',
] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export interface Credit {
  participantId: string;
  amount: number;
  sourceType: SourceType;
  sourceId: string;
  key: string;
  claimId?: string | null;
  reason?: string | null;
  createdBy?: string | null;
}

/** R12: an event's points for a participant, from the window or a claim, share this key: once. */
export const eventCreditKey = (eventId: string, participantId: string) => `event:${eventId}:${participantId}`;

export class InsufficientPoints extends Error {
  constructor(
    readonly available: number,
    readonly wanted: number,
  ) {
    super(`The participant holds ${available} points; ${wanted} are needed`);
  }
}

/**
 * A1: which credits also count as qualifying points, and in which qualification period. Qualifying
 * points are kept apart from the lots: spending, holds and expiry never lower them; a reversal does.
 */
export interface Qualifying {
  /** the start of the qualification period the credits fall in */
  periodStart: Date;
  /** the sources whose credits qualify (a term, rules/tiers.ts) */
  sources: readonly string[];
}

/** A credit that was new (its key not seen before). */
export interface PostedCredit {
  id: number;
  participantId: string;
  amount: number;
  sourceType: SourceType;
  key: string;
}

/**
 * Credits, each a new lot that expires `lotLifetimeMs` after its accrual (R20). A key seen before
 * credits nothing (R12). Answers how many credits were new.
 */
export async function postCredits(db: Db, credits: Credit[], lotLifetimeMs: number, qualifying?: Qualifying): Promise<number> {
  return (await postCreditsReturning(db, credits, lotLifetimeMs, qualifying)).length;
}

/**
 * The same, answering the credits that were new. With `qualifying`, each new credit whose source
 * qualifies is also a qualifying entry of the period (A1), in the same statement: once, like it.
 */
export async function postCreditsReturning(
  db: Db,
  credits: Credit[],
  lotLifetimeMs: number,
  qualifying?: Qualifying,
): Promise<PostedCredit[]> {
  if (credits.length === 0) return [];
  const col = <T>(f: (c: Credit) => T) => credits.map(f);
  const { rows } = await db.query<{ id: number; participant_id: string; amount: number; source_type: SourceType; idempotency_key: string }>(
    `WITH entries AS (
       INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key, claim_id, reason, created_by)
       SELECT p, a, 'credit', t, s, k, c, r, b
         FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[]) AS x(p, a, t, s, k, c, r, b)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, participant_id, amount, created_at, source_type, idempotency_key),
     new_lots AS (
       INSERT INTO lots (participant_id, entry_id, amount, remaining, accrued_at, expires_at)
       SELECT participant_id, id, amount, amount, created_at, created_at + $9::bigint * interval '1 millisecond' FROM entries),
     qualified AS (
       INSERT INTO qualifying_entries (participant_id, entry_id, period_start, source_type, points, activities)
       SELECT participant_id, id, $10::timestamptz, source_type, amount, 1 FROM entries WHERE source_type = ANY($11::text[])),
     balanced AS (
       INSERT INTO balances AS b (participant_id, available)
       SELECT participant_id, sum(amount) FROM entries GROUP BY participant_id ORDER BY participant_id
       ON CONFLICT (participant_id) DO UPDATE SET available = b.available + excluded.available, updated_at = now())
     SELECT id, participant_id, amount, source_type, idempotency_key FROM entries ORDER BY id`,
    [
      col((c) => c.participantId),
      col((c) => c.amount),
      col((c) => c.sourceType),
      col((c) => c.sourceId),
      col((c) => c.key),
      col((c) => c.claimId ?? null),
      col((c) => c.reason ?? null),
      col((c) => c.createdBy ?? null),
      lotLifetimeMs,
      qualifying?.periodStart ?? null,
      qualifying ? [...qualifying.sources] : [],
    ],
  );
  const posted = rows.map((r) => ({
    id: Number(r.id),
    participantId: r.participant_id,
    amount: Number(r.amount),
    sourceType: r.source_type,
    key: r.idempotency_key,
  }));
  afterCommit(db, () =>
    countLedgerEntries(
      'credit',
      posted.map((p) => ({ source: p.sourceType, points: p.amount })),
    ),
  );
  return posted;
}

/**
 * The stored balance (table `balances`) moves with the lots and holds it sums, in the caller's
 * transaction: `available` by the points the lots gained (negative: lost), `held` by the points held.
 * A debit always finds the row its credits created.
 */
async function moveBalance(db: Db, participantId: string, available: number, held = 0): Promise<void> {
  await db.query('UPDATE balances SET available = available + $2, held = held + $3, updated_at = now() WHERE participant_id = $1', [
    participantId,
    available,
    held,
  ]);
}

/**
 * The participant's row lock: every debit of one participant happens one after the other. NO KEY
 * UPDATE, not UPDATE: it must not stop the foreign-key checks of a crediting or expiry batch that
 * writes entries of the same participant (KEY SHARE), or a debit waiting for that batch's stored
 * balance and the batch waiting for the debit's participant row would deadlock.
 */
async function lockParticipant(db: Db, participantId: string): Promise<void> {
  await db.query('SELECT 1 FROM participants WHERE id = $1 FOR NO KEY UPDATE', [participantId]);
}

/**
 * Takes `amount` from the oldest spendable lots (R20) or throws InsufficientPoints. The lots are
 * locked (the expiry sweep skips locked lots and takes them on its next pass), and a lot whose
 * instant has passed by the wall clock is not spendable, even in a transaction that began before.
 */
async function takeFromLots(db: Db, participantId: string, amount: number): Promise<Take[]> {
  const { rows } = await db.query<{ id: number; remaining: number }>(
    `SELECT id, remaining FROM lots
      WHERE participant_id = $1 AND remaining > 0 AND expires_at > clock_timestamp()
      ORDER BY accrued_at, id
      FOR UPDATE`,
    [participantId],
  );
  const takes = takeOldestFirst(rows, amount);
  if (!takes)
    throw new InsufficientPoints(
      rows.reduce((s, l) => s + l.remaining, 0),
      amount,
    );
  await db.query(
    `UPDATE lots SET remaining = remaining - t.amount FROM unnest($1::bigint[], $2::bigint[]) AS t(lot_id, amount) WHERE lots.id = t.lot_id`,
    [takes.map((t) => t.lotId), takes.map((t) => t.amount)],
  );
  return takes;
}

async function recordMovements(db: Db, takes: Take[], ref: { entryId?: number; holdId?: string }): Promise<void> {
  await db.query(
    `INSERT INTO lot_movements (lot_id, entry_id, hold_id, amount) SELECT lot_id, $3, $4, amount FROM unnest($1::bigint[], $2::bigint[]) AS t(lot_id, amount)`,
    [takes.map((t) => t.lotId), takes.map((t) => t.amount), ref.entryId ?? null, ref.holdId ?? null],
  );
}

async function insertDebit(
  db: Db,
  d: {
    participantId: string;
    amount: number;
    kind: 'spend' | 'expire' | 'annul';
    sourceType: SourceType;
    sourceId: string;
    key: string;
    reason?: string | null;
    createdBy?: string | null;
  },
): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key, reason, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [d.participantId, -d.amount, d.kind, d.sourceType, d.sourceId, d.key, d.reason ?? null, d.createdBy ?? null],
  );
  if (rows[0]) afterCommit(db, () => countLedgerEntries(d.kind, [{ source: d.sourceType, points: d.amount }]));
  return rows[0]?.id ?? null;
}

const entryExists = async (db: Db, key: string) =>
  ((await db.query('SELECT 1 FROM ledger_entries WHERE idempotency_key = $1', [key])).rowCount ?? 0) > 0;

/** A negative adjustment by support: annulled from the oldest lots first. */
export async function postDebit(
  db: Db,
  d: { participantId: string; amount: number; sourceType: 'adjustment'; sourceId: string; key: string; reason: string; createdBy: string },
): Promise<boolean> {
  await lockParticipant(db, d.participantId);
  if (await entryExists(db, d.key)) return false;
  const takes = await takeFromLots(db, d.participantId, d.amount);
  await moveBalance(db, d.participantId, -d.amount);
  const entryId = await insertDebit(db, { ...d, kind: 'annul' });
  await recordMovements(db, takes, { entryId: entryId! });
  return true;
}

/**
 * Support reverses a credit (a mistake): what the credit's own lot still holds is annulled, once.
 * A credit partly spent or expired cannot be reversed in full: answers the points it still holds.
 */
export async function reverseCredit(
  db: Db,
  r: { entryId: number; reason: string; createdBy: string },
): Promise<{ reversed: boolean; remaining: number; amount: number }> {
  const { rows } = await db.query<{ participant_id: string; lot_id: number; amount: number; remaining: number }>(
    `SELECT e.participant_id, l.id AS lot_id, l.amount, l.remaining FROM ledger_entries e JOIN lots l ON l.entry_id = e.id WHERE e.id = $1`,
    [r.entryId],
  );
  const credit = rows[0];
  if (!credit) return { reversed: false, remaining: 0, amount: 0 };
  await lockParticipant(db, credit.participant_id);
  const key = `reversal:${r.entryId}`;
  const {
    rows: [lot],
  } = await db.query<{ remaining: number; expired: boolean }>(
    'SELECT remaining, expires_at <= clock_timestamp() AS expired FROM lots WHERE id = $1 FOR UPDATE',
    [credit.lot_id],
  );
  // An expired lot's points are the expiry's to annul (R20), not a reversal's.
  if ((await entryExists(db, key)) || lot.expired || lot.remaining < credit.amount)
    return { reversed: false, remaining: lot.expired ? 0 : lot.remaining, amount: credit.amount };
  await db.query('UPDATE lots SET remaining = 0 WHERE id = $1', [credit.lot_id]);
  await moveBalance(db, credit.participant_id, -credit.amount);
  const entryId = await insertDebit(db, {
    participantId: credit.participant_id,
    amount: credit.amount,
    kind: 'annul',
    sourceType: 'reversal',
    sourceId: String(r.entryId),
    key,
    reason: r.reason,
    createdBy: r.createdBy,
  });
  await recordMovements(db, [{ lotId: credit.lot_id, amount: credit.amount }], { entryId: entryId! });
  await lowerQualifying(db, r.entryId, entryId!);
  return { reversed: true, remaining: 0, amount: credit.amount };
}

/**
 * A2: a partner reverses a credit its transaction caused: what the credit's lot still holds is
 * annulled, once (the key `reversal:<entry>` is support's reversal's too, so a credit is reversed at
 * most once), and its qualifying points go with it. Unlike support's reversal it does not wait for
 * the whole lot: points the participant already spent stay spent, and an expired lot's points were
 * the expiry's. Answers the points annulled; null when the credit was reversed before (or is none).
 */
export async function annulCreditRemainder(
  db: Db,
  r: { entryId: number; reason: string; createdBy: string },
): Promise<{ annulled: number } | null> {
  const { rows } = await db.query<{ participant_id: string; lot_id: number }>(
    `SELECT e.participant_id, l.id AS lot_id FROM ledger_entries e JOIN lots l ON l.entry_id = e.id WHERE e.id = $1 AND e.kind = 'credit'`,
    [r.entryId],
  );
  const credit = rows[0];
  if (!credit) return null;
  await lockParticipant(db, credit.participant_id);
  const key = `reversal:${r.entryId}`;
  if (await entryExists(db, key)) return null;
  const {
    rows: [lot],
  } = await db.query<{ remaining: number; expired: boolean }>(
    'SELECT remaining, expires_at <= clock_timestamp() AS expired FROM lots WHERE id = $1 FOR UPDATE',
    [credit.lot_id],
  );
  const amount = lot.expired ? 0 : lot.remaining;
  // Nothing left to annul writes no entry (an entry is never zero): the caller records the reversal.
  if (amount === 0) return { annulled: 0 };
  await db.query('UPDATE lots SET remaining = remaining - $2 WHERE id = $1', [credit.lot_id, amount]);
  await moveBalance(db, credit.participant_id, -amount);
  const entryId = await insertDebit(db, {
    participantId: credit.participant_id,
    amount,
    kind: 'annul',
    sourceType: 'reversal',
    sourceId: String(r.entryId),
    key,
    reason: r.reason,
    createdBy: r.createdBy,
  });
  await recordMovements(db, [{ lotId: credit.lot_id, amount }], { entryId: entryId! });
  await lowerQualifying(db, r.entryId, entryId!);
  return { annulled: amount };
}

/**
 * A1: a credit undone (a reversal; a partner's cancellation, A2) takes back its qualifying points
 * and its activity, in the period they counted in, under the undoing entry (so once). A credit that
 * did not qualify changes nothing.
 */
export async function lowerQualifying(db: Db, creditEntryId: number, undoingEntryId: number): Promise<void> {
  await db.query(
    `INSERT INTO qualifying_entries (participant_id, entry_id, period_start, source_type, points, activities)
     SELECT participant_id, $2, period_start, source_type, -points, -activities FROM qualifying_entries WHERE entry_id = $1 AND activities = 1
     ON CONFLICT (entry_id) DO NOTHING`,
    [creditEntryId, undoingEntryId],
  );
}

/** A qualifying sum: a participant's points and activities from one source within one period. */
export interface QualifyingSum {
  participantId: string;
  periodStart: Date;
  sourceType: string;
  points: number;
  activities: number;
}

/** A1: the participants' qualifying points and activities within the given periods, per source. */
export async function qualifyingSums(db: Db, participantIds: string[], periodStarts: Date[]): Promise<QualifyingSum[]> {
  if (participantIds.length === 0 || periodStarts.length === 0) return [];
  const { rows } = await db.query<{ participant_id: string; period_start: Date; source_type: string; points: string; activities: string }>(
    `SELECT participant_id, period_start, source_type, sum(points) AS points, sum(activities) AS activities
       FROM qualifying_entries
      WHERE participant_id = ANY($1::uuid[]) AND period_start = ANY($2::timestamptz[])
      GROUP BY participant_id, period_start, source_type`,
    [participantIds, periodStarts],
  );
  return rows.map((r) => ({
    participantId: r.participant_id,
    periodStart: r.period_start,
    sourceType: r.source_type,
    points: Number(r.points),
    activities: Number(r.activities),
  }));
}

/** Holds points for an order (A5, R17): they leave the balance but are not spent yet. */
export async function placeHold(db: Db, h: { holdId: string; participantId: string; amount: number; reason: string }): Promise<boolean> {
  await lockParticipant(db, h.participantId);
  const { rowCount } = await db.query('SELECT 1 FROM holds WHERE id = $1', [h.holdId]);
  if (rowCount) return false;
  const takes = await takeFromLots(db, h.participantId, h.amount);
  await moveBalance(db, h.participantId, -h.amount, h.amount);
  await db.query(`INSERT INTO holds (id, participant_id, amount, status, reason) VALUES ($1, $2, $3, 'held', $4)`, [
    h.holdId,
    h.participantId,
    h.amount,
    h.reason,
  ]);
  await recordMovements(db, takes, { holdId: h.holdId });
  return true;
}

/**
 * The held points are spent (R15; A3: a donation's spend names its own source): a spend entry takes
 * over the hold's movements.
 */
export async function captureHold(
  db: Db,
  c: { holdId: string; sourceId: string; sourceType?: 'order' | 'donation'; createdBy?: string | null },
): Promise<boolean> {
  const { rows } = await db.query<{ participant_id: string; amount: number }>(
    `SELECT participant_id, amount FROM holds WHERE id = $1 AND status = 'held' FOR UPDATE`,
    [c.holdId],
  );
  const hold = rows[0];
  if (!hold) return false;
  const entryId = await insertDebit(db, {
    participantId: hold.participant_id,
    amount: hold.amount,
    kind: 'spend',
    sourceType: c.sourceType ?? 'order',
    sourceId: c.sourceId,
    key: `spend:${c.holdId}`,
    createdBy: c.createdBy,
  });
  await db.query(`UPDATE holds SET status = 'captured', entry_id = $2, settled_at = now() WHERE id = $1`, [c.holdId, entryId]);
  await moveBalance(db, hold.participant_id, 0, -hold.amount);
  await db.query('UPDATE lot_movements SET entry_id = $2 WHERE hold_id = $1', [c.holdId, entryId]);
  return true;
}

/** A hold's state and, once captured, the spend entry that took it; null for an id that names none. */
export async function holdById(
  db: Db,
  holdId: string,
): Promise<{ status: 'held' | 'captured' | 'released'; entry_id: number | null } | null> {
  const { rows } = await db.query<{ status: 'held' | 'captured' | 'released'; entry_id: number | null }>(
    'SELECT status, entry_id FROM holds WHERE id = $1',
    [holdId],
  );
  return rows[0] ?? null;
}

/**
 * The hold ends without a spend: its points go back to the lots they came from. A lot that
 * expired meanwhile gets them back and loses them at once to an expiry entry (R20).
 */
export async function releaseHold(db: Db, holdId: string): Promise<boolean> {
  const { rows } = await db.query<{ participant_id: string; amount: number }>(
    `UPDATE holds SET status = 'released', settled_at = now() WHERE id = $1 AND status = 'held' RETURNING participant_id, amount`,
    [holdId],
  );
  if (!rows[0]) return false;
  await moveBalance(db, rows[0].participant_id, Number(rows[0].amount), -Number(rows[0].amount));
  await db.query(
    `UPDATE lots SET remaining = remaining + m.amount
       FROM (SELECT lot_id, sum(amount) AS amount FROM lot_movements WHERE hold_id = $1 GROUP BY lot_id) m
      WHERE lots.id = m.lot_id`,
    [holdId],
  );
  await expireLots(
    db,
    `SELECT l.id, l.participant_id, l.remaining, l.expiries, l.expires_at FROM lots l
      WHERE l.remaining > 0 AND l.expires_at <= clock_timestamp() AND l.id IN (SELECT lot_id FROM lot_movements WHERE hold_id = $1)
      FOR UPDATE`,
    [holdId],
  );
  return true;
}

/** Brings a lot's instant to a second ago, as if its lifetime had passed (tests of R20 that cannot wait for it). */
export async function makeLotDue(db: Db, lotId: number): Promise<void> {
  await db.query(`UPDATE lots SET expires_at = now() - interval '1 second' WHERE id = $1`, [lotId]);
}

/**
 * R20: annuls the unspent remainder of lots whose instant has come, at most `limit` at a time,
 * oldest due first. Answers how many lots it expired.
 */
export async function expireDueLots(db: Db, limit: number): Promise<number> {
  return (await expireDueLotsFrom(db, limit, null, { index: 0, of: 1 })).expired;
}

/** Where a walk through the due lots has got: the last lot it picked, in (expires_at, id) order. */
export interface DueCursor {
  at: Date;
  id: number;
}

/**
 * R20: one batch of a walk through the due lots, oldest due first, after `from` (null: from the
 * start): at most `limit` lots, locked for this transaction only, so an order of the same participant
 * waits for this batch at most, never for the whole walk. The cursor spares each batch the index
 * entries of the lots earlier batches emptied. A lot an order holds locked is skipped (the next walk
 * takes it). `lane` splits the walk by participant (`lane.of` walks side by side, each over its own
 * participants: they never wait for one another, on the lots or on the stored balances). Answers the
 * lots expired, the lots picked (fewer than `limit`: the walk is over) and the cursor to go on from.
 */
export async function expireDueLotsFrom(
  db: Db,
  limit: number,
  from: DueCursor | null,
  lane: { index: number; of: number },
): Promise<{ expired: number; picked: number; last: DueCursor | null }> {
  return expireLots(
    db,
    `SELECT id, participant_id, remaining, expiries, expires_at FROM lots
      WHERE remaining > 0 AND expires_at <= clock_timestamp() AND (expires_at, id) > ($2::timestamptz, $3::bigint)
        AND (hashtext(participant_id::text) & 2147483647) % $4::int <> ALL($5::int[])
      ORDER BY expires_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    // The lane as "none of the other lanes": an equality on the expression would be estimated to
    // match 0.5% of the lots, and the planner would sort the whole table instead of walking lots_due.
    [limit, from?.at ?? '-infinity', from?.id ?? 0, lane.of, Array.from({ length: lane.of }, (_, i) => i).filter((i) => i !== lane.index)],
  );
}

/**
 * One expiry entry per lot that `pick` selects and locks (columns id, participant_id, remaining,
 * expiries, expires_at), taking all the lot has left. A lot can expire more than once (points a released hold
 * brings back after its instant), so the key counts the lot's expiries (kept on the lot); the lot is
 * emptied only by the entry that records it, so no point leaves a lot without an entry. The stored
 * balances lose the same points in the same statement.
 */
async function expireLots(db: Db, pick: string, params: unknown[]): Promise<{ expired: number; picked: number; last: DueCursor | null }> {
  const { rows } = await db.query<{ amount: number | null; picked: number; last_at: Date; last_id: number }>(
    `WITH picked AS (${pick}),
     entries AS (
       INSERT INTO ledger_entries (participant_id, amount, kind, source_type, source_id, idempotency_key, created_at)
       SELECT participant_id, -remaining, 'expire', 'expiry', id::text,
              'expire:' || id || ':' || (expiries + 1),
              -- stamped with the clock the lot was judged by, not the transaction's start: never before its instant
              clock_timestamp()
         FROM picked
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id, participant_id, source_id, -amount AS amount),
     emptied AS (
       UPDATE lots SET remaining = remaining - entries.amount, expiries = expiries + 1 FROM entries WHERE lots.id = entries.source_id::bigint),
     balanced AS (
       UPDATE balances SET available = available - lost.amount, updated_at = now()
         FROM (SELECT participant_id, sum(amount) AS amount FROM entries GROUP BY participant_id) lost
        WHERE balances.participant_id = lost.participant_id),
     moved AS (INSERT INTO lot_movements (lot_id, entry_id, amount) SELECT source_id::bigint, id, amount FROM entries RETURNING amount)
     SELECT moved.amount, last.picked, last.expires_at AS last_at, last.id AS last_id
       FROM (SELECT expires_at, id, count(*) OVER () AS picked FROM picked ORDER BY expires_at DESC, id DESC LIMIT 1) last
       LEFT JOIN moved ON true`,
    params,
  );
  const expired = rows.filter((r) => r.amount !== null);
  afterCommit(db, () =>
    countLedgerEntries(
      'expire',
      expired.map((r) => ({ source: 'expiry', points: Number(r.amount) })),
    ),
  );
  const last = rows[0];
  return {
    expired: expired.length,
    picked: last ? Number(last.picked) : 0,
    last: last ? { at: last.last_at, id: Number(last.last_id) } : null,
  };
}

/** A participant's stored balance (R12: every credit counted once, like its entry). */
export interface Balance {
  /** points the participant can spend: what their lots hold, less any lot whose instant has passed */
  available: number;
  /** points held by orders and donations not yet completed or released (A5, R17) */
  held: number;
}

/**
 * The participant's balance, read from `balances` (kept by every writer here, never summed over the
 * ledger). A lot whose instant has passed but which the sweep has not expired yet (a batch's time at
 * most) is left out, found by a short range of `lots_open_expiry`; a participant never credited
 * holds nothing.
 */
export async function balanceOf(db: Db, participantId: string): Promise<Balance> {
  const { rows } = await db.query<{ available: number; held: number }>(
    prepared(
      'balance-of',
      `SELECT b.available - coalesce((SELECT sum(remaining) FROM lots
                                       WHERE participant_id = $1 AND remaining > 0 AND expires_at <= now()), 0)::bigint AS available,
              b.held
         FROM balances b WHERE b.participant_id = $1`,
      [participantId],
    ),
  );
  return rows[0] ? { available: Number(rows[0].available), held: Number(rows[0].held) } : { available: 0, held: 0 };
}

/** R26: everything the participant holds is annulled; holds still open are released first. */
export async function annulEverything(
  db: Db,
  a: { participantId: string; key: string; reason: string; createdBy: string },
): Promise<number> {
  await lockParticipant(db, a.participantId);
  const { rows: holds } = await db.query<{ id: string }>(`SELECT id FROM holds WHERE participant_id = $1 AND status = 'held'`, [
    a.participantId,
  ]);
  for (const hold of holds) await releaseHold(db, hold.id);
  if (await entryExists(db, a.key)) return 0;
  // Points whose instant has passed expire rather than being annulled (R20).
  await expireLots(
    db,
    `SELECT id, participant_id, remaining, expiries, expires_at FROM lots
      WHERE participant_id = $1 AND remaining > 0 AND expires_at <= clock_timestamp() FOR UPDATE`,
    [a.participantId],
  );
  const { rows } = await db.query<{ id: number; remaining: number }>(
    'SELECT id, remaining FROM lots WHERE participant_id = $1 AND remaining > 0 ORDER BY accrued_at, id',
    [a.participantId],
  );
  const total = rows.reduce((sum, lot) => sum + lot.remaining, 0);
  if (total === 0) return 0;
  const takes = rows.map((lot) => ({ lotId: lot.id, amount: lot.remaining }));
  await db.query('UPDATE lots SET remaining = 0 WHERE id = ANY($1::bigint[])', [takes.map((t) => t.lotId)]);
  await moveBalance(db, a.participantId, -total);
  const entryId = await insertDebit(db, {
    participantId: a.participantId,
    amount: total,
    kind: 'annul',
    sourceType: 'leaving',
    sourceId: a.participantId,
    key: a.key,
    reason: a.reason,
    createdBy: a.createdBy,
  });
  await recordMovements(db, takes, { entryId: entryId! });
  return total;
}

/**
 * The invariant over all participants: credited = spent + expired + annulled + held + balance, no lot
 * below zero, and every participant's stored balance (`balances`) equal to what their lots still hold
 * and their holds hold (`unbalanced`: the participants whose stored balance is not).
 */
export async function ledgerInvariant(db: Db) {
  const { rows } = await db.query<{
    credited: number;
    spent: number;
    expired: number;
    annulled: number;
    held: number;
    balance: number;
    broken_lots: number;
    unkeyed: number;
    unbalanced: number;
  }>(
    `SELECT coalesce((SELECT sum(amount) FROM ledger_entries WHERE kind = 'credit'), 0)::bigint AS credited,
            coalesce((SELECT -sum(amount) FROM ledger_entries WHERE kind = 'spend'), 0)::bigint AS spent,
            coalesce((SELECT -sum(amount) FROM ledger_entries WHERE kind = 'expire'), 0)::bigint AS expired,
            coalesce((SELECT -sum(amount) FROM ledger_entries WHERE kind = 'annul'), 0)::bigint AS annulled,
            coalesce((SELECT sum(amount) FROM holds WHERE status = 'held'), 0)::bigint AS held,
            coalesce((SELECT sum(remaining) FROM lots), 0)::bigint AS balance,
            (SELECT count(*) FROM lots l WHERE l.remaining <> l.amount
               - coalesce((SELECT sum(m.amount) FROM lot_movements m LEFT JOIN holds h ON h.id = m.hold_id
                            WHERE m.lot_id = l.id AND (h.id IS NULL OR h.status <> 'released')), 0)
              )::int AS broken_lots,
            (SELECT count(*) FROM ledger_entries WHERE idempotency_key IS NULL OR idempotency_key = '')::int AS unkeyed,
            (SELECT count(*) FROM balances b
               FULL JOIN (SELECT participant_id, sum(available) AS available, sum(held) AS held
                            FROM (SELECT participant_id, remaining AS available, 0 AS held FROM lots
                                  UNION ALL
                                  SELECT participant_id, 0, amount FROM holds WHERE status = 'held') x
                           GROUP BY participant_id) s ON s.participant_id = b.participant_id
              WHERE coalesce(b.available, 0) <> coalesce(s.available, 0) OR coalesce(b.held, 0) <> coalesce(s.held, 0))::int AS unbalanced`,
  );
  const r = rows[0];
  return {
    ...r,
    holds:
      r.credited === r.spent + r.expired + r.annulled + r.held + r.balance && r.broken_lots === 0 && r.unkeyed === 0 && r.unbalanced === 0,
  };
}

// The participant's reads (open lots, next expiry, history by key) live in db/ledger-reads.ts.
export { openLots, participantLedger } from './ledger-reads.js';

/** The entry recorded under an idempotency key, if any (a welcome credit, an event's credit, an adjustment, a partner's credit). */
export async function entryByKey(db: Db, key: string): Promise<{ id: number; amount: number } | null> {
  const { rows } = await db.query<{ id: number; amount: number }>('SELECT id, amount FROM ledger_entries WHERE idempotency_key = $1', [
    key,
  ]);
  return rows[0] ?? null;
}

// ---- expiry notices (R20) ----------------------------------------------------------------------

/** The earliest instant at which a lot with points left expires, or gets its notice `noticeMs` before; null if none. */
export async function nextLotInstant(db: Db, noticeMs: number): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `SELECT least(
              (SELECT min(expires_at) FROM lots WHERE remaining > 0),
              (SELECT min(expires_at) FROM lots WHERE remaining > 0 AND noticed_at IS NULL) - $1::bigint * interval '1 millisecond') AS at`,
    [noticeMs],
  );
  return rows[0].at;
}

export interface DueNotice {
  participant_id: string;
  day: string;
  points: number;
  email: string;
  first_name: string;
  lot_ids: number[];
}

/** Unnoticed lots of active participants expiring within `noticeMs`, one row per participant and expiry day (UTC). */
export async function dueExpiryNotices(db: Db, noticeMs: number, limit: number): Promise<DueNotice[]> {
  const { rows } = await db.query<DueNotice>(
    `SELECT l.participant_id, to_char(l.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, sum(l.remaining)::int AS points,
            p.email, p.first_name, array_agg(l.id) AS lot_ids
       FROM lots l JOIN participants p ON p.id = l.participant_id
      WHERE l.remaining > 0 AND l.noticed_at IS NULL AND l.expires_at <= now() + $1::bigint * interval '1 millisecond'
        AND p.status = 'active'
      GROUP BY l.participant_id, day, p.email, p.first_name
      LIMIT $2`,
    [noticeMs, limit],
  );
  return rows;
}

export async function markLotsNoticed(db: Db, lotIds: number[]): Promise<void> {
  await db.query('UPDATE lots SET noticed_at = now() WHERE id = ANY($1::bigint[])', [lotIds]);
}

/** Lots of participants who are no longer active need no notice. */
export async function markInactiveLotsNoticed(db: Db): Promise<void> {
  await db.query(
    `UPDATE lots l SET noticed_at = now() FROM participants p
      WHERE p.id = l.participant_id AND p.status <> 'active' AND l.noticed_at IS NULL`,
  );
}

// ---- staff reports -----------------------------------------------------------------------------

/**
 * The ledger's flows, as the console's dashboard sums them month by month (db/stats.ts) and lists
 * the entries behind each sum (`listEntries`): every entry is in exactly one. A donation's spend is
 * donated, not spent (A3); reversals, a closed account's remainder and negative adjustments are annulled.
 */
export const LEDGER_FLOWS = {
  credited: "kind = 'credit'",
  spent: "kind = 'spend' AND source_type <> 'donation'",
  donated: "kind = 'spend' AND source_type = 'donation'",
  expired: "kind = 'expire'",
  annulled: "kind = 'annul'",
} as const;
export type LedgerFlow = keyof typeof LEDGER_FLOWS;
export const LEDGER_FLOW_NAMES = Object.keys(LEDGER_FLOWS) as LedgerFlow[];

/** The filters of the entries list behind the dashboard's figures; months are 'YYYY-MM', in UTC. */
export interface EntryFilter {
  flow?: LedgerFlow;
  /** entries made in this month */
  month?: string;
  /** credits whose lot still holds points that expire in this month (the expiry forecast's figure) */
  expiring?: string;
  participant_id?: string;
}

const monthStart = (month: string) => `${month}-01`;

/** Every participant's entries, with who and, for a credit, its lot's points left and expiry. */
export async function listEntries(db: Db, q: ListQuery, f: EntryFilter) {
  const where = new Where();
  if (f.flow) where.add(`(${LEDGER_FLOWS[f.flow]})`);
  if (f.month) {
    where.add(
      `created_at >= ?::timestamp AT TIME ZONE 'UTC' AND created_at < (?::timestamp + interval '1 month') AT TIME ZONE 'UTC'`,
      monthStart(f.month),
      monthStart(f.month),
    );
  }
  if (f.expiring) {
    where.add(
      `lot_remaining > 0 AND lot_expires_at > now()
       AND lot_expires_at >= ?::timestamp AT TIME ZONE 'UTC' AND lot_expires_at < (?::timestamp + interval '1 month') AT TIME ZONE 'UTC'`,
      monthStart(f.expiring),
      monthStart(f.expiring),
    );
  }
  if (f.participant_id) where.add('participant_id = ?', f.participant_id);
  return listPage(
    db,
    `SELECT e.id, e.participant_id, p.member_number::text AS member_number, p.email, p.first_name, p.last_name,
            e.kind, e.amount, e.source_type, e.source_id, e.reason, e.created_by, e.created_at,
            lo.remaining AS lot_remaining, lo.expires_at AS lot_expires_at
       FROM ledger_entries e JOIN participants p ON p.id = e.participant_id LEFT JOIN lots lo ON lo.entry_id = e.id`,
    where,
    q,
  );
}

/** Points that will expire per month (UTC), if not spent (R20). */
export async function expiryForecast(db: Db) {
  const { rows } = await db.query<{ month: string; points: number; participants: number }>(
    `SELECT to_char(date_trunc('month', expires_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, sum(remaining)::int AS points,
            count(DISTINCT participant_id)::int AS participants
       FROM lots WHERE remaining > 0 AND expires_at > now() GROUP BY 1 ORDER BY 1`,
  );
  return rows;
}

/** Every ledger entry, oldest first, with its participant's member number and email (the CSV export). */
export async function allEntries(db: Db) {
  const { rows } = await db.query(
    `SELECT l.id, p.member_number, p.email, l.kind, l.amount, l.source_type, l.source_id, l.reason, l.created_by, l.created_at
       FROM ledger_entries l JOIN participants p ON p.id = l.participant_id ORDER BY l.id`,
  );
  return rows;
}

/** Each active or closed participant's balance, held points and next expiry (the CSV export). */
export async function allBalances(db: Db) {
  const { rows } = await db.query(
    `SELECT p.member_number, p.email, p.first_name, p.last_name, p.status,
            coalesce((SELECT sum(remaining) FROM lots l WHERE l.participant_id = p.id), 0)::int AS balance,
            coalesce((SELECT sum(amount) FROM holds h WHERE h.participant_id = p.id AND h.status = 'held'), 0)::int AS held,
            (SELECT min(expires_at) FROM lots l WHERE l.participant_id = p.id AND l.remaining > 0) AS next_expiry
       FROM participants p WHERE p.status IN ('active', 'closed') ORDER BY p.member_number`,
  );
  return rows;
}

/** The read benchmark's ledger (bench/reads.ts) for its participants from..to-1. */
export interface BenchLedger {
  from: number;
  to: number;
  /** Credits per participant; the first `pairs` of them are each followed by a debit of their lot. */
  credits: number;
  pairs: number;
  /** The benchmark's events (benchId('event', 1..eventCount)) that webinar credits name. */
  eventCount: number;
}

/**
 * The read benchmark's entries, lots, lot movements and stored balances, set-based, each statement
 * timed by `step`. Ids are computed: slot s of participant i (j = i - from) is entry entryBase + s·n +
 * j + 1, so one participant's entries lie n rows apart, as months of crediting scatter them. Slots
 * 0..2·pairs-1 alternate a credit and a debit of its lot (an expiry every fourth pair, else a spend of
 * half); the credits after them keep all their points. Credit k is lot lotBase + k·n + j + 1. The
 * sequences go on from the rows written.
 */
export async function insertBenchLedger(
  db: Db,
  { from, to, credits, pairs, eventCount }: BenchLedger,
  step: (name: string, statement: () => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const n = to - from;
  const {
    rows: [{ entryBase, lotBase, moveBase }],
  } = await db.query<{ entryBase: number; lotBase: number; moveBase: number }>(
    `SELECT (SELECT coalesce(max(id), 0) FROM ledger_entries)::bigint AS "entryBase",
            (SELECT coalesce(max(id), 0) FROM lots)::bigint AS "lotBase",
            (SELECT coalesce(max(id), 0) FROM lot_movements)::bigint AS "moveBase"`,
  );
  const participant = benchId('participant', 'c.i');
  const credit = `
     SELECT i, i - $1::int AS j, k,
            CASE WHEN k < ${pairs} THEN 2 * k ELSE ${pairs} + k END AS slot,
            (10 + (i * 31 + k * 17) % 50 * 10)::bigint AS amount,
            k < ${pairs} AND k % 4 = 3 AS expired,
            k < ${pairs} AND k % 4 <> 3 AS spent
       FROM generate_series($1::int, $2::int - 1) i, generate_series(0, ${credits - 1}) k`;
  const at = (slot: string) =>
    `now() - interval '700 days' + ((${slot}) * 30 + (i % 30)) * interval '1 day' + (i % 86400) * interval '1 second'`;
  const run = (name: string, sql: string) => step(name, () => db.query(sql, [from, to]));
  await run(
    'ledger credits',
    `INSERT INTO ledger_entries (id, participant_id, amount, kind, source_type, source_id, idempotency_key, created_at)
     SELECT ${entryBase} + c.slot::bigint * ${n} + c.j + 1, ${participant}, c.amount, 'credit',
            CASE WHEN c.k = 0 THEN 'welcome' WHEN c.k % 3 = 0 THEN 'adjustment' ELSE 'webinar' END,
            CASE WHEN c.k = 0 THEN ${participant}::text WHEN c.k % 3 = 0 THEN 'bench'
                 ELSE ${benchId('event', `(1 + (c.i + c.k) % ${eventCount})`)}::text END,
            'bench:' || c.i || ':' || c.k, ${at('c.slot')}
       FROM (${credit}) c`,
  );
  await run(
    'lots',
    `INSERT INTO lots (id, participant_id, entry_id, amount, remaining, accrued_at, expires_at, noticed_at, expiries)
     SELECT ${lotBase} + c.k::bigint * ${n} + c.j + 1, ${participant}, ${entryBase} + c.slot::bigint * ${n} + c.j + 1,
            c.amount, CASE WHEN c.expired THEN 0 WHEN c.spent THEN c.amount - c.amount / 2 ELSE c.amount END,
            ${at('c.slot')},
            CASE WHEN c.expired THEN ${at('c.slot')} + interval '1 day' ELSE now() + (1 + (c.i + c.k * 37) % 700) * interval '1 day' END,
            now(), CASE WHEN c.expired THEN 1 ELSE 0 END
       FROM (${credit}) c`,
  );
  // The debits: slot 2k+1 takes from credit k's lot (k < pairs).
  const debit = `SELECT c.*, ${entryBase} + (c.slot + 1)::bigint * ${n} + c.j + 1 AS entry_id, ${lotBase} + c.k::bigint * ${n} + c.j + 1 AS lot_id,
                        CASE WHEN c.expired THEN c.amount ELSE c.amount / 2 END AS taken
                   FROM (${credit}) c WHERE c.k < ${pairs}`;
  await run(
    'ledger debits',
    `INSERT INTO ledger_entries (id, participant_id, amount, kind, source_type, source_id, idempotency_key, created_at, created_by)
     SELECT d.entry_id, ${benchId('participant', 'd.i')}, -d.taken, CASE WHEN d.expired THEN 'expire' ELSE 'spend' END,
            CASE WHEN d.expired THEN 'expiry' ELSE 'order' END,
            CASE WHEN d.expired THEN d.lot_id::text ELSE ${benchId('order', "d.i || ':' || d.k")}::text END,
            CASE WHEN d.expired THEN 'expire:' || d.lot_id || ':1' ELSE 'bench:' || d.i || ':spend:' || d.k END,
            ${at('d.slot + 1')}, CASE WHEN d.expired THEN NULL ELSE 'bench' END
       FROM (${debit}) d`,
  );
  await run(
    'lot movements',
    `INSERT INTO lot_movements (id, lot_id, entry_id, amount)
     SELECT ${moveBase} + d.k::bigint * ${n} + d.j + 1, d.lot_id, d.entry_id, d.taken FROM (${debit}) d`,
  );
  await run(
    'balances',
    `INSERT INTO balances (participant_id, available, held)
     SELECT ${participant}, sum(CASE WHEN c.expired THEN 0 WHEN c.spent THEN c.amount - c.amount / 2 ELSE c.amount END), 0
       FROM (${credit}) c GROUP BY c.i`,
  );
  for (const table of ['ledger_entries', 'lots', 'lot_movements']) {
    await db.query(`SELECT setval('${table}_id_seq', (SELECT coalesce(max(id), 1) FROM ${table}))`);
  }
}
