/**
 * The system's state for the metrics scrape (api/metrics.ts): one cheap statement, read-only, over
 * tables other modules own (holds: db/ledger.ts; review_tasks: db/reviews.ts). Both counts use the
 * partial and status indexes those tables have, so a scrape costs the same with millions of rows.
 * Also the server's own view of sessions held behind locks (pg_stat_activity).
 */
import type { Db } from './pool.js';

export interface StateFigures {
  holdsOpen: number;
  holdsOpenPoints: number;
  reviewQueueLength: number;
  /** Seconds since the oldest open review task was opened; 0 when none is open. */
  reviewQueueOldestSeconds: number;
}

export async function stateFigures(db: Db): Promise<StateFigures> {
  const { rows } = await db.query<{ holds: number; held: number; reviews: number; oldest: number }>(
    `SELECT (SELECT count(*) FROM holds WHERE status = 'held')::int AS holds,
            (SELECT COALESCE(sum(amount), 0) FROM holds WHERE status = 'held')::bigint AS held,
            (SELECT count(*) FROM review_tasks WHERE status = 'open')::int AS reviews,
            COALESCE((SELECT extract(epoch FROM now() - min(created_at)) FROM review_tasks WHERE status = 'open'), 0)::float8 AS oldest`,
  );
  const r = rows[0];
  return { holdsOpen: r.holds, holdsOpenPoints: Number(r.held), reviewQueueLength: r.reviews, reviewQueueOldestSeconds: r.oldest };
}

/** How many sessions of this database wait for a lock now (pg_stat_activity): requests held behind a lock. */
export async function sessionsWaitingOnLocks(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0].n;
}
