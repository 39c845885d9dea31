/**
 * A3: charity funds (`charity_funds`), kept by the program's admins, and participants' donations to
 * them (`donations`). A donation's points are held and spent through db/ledger.ts, in the same
 * transaction as the donation's own changes; the spend's source type is `donation`. A fund is an
 * organisation, never a participant: no row here names a person as a recipient (R18, R19).
 */
import type { Db } from './pool.js';
import { isUuid } from './ids.js';
import { Where, filterFlag, filterTerm, filterText, likeLiteral, listPage, type ListQuery } from './list-query.js';

// ---- funds ------------------------------------------------------------------------------------

export interface CharityFund {
  id: string;
  name: string;
  description: string;
  active: boolean;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

const fundSelect = 'SELECT id, name, description, active, created_by, created_at, updated_at FROM charity_funds';

/** A fund's fields as the API names them, and their columns. */
export const FUND_COLUMNS = { name: 'name', description: 'description', active: 'active' } as const;
export type FundField = keyof typeof FUND_COLUMNS;
export type FundChange = Partial<{ name: string; description: string; active: boolean }>;

export async function fundById(db: Db, id: string): Promise<CharityFund | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<CharityFund>(`${fundSelect} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** The fund, locked to the end of the transaction (an edit, or a donation judged against it). */
export async function lockFund(tx: Db, id: string): Promise<CharityFund | null> {
  if (!isUuid(id)) return null;
  const { rows } = await tx.query<CharityFund>(`${fundSelect} WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

/** What clients see: the active funds. */
export async function activeFunds(db: Db) {
  const { rows } = await db.query<{ id: string; name: string; description: string }>(
    'SELECT id, name, description FROM charity_funds WHERE active ORDER BY name, id',
  );
  return rows;
}

/** The console's fund list (filters: active, q on the name), each with its completed donations so far. */
export async function listFunds(db: Db, q: ListQuery) {
  const where = new Where();
  const active = filterFlag(q, 'active');
  if (active !== undefined) where.add('active = ?', active);
  const term = filterTerm(q, 'q');
  if (term) where.add('lower(name) LIKE ?', likeLiteral(term.toLowerCase()));
  return listPage(
    db,
    `SELECT f.id, f.name, f.description, f.active, f.created_by, f.created_at, f.updated_at,
            coalesce(d.donations, 0)::int AS donations, coalesce(d.points, 0)::bigint AS points
       FROM charity_funds f
       LEFT JOIN (SELECT fund_id, count(*) AS donations, sum(points) AS points FROM donations WHERE status = 'completed' GROUP BY fund_id) d
         ON d.fund_id = f.id`,
    where,
    q,
  );
}

/** A new fund; a taken name fails with PostgreSQL's unique violation (23505). */
export async function insertFund(
  tx: Db,
  f: { id: string; name: string; description: string; active: boolean; createdBy: string },
): Promise<void> {
  await tx.query('INSERT INTO charity_funds (id, name, description, active, created_by) VALUES ($1, $2, $3, $4, $5)', [
    f.id,
    f.name,
    f.description,
    f.active,
    f.createdBy,
  ]);
}

/** Changes the given fields; a taken name fails with 23505. */
export async function updateFund(tx: Db, id: string, change: FundChange): Promise<void> {
  const fields = (Object.keys(FUND_COLUMNS) as FundField[]).filter((f) => change[f] !== undefined);
  if (fields.length === 0) return;
  const sets = fields.map((f, i) => `${FUND_COLUMNS[f]} = $${i + 2}`);
  await tx.query(`UPDATE charity_funds SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, [id, ...fields.map((f) => change[f])]);
}

/**
 * A3: the fund's monthly statement: completed donations per calendar month (UTC, as the ledger's
 * other reports), their count, points and donors, newest month first. Donations in flight or ended
 * without completion are not in it: their points were never the fund's.
 */
export async function fundStatement(db: Db, fundId: string) {
  const { rows } = await db.query<{ month: string; donations: number; points: number; donors: number }>(
    `SELECT to_char(date_trunc('month', completed_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
            count(*)::int AS donations, sum(points)::int AS points, count(DISTINCT participant_id)::int AS donors
       FROM donations WHERE fund_id = $1 AND status = 'completed'
      GROUP BY 1 ORDER BY 1 DESC`,
    [fundId],
  );
  return rows;
}

// ---- donations --------------------------------------------------------------------------------

export type DonationStatus = 'placed' | 'completed' | 'cancelled' | 'expired';

const donationSelect = `
  SELECT d.id, d.fund_id, f.name AS fund_name, d.participant_id, p.email AS participant_email,
         p.first_name || ' ' || p.last_name AS participant_name, d.points, d.status, d.end_reason, d.payment_deadline_at,
         d.hold_id, h.status AS hold_status, d.workflow_id, d.created_by, d.client_id, d.created_at, d.completed_at, d.ended_at
    FROM donations d
    JOIN charity_funds f ON f.id = d.fund_id
    JOIN participants p ON p.id = d.participant_id
    JOIN holds h ON h.id = d.hold_id`;

export interface Donation {
  id: string;
  fund_id: string;
  fund_name: string;
  participant_id: string;
  participant_email: string;
  participant_name: string;
  points: number;
  status: DonationStatus;
  end_reason: string | null;
  payment_deadline_at: Date;
  hold_id: string;
  hold_status: string;
  workflow_id: string;
  created_by: string;
  client_id: string | null;
  created_at: Date;
  completed_at: Date | null;
  ended_at: Date | null;
}

export async function donationById(db: Db, id: string): Promise<Donation | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<Donation>(`${donationSelect} WHERE d.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The console's donation list (filters: fund_id, participant_id, status). */
export async function listDonations(db: Db, q: ListQuery) {
  const where = new Where();
  for (const key of ['fund_id', 'participant_id'] as const) {
    const value = filterText(q, key);
    if (value !== undefined) where.add(`${key}::text = ?`, value);
  }
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  return listPage(db, donationSelect, where, q);
}

export async function insertDonation(
  tx: Db,
  d: {
    id: string;
    fundId: string;
    participantId: string;
    points: number;
    holdId: string;
    workflowId: string;
    paymentDeadline: Date;
    createdBy: string;
    createdAt: Date;
    /** The API client that placed it, who alone may see and act on it through the client API. */
    clientId: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO donations (id, fund_id, participant_id, points, status, hold_id, workflow_id, payment_deadline_at, created_by, created_at, client_id)
     VALUES ($1, $2, $3, $4, 'placed', $5, $6, $7, $8, $9, $10)`,
    [d.id, d.fundId, d.participantId, d.points, d.holdId, d.workflowId, d.paymentDeadline, d.createdBy, d.createdAt, d.clientId],
  );
}

/** What the donation's workflow acts on, locked to the end of the transaction; null for an id that names none. */
export async function lockDonation(tx: Db, id: string) {
  const { rows } = await tx.query<{
    id: string;
    fund_id: string;
    participant_id: string;
    points: number;
    status: DonationStatus;
    end_reason: string | null;
    hold_id: string;
    completed_at: Date | null;
  }>('SELECT id, fund_id, participant_id, points, status, end_reason, hold_id, completed_at FROM donations WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ?? null;
}

export async function markDonationCompleted(tx: Db, id: string): Promise<void> {
  await tx.query(`UPDATE donations SET status = 'completed', completed_at = now() WHERE id = $1 AND status = 'placed'`, [id]);
}

export async function endDonation(tx: Db, id: string, status: 'cancelled' | 'expired', endReason: string): Promise<void> {
  await tx.query(`UPDATE donations SET status = $2, end_reason = $3, ended_at = now() WHERE id = $1 AND status = 'placed'`, [
    id,
    status,
    endReason,
  ]);
}
