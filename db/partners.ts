/**
 * A2: partners (`partners`), kept by admins, and their accruals (`partner_accruals`): each partner
 * transaction under the partner's own id, pending for the partner's pending period, then credited
 * (through db/ledger.ts, by the partner's crediting timer), or cancelled, reversed or void. Every
 * function runs in its caller's transaction (or on the pool); writes of many rows are one statement.
 */
import type { Db } from './pool.js';
import type { EarningRule } from '../rules/partners.js';
import { LIVE_PARTICIPANT_STATUSES } from '../workflows/messages/participant.js';
import { isUuid } from './ids.js';
import { Where, filterFlag, filterTerm, filterText, likeLiteral, listPage, type ListQuery } from './list-query.js';
import { sqlList } from './sql-list.js';

// ---- partners --------------------------------------------------------------------------------------

export interface Partner {
  id: string;
  name: string;
  earning_rule: EarningRule;
  qualifies: boolean;
  pending_period_ms: number;
  price_per_point_kopecks: number;
  active: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const partnerSelect =
  'SELECT id, name, earning_rule, qualifies, pending_period_ms, price_per_point_kopecks, active, created_by, created_at, updated_at FROM partners';

/** A partner's fields as the API names them, and their columns. */
export const PARTNER_COLUMNS = {
  name: 'name',
  earningRule: 'earning_rule',
  qualifies: 'qualifies',
  pendingPeriodMs: 'pending_period_ms',
  pricePerPointKopecks: 'price_per_point_kopecks',
  active: 'active',
} as const;
export type PartnerField = keyof typeof PARTNER_COLUMNS;
export type PartnerFields = {
  name: string;
  earningRule: EarningRule;
  qualifies: boolean;
  pendingPeriodMs: number;
  pricePerPointKopecks: number;
  active: boolean;
};

export async function partnerById(db: Db, id: string): Promise<Partner | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<Partner>(`${partnerSelect} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** The partner, locked to the end of the transaction (an admin's edit). */
export async function lockPartner(tx: Db, id: string): Promise<Partner | null> {
  if (!isUuid(id)) return null;
  const { rows } = await tx.query<Partner>(`${partnerSelect} WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

/**
 * The partner, share-locked to the end of a transaction that posts its accruals: posts of one partner
 * go on side by side, while the crediting timer's barrier (`awaitPostsOf`) waits for them to commit.
 */
export async function lockPartnerForPosting(tx: Db, id: string): Promise<Partner | null> {
  const { rows } = await tx.query<Partner>(`${partnerSelect} WHERE id = $1 FOR SHARE`, [id]);
  return rows[0] ?? null;
}

/**
 * Waits until every transaction that was posting accruals of the partner has committed or rolled
 * back (their share locks against this exclusive one), then lets go at the caller's commit. The
 * crediting timer starts each batch with it: a post that started its timer from inside its own
 * transaction is never read before it commits.
 */
export async function awaitPostsOf(tx: Db, partnerId: string): Promise<void> {
  await tx.query('SELECT 1 FROM partners WHERE id = $1 FOR UPDATE', [partnerId]);
}

/** The console's partner list (filters: active, q on the name), with each partner's pending accruals and clients. */
export async function listPartners(db: Db, q: ListQuery) {
  const where = new Where();
  const active = filterFlag(q, 'active');
  if (active !== undefined) where.add('active = ?', active);
  const term = filterTerm(q, 'q');
  if (term) where.add('lower(name) LIKE ?', likeLiteral(term.toLowerCase()));
  return listPage(
    db,
    `SELECT pa.id, pa.name, pa.earning_rule, pa.qualifies, pa.pending_period_ms, pa.price_per_point_kopecks, pa.active, pa.created_by,
            pa.created_at, pa.updated_at,
            (SELECT count(*) FROM partner_accruals a WHERE a.partner_id = pa.id AND a.status = 'pending')::int AS pending,
            (SELECT count(*) FROM api_clients c WHERE c.partner_id = pa.id AND c.disabled_at IS NULL)::int AS clients
       FROM partners pa`,
    where,
    q,
  );
}

/** What clients see: the active partners, to name in a claim (A4). */
export async function activePartners(db: Db) {
  const { rows } = await db.query<{ id: string; name: string; earning_rule: EarningRule }>(
    'SELECT id, name, earning_rule FROM partners WHERE active ORDER BY name, id',
  );
  return rows;
}

/** A new partner; a taken name fails with PostgreSQL's unique violation (23505). */
export async function insertPartner(tx: Db, p: PartnerFields & { id: string; createdBy: string }): Promise<void> {
  await tx.query(
    `INSERT INTO partners (id, name, earning_rule, qualifies, pending_period_ms, price_per_point_kopecks, active, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [p.id, p.name, JSON.stringify(p.earningRule), p.qualifies, p.pendingPeriodMs, p.pricePerPointKopecks, p.active, p.createdBy],
  );
}

/** Changes the given fields; a taken name fails with 23505. Accruals already posted keep their due instant. */
export async function updatePartner(tx: Db, id: string, change: Partial<PartnerFields>): Promise<void> {
  const fields = (Object.keys(PARTNER_COLUMNS) as PartnerField[]).filter((f) => change[f] !== undefined);
  if (fields.length === 0) return;
  const sets = fields.map((f, i) => `${PARTNER_COLUMNS[f]} = $${i + 2}`);
  const values = fields.map((f) => (f === 'earningRule' ? JSON.stringify(change[f]) : change[f]));
  await tx.query(`UPDATE partners SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [id, ...values]);
}

// ---- participants named by a partner ------------------------------------------------------------

const LIVE = sqlList(LIVE_PARTICIPANT_STATUSES);

export interface NamedParticipant {
  id: string;
  member_number: number | null;
  email_normalized: string;
  status: string;
  registered_at: Date;
}

/**
 * The participants a partner's rows name, by member number and by (normalised) email, in two
 * lookups for the whole call. An email names the participant who holds it now (R1).
 */
export async function participantsNamed(db: Db, memberNumbers: number[], emails: string[]): Promise<NamedParticipant[]> {
  if (memberNumbers.length === 0 && emails.length === 0) return [];
  const { rows } = await db.query<NamedParticipant>(
    `SELECT id, member_number, email_normalized, status, registered_at FROM participants WHERE member_number = ANY($1::bigint[])
     UNION
     SELECT id, member_number, email_normalized, status, registered_at FROM participants
      WHERE email_normalized = ANY($2::text[]) AND status IN ${LIVE}`,
    [memberNumbers, emails],
  );
  return rows;
}

// ---- accruals --------------------------------------------------------------------------------------

export type AccrualStatus = 'pending' | 'credited' | 'cancelled' | 'reversed' | 'void';

export interface Accrual {
  id: number;
  partner_id: string;
  partner_name: string;
  transaction_id: string;
  participant_id: string;
  member_number: number | null;
  participant_email: string;
  participant_name: string;
  transaction_at: Date;
  date_only: boolean;
  amount_kopecks: number | null;
  kind: string | null;
  points: number;
  status: AccrualStatus;
  source: 'api' | 'claim';
  claim_id: string | null;
  client_id: string | null;
  posted_at: Date;
  due_at: Date;
  credited_at: Date | null;
  cancelled_at: Date | null;
  reversed_at: Date | null;
  reversed_points: number | null;
  end_reason: string | null;
}

const accrualSelect = `
  SELECT a.id, a.partner_id, pa.name AS partner_name, a.transaction_id, a.participant_id, p.member_number, p.email AS participant_email,
         p.first_name || ' ' || p.last_name AS participant_name, a.transaction_at, a.date_only, a.amount_kopecks, a.kind, a.points,
         a.status, a.source, a.claim_id, a.client_id, a.posted_at, a.due_at, a.credited_at, a.cancelled_at, a.reversed_at,
         a.reversed_points, a.end_reason
    FROM partner_accruals a JOIN participants p ON p.id = a.participant_id JOIN partners pa ON pa.id = a.partner_id`;

/** The partner's accruals among these transaction ids (a call's replays). */
export async function accrualsOf(db: Db, partnerId: string, transactionIds: string[]): Promise<Accrual[]> {
  if (transactionIds.length === 0) return [];
  const { rows } = await db.query<Accrual>(`${accrualSelect} WHERE a.partner_id = $1 AND a.transaction_id = ANY($2::text[])`, [
    partnerId,
    transactionIds,
  ]);
  return rows;
}

export async function accrualOf(db: Db, partnerId: string, transactionId: string): Promise<Accrual | null> {
  return (await accrualsOf(db, partnerId, [transactionId]))[0] ?? null;
}

export async function accrualById(db: Db, id: string): Promise<Accrual | null> {
  if (!/^[1-9][0-9]{0,17}$/.test(id)) return null;
  const { rows } = await db.query<Accrual>(`${accrualSelect} WHERE a.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The accrual's row, locked to the end of the transaction (a cancellation, a reversal). */
export async function lockAccrual(tx: Db, partnerId: string, transactionId: string): Promise<{ id: number; status: AccrualStatus } | null> {
  const { rows } = await tx.query<{ id: number; status: AccrualStatus }>(
    'SELECT id, status FROM partner_accruals WHERE partner_id = $1 AND transaction_id = $2 FOR UPDATE',
    [partnerId, transactionId],
  );
  return rows[0] ?? null;
}

export interface NewAccrual {
  transactionId: string;
  participantId: string;
  transactionAt: Date;
  dateOnly: boolean;
  amountKopecks: number | null;
  kind: string | null;
  points: number;
}

/**
 * A call's accepted rows, pending until `dueAt`, in one statement. A transaction id the partner used
 * before (a replay racing this call) inserts nothing: answers the ids of the rows that were new, by
 * transaction id.
 */
export async function insertAccruals(
  tx: Db,
  a: { partnerId: string; clientId: string | null; postedAt: Date; dueAt: Date; rows: NewAccrual[] },
): Promise<Map<string, number>> {
  if (a.rows.length === 0) return new Map();
  const col = <T>(f: (r: NewAccrual) => T) => a.rows.map(f);
  const { rows } = await tx.query<{ id: number; transaction_id: string }>(
    `INSERT INTO partner_accruals (partner_id, client_id, posted_at, due_at, status, source,
                                  transaction_id, participant_id, transaction_at, date_only, amount_kopecks, kind, points)
     SELECT $1, $2, $3, $4, 'pending', 'api', t, p, ta, d, am, k, pt
       FROM unnest($5::text[], $6::uuid[], $7::timestamptz[], $8::boolean[], $9::bigint[], $10::text[], $11::int[]) AS x(t, p, ta, d, am, k, pt)
     ON CONFLICT (partner_id, transaction_id) DO NOTHING
     RETURNING id, transaction_id`,
    [
      a.partnerId,
      a.clientId,
      a.postedAt,
      a.dueAt,
      col((r) => r.transactionId),
      col((r) => r.participantId),
      col((r) => r.transactionAt),
      col((r) => r.dateOnly),
      col((r) => r.amountKopecks),
      col((r) => r.kind),
      col((r) => r.points),
    ],
  );
  return new Map(rows.map((r) => [r.transaction_id, r.id]));
}

/**
 * A4: an approved claim credits a transaction the partner never posted: the accrual is recorded as
 * credited by the claim. False when the partner has posted it meanwhile (its own accrual credits
 * it, under the same key).
 */
export async function insertClaimedAccrual(tx: Db, a: NewAccrual & { partnerId: string; claimId: string }): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO partner_accruals (partner_id, transaction_id, participant_id, transaction_at, date_only, amount_kopecks, kind, points,
                                  status, source, claim_id, posted_at, due_at, credited_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'credited', 'claim', $9, now(), now(), now())
     ON CONFLICT (partner_id, transaction_id) DO NOTHING`,
    [a.partnerId, a.transactionId, a.participantId, a.transactionAt, a.dateOnly, a.amountKopecks, a.kind, a.points, a.claimId],
  );
  return (rowCount ?? 0) > 0;
}

/** The partner cancels a pending accrual: it will never be credited. */
export async function markAccrualCancelled(tx: Db, id: number, reason: string | null): Promise<void> {
  await tx.query(
    `UPDATE partner_accruals SET status = 'cancelled', cancelled_at = now(), end_reason = $2 WHERE id = $1 AND status = 'pending'`,
    [id, reason],
  );
}

/** The partner reversed a credited accrual; `points` is what its lot still held and lost. */
export async function markAccrualReversed(tx: Db, id: number, points: number, reason: string | null): Promise<void> {
  await tx.query(
    `UPDATE partner_accruals SET status = 'reversed', reversed_at = now(), reversed_points = $2, end_reason = $3 WHERE id = $1 AND status = 'credited'`,
    [id, points, reason],
  );
}

export interface DueAccrual {
  id: number;
  transaction_id: string;
  participant_id: string;
  points: number;
  participant_status: string;
}

/**
 * The next (up to) `limit` accruals of the partner still pending and due by `dueAt`, oldest first
 * (in the order of the pending index, so a batch reads only its own rows),
 * locked to the end of the transaction: a cancellation at the same moment waits, then finds them
 * credited. Rows another transaction holds (another timer of the partner crediting them, a
 * cancellation) are skipped rather than waited for: timers whose instants overlap share the work.
 */
export async function lockDueAccruals(tx: Db, partnerId: string, dueAt: Date, limit: number): Promise<DueAccrual[]> {
  const { rows } = await tx.query<DueAccrual>(
    `SELECT a.id, a.transaction_id, a.participant_id, a.points, p.status AS participant_status
       FROM partner_accruals a JOIN participants p ON p.id = a.participant_id
      WHERE a.partner_id = $1 AND a.status = 'pending' AND a.due_at <= $2
      ORDER BY a.due_at, a.id LIMIT $3
      FOR UPDATE OF a SKIP LOCKED`,
    [partnerId, dueAt, limit],
  );
  return rows;
}

/**
 * Whether an accrual of the partner is still pending and due by `dueAt` that nobody is crediting
 * now (a row another transaction holds is that transaction's to finish): a timer is done when none is.
 */
export async function dueAccrualsLeft(db: Db, partnerId: string, dueAt: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `SELECT 1 FROM partner_accruals WHERE partner_id = $1 AND status = 'pending' AND due_at <= $2 LIMIT 1 FOR UPDATE SKIP LOCKED`,
    [partnerId, dueAt],
  );
  return (rowCount ?? 0) > 0;
}

export async function markAccrualsCredited(tx: Db, ids: number[]): Promise<void> {
  if (ids.length)
    await tx.query(
      `UPDATE partner_accruals SET status = 'credited', credited_at = now() WHERE id = ANY($1::bigint[]) AND status = 'pending'`,
      [ids],
    );
}

/** Due accruals of participants who are no longer active: never credited (R26: a closed account earns nothing). */
export async function markAccrualsVoid(tx: Db, ids: number[], reason: string): Promise<void> {
  if (ids.length)
    await tx.query(`UPDATE partner_accruals SET status = 'void', end_reason = $2 WHERE id = ANY($1::bigint[]) AND status = 'pending'`, [
      ids,
      reason,
    ]);
}

/** The console's accrual list (filters: partner_id, participant_id, status, q on the transaction id). */
export async function listAccruals(db: Db, q: ListQuery) {
  const where = new Where();
  for (const key of ['partner_id', 'participant_id'] as const) {
    const value = filterText(q, key);
    if (value !== undefined) where.add(`${key}::text = ?`, value);
  }
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  const term = filterTerm(q, 'q');
  if (term) where.add('transaction_id = ?', term);
  return listPage(db, accrualSelect, where, q);
}

/** A participant's accruals from one partner, newest first: what a reviewer of a claim has at hand (A4). */
export async function participantAccrualsFrom(db: Db, participantId: string, partnerId: string, limit = 200): Promise<Accrual[]> {
  const { rows } = await db.query<Accrual>(
    `${accrualSelect} WHERE a.participant_id = $1 AND a.partner_id = $2 ORDER BY a.transaction_at DESC, a.id DESC LIMIT $3`,
    [participantId, partnerId, limit],
  );
  return rows;
}

// ---- the monthly statement -----------------------------------------------------------------------

/**
 * A2: a partner's month: the accruals credited within it (claims included, reversed ones too: they
 * were credited) and the reversals made within it, each in transaction-id order. UTC months.
 */
export async function statementRows(db: Db, partnerId: string, from: Date, to: Date) {
  const [accrued, reversed] = await Promise.all([
    db.query<Accrual>(
      `${accrualSelect} WHERE a.partner_id = $1 AND a.credited_at >= $2 AND a.credited_at < $3 ORDER BY a.credited_at, a.id`,
      [partnerId, from, to],
    ),
    db.query<Accrual>(
      `${accrualSelect} WHERE a.partner_id = $1 AND a.reversed_at >= $2 AND a.reversed_at < $3 ORDER BY a.reversed_at, a.id`,
      [partnerId, from, to],
    ),
  ]);
  return { accrued: accrued.rows, reversed: reversed.rows };
}
