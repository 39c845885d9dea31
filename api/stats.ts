/**
 * The console's dashboard (its first screen): the program's figures, computed in PostgreSQL over
 * whole tables (db/stats.ts), in one answer. Each figure names the list behind it in the console.
 */
import { LEDGER_FLOW_NAMES, listEntries, type EntryFilter } from '../db/ledger.js';
import type { ListQuery } from '../db/list-query.js';
import { enrolmentByDay, expiryByMonth, pointsByMonth, queueFigures, tierCounts } from '../db/stats.js';
import type { Pool } from '../db/pool.js';

export interface StatsRange {
  /** the points' months, this one last; and the expiry forecast's, this one first */
  months: number;
  /** the registrations' and activations' days, today last */
  days: number;
}

export async function dashboardStats(pool: Pool, range: StatsRange) {
  // Independent reads: on the pool, side by side.
  const [points, expiry, queues, enrolment, tiers] = await Promise.all([
    pointsByMonth(pool, range.months),
    expiryByMonth(pool, range.months),
    queueFigures(pool),
    enrolmentByDay(pool, range.days),
    tierCounts(pool),
  ]);
  return { generated_at: new Date().toISOString(), flows: LEDGER_FLOW_NAMES, points, expiry, queues, enrolment, tiers };
}

/** The ledger's entries behind a figure (a flow in a month, or the credits expiring in a month). */
export const ledgerEntries = (pool: Pool, q: ListQuery, filter: EntryFilter) => listEntries(pool, q, filter);
