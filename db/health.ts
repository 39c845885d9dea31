import type { Db } from './pool.js';

/** The cheapest round trip: whether the database answers at all (readiness probes). */
export async function pingDatabase(db: Db): Promise<void> {
  await db.query('SELECT 1');
}
