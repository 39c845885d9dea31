/**
 * Activities of the order workflow (R15–R17, A5). Each one locks the order row, acts only if the
 * order is still in the state it expects, and writes the order, the ledger (through db/ledger.ts)
 * and the audit log in one transaction: a retried activity changes nothing twice.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { systemActor, writeAudit, type Actor } from '../db/audit.js';
import { lockStock, takeStock } from '../db/catalog.js';
import { captureHold, releaseHold } from '../db/ledger.js';
import { attachOrderDocuments, endOrder, lockOrder, markOrderCompleted, recordOrderDecision } from '../db/orders.js';
import { inTransaction, type Db, type Pool } from '../db/pool.js';
import { OPEN_ORDER_STATUSES, type OrderDecision, type OrderEndReason, type OrderStatus } from '../workflows/messages/order.js';
import type { ActorRef } from '../workflows/messages/shared.js';

export interface OrderDeps {
  pool: Pool;
}

interface OrderRow {
  id: string;
  participant_id: string;
  item_id: string;
  quantity: number;
  total_points: number;
  status: OrderStatus;
  hold_id: string;
  end_reason: OrderEndReason | null;
}

export interface OrderOutcome {
  status: OrderStatus;
  endReason: OrderEndReason | null;
}

const OPEN: readonly OrderStatus[] = OPEN_ORDER_STATUSES;

/** The order, locked until the end of the transaction (see db/orders.ts); a missing order fails for good. */
async function lockedOrder(tx: Db, orderId: string): Promise<OrderRow> {
  const order = await lockOrder(tx, orderId);
  if (!order) throw ApplicationFailure.nonRetryable(`Order ${orderId} not found`, 'OrderNotFound');
  return order as OrderRow;
}

const outcomeOf = (order: Pick<OrderRow, 'status' | 'end_reason'>): OrderOutcome => ({ status: order.status, endReason: order.end_reason });
const actorOf = (by: ActorRef | null): Actor => (by ? { type: by.type, id: by.id, label: by.label } : systemActor);

/** The order ends without completion: the held points go back to their lots. */
async function endWithRelease(
  tx: Db,
  order: OrderRow,
  status: 'cancelled' | 'expired' | 'rejected',
  endReason: OrderEndReason,
): Promise<OrderOutcome> {
  await releaseHold(tx, order.hold_id);
  await endOrder(tx, order.id, status, endReason);
  return { status, endReason };
}

export function orderActivities({ pool }: OrderDeps) {
  return {
    /** R17: the uploaded documents belong to the order, which now waits for a reviewer. */
    async recordOrderDocuments({ orderId, documentIds, by }: { orderId: string; documentIds: string[]; by: ActorRef }): Promise<void> {
      await inTransaction(pool, async (tx) => {
        const order = await lockedOrder(tx, orderId);
        if (order.status !== 'awaiting_documents') return;
        await attachOrderDocuments(tx, orderId, documentIds);
        await writeAudit(tx, actorOf(by), 'order.documents', { type: 'order', id: orderId }, { documentIds });
      });
    },

    /**
     * R17: the reviewer's decision. An approval opens the payment window (A5) until
     * `paymentDeadline`; a rejection releases the held points.
     */
    async decideOrder({
      orderId,
      decision,
      reason,
      staff,
      paymentDeadline,
    }: OrderDecision & { orderId: string; paymentDeadline: number }): Promise<OrderOutcome> {
      return inTransaction(pool, async (tx) => {
        const order = await lockedOrder(tx, orderId);
        if (order.status !== 'awaiting_review') return outcomeOf(order);
        const outcome =
          decision === 'approve' ? { status: 'placed' as const, endReason: null } : await endWithRelease(tx, order, 'rejected', 'rejected');
        await recordOrderDecision(tx, orderId, {
          status: outcome.status,
          decision: decision === 'approve' ? 'approved' : 'rejected',
          reason,
          decidedBy: staff.label,
          paymentDeadline: new Date(paymentDeadline),
        });
        await writeAudit(
          tx,
          { type: 'staff', id: staff.id, label: staff.label },
          `order.${decision}`,
          { type: 'order', id: orderId },
          {
            participantId: order.participant_id,
            reason,
          },
        );
        return outcome;
      });
    },

    /**
     * A5: the shop completed the order: the held points are spent and the stock taken, in one
     * transaction. Not enough stock left: the points go back and the order is cancelled.
     */
    async completeOrder({ orderId, by }: { orderId: string; by: ActorRef }): Promise<OrderOutcome> {
      return inTransaction(pool, async (tx) => {
        const order = await lockedOrder(tx, orderId);
        if (order.status !== 'placed') return outcomeOf(order);
        const stock = await lockStock(tx, order.item_id);
        let outcome: OrderOutcome;
        if (stock < order.quantity) {
          outcome = await endWithRelease(tx, order, 'cancelled', 'out_of_stock');
        } else if (!(await captureHold(tx, { holdId: order.hold_id, sourceId: orderId, createdBy: by.label }))) {
          // The hold was released under the order (the participant left, R26): nothing to spend.
          await endOrder(tx, orderId, 'cancelled', 'points_released');
          outcome = { status: 'cancelled', endReason: 'points_released' };
        } else {
          await takeStock(tx, order.item_id, order.quantity);
          await markOrderCompleted(tx, orderId);
          outcome = { status: 'completed', endReason: null };
        }
        await writeAudit(
          tx,
          actorOf(by),
          outcome.status === 'completed' ? 'order.complete' : 'order.cancel',
          { type: 'order', id: orderId },
          {
            participantId: order.participant_id,
            points: order.total_points,
            endReason: outcome.endReason,
          },
        );
        return outcome;
      });
    },

    /** The order ends without completion (cancelled by the client, or a wait ran out): the points go back. */
    async endOrder({
      orderId,
      status,
      endReason,
      by,
    }: {
      orderId: string;
      status: 'cancelled' | 'expired';
      endReason: OrderEndReason;
      by: ActorRef | null;
    }): Promise<OrderOutcome> {
      return inTransaction(pool, async (tx) => {
        const order = await lockedOrder(tx, orderId);
        if (!OPEN.includes(order.status)) return outcomeOf(order);
        const outcome = await endWithRelease(tx, order, status, endReason);
        await writeAudit(
          tx,
          actorOf(by),
          status === 'expired' ? 'order.expire' : 'order.cancel',
          { type: 'order', id: orderId },
          {
            participantId: order.participant_id,
            endReason,
          },
        );
        return outcome;
      });
    },
  };
}
