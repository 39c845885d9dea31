/**
 * The console's dashboard: the program's figures, each computed in one statement over the whole
 * of its table (never over a page of a list), read-only, over tables other modules own (the ledger's:
 * db/ledger.ts, whose LEDGER_FLOWS it sums so that each figure is the total of the entries its list
 * shows; participants: db/participants.ts; the queues: db/reviews.ts, db/claims.ts, db/incidents.ts,
 * db/orders.ts, db/email-changes.ts, db/applications.ts, db/adjustment-requests.ts; tiers:
 * db/tiers.ts). Months and days are UTC, as the ledger's other reports (expiry forecast, statements).
 * Each range is one index range scan per month or day (ledger_entries_created, lots_due,
 * participants_registered_at, participants_activated_at, the queues' status indexes).
 */
import type { Db } from './pool.js';
import { LEDGER_FLOWS } from './ledger.js';

export interface MonthPoints {
  /** YYYY-MM */
  month: string;
  credited: number;
  spent: number;
  donated: number;
  expired: number;
  annulled: number;
}

/** Points credited, spent, donated, expired and annulled in each of the last `months` months (this one last), as positive sums. */
export async function pointsByMonth(db: Db, months: number): Promise<MonthPoints[]> {
  const sum = (flow: keyof typeof LEDGER_FLOWS) =>
    `coalesce(abs(sum(e.amount) FILTER (WHERE ${LEDGER_FLOWS[flow]})), 0)::bigint AS ${flow}`;
  const { rows } = await db.query<Record<keyof MonthPoints, string>>(
    `WITH m AS (
       SELECT generate_series(date_trunc('month', now() AT TIME ZONE 'UTC') - ($1::int - 1) * interval '1 month',
                              date_trunc('month', now() AT TIME ZONE 'UTC'), interval '1 month') AS start)
     SELECT to_char(m.start, 'YYYY-MM') AS month, ${sum('credited')}, ${sum('spent')}, ${sum('donated')}, ${sum('expired')}, ${sum('annulled')}
       FROM m LEFT JOIN ledger_entries e
         ON e.created_at >= m.start AT TIME ZONE 'UTC' AND e.created_at < (m.start + interval '1 month') AT TIME ZONE 'UTC'
      GROUP BY m.start ORDER BY m.start`,
    [months],
  );
  return rows.map((r) => ({
    month: r.month,
    credited: Number(r.credited),
    spent: Number(r.spent),
    donated: Number(r.donated),
    expired: Number(r.expired),
    annulled: Number(r.annulled),
  }));
}

export interface MonthExpiry {
  /** YYYY-MM */
  month: string;
  /** points still in lots that expire in the month, unless spent first (R20) */
  points: number;
  participants: number;
}

/** The expiry forecast for this month and the `months - 1` after it: every month, none left out. */
export async function expiryByMonth(db: Db, months: number): Promise<MonthExpiry[]> {
  const { rows } = await db.query<{ month: string; points: string; participants: number }>(
    `WITH m AS (
       SELECT generate_series(date_trunc('month', now() AT TIME ZONE 'UTC'),
                              date_trunc('month', now() AT TIME ZONE 'UTC') + ($1::int - 1) * interval '1 month', interval '1 month') AS start)
     SELECT to_char(m.start, 'YYYY-MM') AS month, coalesce(sum(l.remaining), 0)::bigint AS points,
            count(DISTINCT l.participant_id)::int AS participants
       FROM m LEFT JOIN lots l
         ON l.remaining > 0 AND l.expires_at > now()
        AND l.expires_at >= m.start AT TIME ZONE 'UTC' AND l.expires_at < (m.start + interval '1 month') AT TIME ZONE 'UTC'
      GROUP BY m.start ORDER BY m.start`,
    [months],
  );
  return rows.map((r) => ({ month: r.month, points: Number(r.points), participants: r.participants }));
}

