/**
 * Ledger activities of the lot-expiry workflow (R20): find the next instant a lot expires, annul
 * what is due in batches, and send the expiry notices due before it.
 */
import { heartbeat } from '@temporalio/activity';
import {
  dueExpiryNotices,
  expireDueLotsFrom,
  markInactiveLotsNoticed,
  markLotsNoticed,
  nextLotInstant,
  type DueCursor,
} from '../db/ledger.js';
import { inTransaction, type Pool } from '../db/pool.js';
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
      return (await nextLotInstant(pool, noticeMs))?.getTime() ?? null;
    },

    /**
     * Expires due lots, `batchSize` per transaction, until none is due; answers how many. `parallel`
     * walks go side by side, each over its own participants (expireDueLotsFrom), each batch its own
     * transaction: a participant's order waits for one batch at most.
     */
    async expireDueLots({ batchSize, parallel = 1 }: { batchSize: number; parallel?: number }): Promise<number> {
      let total = 0;
      const walk = async (index: number, of: number) => {
        let from: DueCursor | null = null;
        for (;;) {
          const batch = await inTransaction(pool, (tx) => expireDueLotsFrom(tx, batchSize, from, { index, of }));
          total += batch.expired;
          heartbeat(total);
          if (batch.picked < batchSize) return;
          from = batch.last;
        }
      };
      const of = Math.max(1, parallel);
      await Promise.all(Array.from({ length: of }, (_, index) => walk(index, of)));
      return total;
    },

    /**
     * R20: "N points expire on D", once per lot, a configurable time before. One mail per
     * participant and expiry day, listing the points of every lot expiring that day.
     */
    async sendExpiryNotices({ noticeMs }: { noticeMs: number }): Promise<number> {
      heartbeat();
      const rows = await dueExpiryNotices(pool, noticeMs, 1000);
      for (const n of rows) {
        const key = `expiry-notice:${n.participant_id}:${n.day}`;
        await inTransaction(pool, async (tx) => {
          await recordMail(tx, {
            key,
            participantId: n.participant_id,
            kind: 'expiry_notice',
            to: n.email,
            ...expiryNoticeLetter(n.first_name, n.points, n.day),
          });
          await markLotsNoticed(tx, n.lot_ids);
        });
        await deliverMail(pool, mailer, key);
        heartbeat(key);
      }
      // Lots of participants who are no longer active need no notice.
      await markInactiveLotsNoticed(pool);
      return rows.length;
    },
  };
}
