/**
 * Ledger activities of the lot-expiry workflow (R20): find the next instant a lot expires, annul
 * what is due in batches, and send the expiry notices due before it.
 */
import { heartbeat } from '@temporalio/activity';
import { expireDueLots } from '../db/ledger.js';
import { inTransaction, type Pool } from '../infra/db.js';
import type { Mailer } from '../infra/mailer.js';
import { deliverMail, recordMail } from './mail.js';
import { expiryNoticeLetter } from './templates.js';

export interface LedgerDeps {
  pool: Pool;
  mailer: Mailer;
}

export function ledgerActivities({ pool, mailer }: LedgerDeps) {
  return {
    /** The earliest instant (epoch ms) at which a lot with points left expires, or gets its notice; null if none. */
    async nextLotInstant({ noticeMs }: { noticeMs: number }): Promise<number | null> {
      const { rows } = await pool.query<{ at: Date | null }>(
        `SELECT least(
                  (SELECT min(expires_at) FROM lots WHERE remaining > 0),
                  (SELECT min(expires_at) FROM lots WHERE remaining > 0 AND noticed_at IS NULL) - $1::bigint * interval '1 millisecond') AS at`,
        [noticeMs],
      );
      return rows[0].at?.getTime() ?? null;
    },

    /** Expires due lots, `batchSize` per transaction, until none is due; answers how many. */
    async expireDueLots({ batchSize }: { batchSize: number }): Promise<number> {
      let total = 0;
      for (;;) {
        const n = await inTransaction(pool, (tx) => expireDueLots(tx, batchSize));
        total += n;
        heartbeat(total);
        if (n < batchSize) return total;
      }
    },

    /**
     * R20: "N points expire on D", once per lot, a configurable time before. One mail per
     * participant and expiry day, listing the points of every lot expiring that day.
     */
    async sendExpiryNotices({ noticeMs }: { noticeMs: number }): Promise<number> {
      heartbeat();
      const { rows } = await pool.query<{ participant_id: string; day: string; points: number; email: string; first_name: string; lot_ids: number[] }>(
        `SELECT l.participant_id, to_char(l.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, sum(l.remaining)::int AS points,
                p.email, p.first_name, array_agg(l.id) AS lot_ids
           FROM lots l JOIN participants p ON p.id = l.participant_id
          WHERE l.remaining > 0 AND l.noticed_at IS NULL AND l.expires_at <= now() + $1::bigint * interval '1 millisecond'
            AND p.status = 'active'
          GROUP BY l.participant_id, day, p.email, p.first_name
          LIMIT 1000`,
        [noticeMs],
      );
      for (const n of rows) {
        const key = `expiry-notice:${n.participant_id}:${n.day}`;
        await inTransaction(pool, async (tx) => {
          await recordMail(tx, { key, participantId: n.participant_id, kind: 'expiry_notice', to: n.email, ...expiryNoticeLetter(n.first_name, n.points, n.day) });
          await tx.query('UPDATE lots SET noticed_at = now() WHERE id = ANY($1::bigint[])', [n.lot_ids]);
        });
        await deliverMail(pool, mailer, key);
        heartbeat(key);
      }
      // Lots of participants who are no longer active need no notice.
      await pool.query(
        `UPDATE lots l SET noticed_at = now() FROM participants p
          WHERE p.id = l.participant_id AND p.status <> 'active' AND l.noticed_at IS NULL`,
      );
      return rows.length;
    },
  };
}