/** A work queue as its menu entry counts it (admin-ui/src/layout/Menu.tsx): its resource and what waits in it. */
export const QUEUES = {
  reviews: { status: 'open' },
  claims: { status: 'open' },
  incidents: { status: 'open' },
  orders: { status: 'awaiting_review' },
  'email-changes': { status: 'awaiting_review' },
  applications: { status: 'awaiting_review' },
  'adjustment-requests': { status: 'pending' },
} as const;
export type Queue = keyof typeof QUEUES;

export interface QueueFigure {
  queue: Queue;
  waiting: number;
  /** when the item waiting longest began to wait; null when nothing waits */
  oldest_at: Date | null;
  oldest_seconds: number | null;
}

/**
 * What waits in each work queue, and since when the oldest has: its creation (an order under an
 * affiliation check, R17, waits for staff from when its documents came).
 */
export async function queueFigures(db: Db): Promise<QueueFigure[]> {
  const { rows } = await db.query<QueueFigure>(
    `SELECT queue, waiting, oldest_at, round(extract(epoch FROM now() - oldest_at))::int AS oldest_seconds FROM (
     SELECT 'reviews' AS queue, count(*)::int AS waiting, min(created_at) AS oldest_at FROM review_tasks WHERE status = $1
     UNION ALL SELECT 'claims', count(*)::int, min(created_at) FROM claims WHERE status = $2
     UNION ALL SELECT 'incidents', count(*)::int, min(created_at) FROM incidents WHERE status = $3
     UNION ALL SELECT 'orders', count(*)::int, min(coalesce(documents_received_at, created_at)) FROM orders WHERE status = $4
     UNION ALL SELECT 'email-changes', count(*)::int, min(created_at) FROM email_change_requests WHERE status = $5
     UNION ALL SELECT 'applications', count(*)::int, min(created_at) FROM corporate_applications WHERE status = $6
     UNION ALL SELECT 'adjustment-requests', count(*)::int, min(created_at) FROM adjustment_requests WHERE status = $7) q`,
    [
      QUEUES.reviews.status,
      QUEUES.claims.status,
      QUEUES.incidents.status,
      QUEUES.orders.status,
      QUEUES['email-changes'].status,
      QUEUES.applications.status,
      QUEUES['adjustment-requests'].status,
    ],
  );
  return rows;
}

export interface DayEnrolment {
  /** YYYY-MM-DD */
  day: string;
  registered: number;
  activated: number;
}

/** Registrations and activations on each of the last `days` days (today last). */
export async function enrolmentByDay(db: Db, days: number): Promise<DayEnrolment[]> {
  const { rows } = await db.query<DayEnrolment>(
    `WITH d AS (
       SELECT generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') - ($1::int - 1) * interval '1 day',
                              date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day') AS start)
     SELECT to_char(d.start, 'YYYY-MM-DD') AS day,
            (SELECT count(*) FROM participants p
              WHERE p.registered_at >= d.start AT TIME ZONE 'UTC' AND p.registered_at < (d.start + interval '1 day') AT TIME ZONE 'UTC')::int AS registered,
            (SELECT count(*) FROM participants p
              WHERE p.activated_at >= d.start AT TIME ZONE 'UTC' AND p.activated_at < (d.start + interval '1 day') AT TIME ZONE 'UTC')::int AS activated
       FROM d ORDER BY d.start`,
    [days],
  );
  return rows;
}

export interface TierCount {
  /** the tier's code (rules/tiers.ts), null: no tier */
  tier: string | null;
  participants: number;
}

/** A1: active participants by their tier now, and those without one. */
export async function tierCounts(db: Db): Promise<TierCount[]> {
  const { rows } = await db.query<TierCount>(
    `SELECT t.tier, count(*)::int AS participants
       FROM participants p LEFT JOIN participant_tiers t ON t.participant_id = p.id
      WHERE p.status = 'active'
      GROUP BY t.tier ORDER BY t.tier NULLS LAST`,
  );
  return rows;
}
