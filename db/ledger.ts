import type { Db } from '../infra/db.js';

/** A participant's ledger entries, newest first, each naming its source (the event's title where there is one). */
export async function participantLedger(db: Db, participantId: string) {
  const { rows } = await db.query(
    `SELECT l.id, l.amount, l.source_type, l.source_id, e.title AS source_title, l.claim_id, l.created_at
       FROM ledger_entries l
       LEFT JOIN events e ON l.source_type <> 'welcome' AND e.id::text = l.source_id
      WHERE l.participant_id = $1
      ORDER BY l.id DESC`,
    [participantId],
  );
  return rows;
}
