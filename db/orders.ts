/**
 * Orders of catalog items paid with points (`orders`, R15–R17, A5) and the documents of an order's
 * affiliation check (`order_documents`, R17). An order's points are held and spent through
 * db/ledger.ts, in the same transaction as the order's own changes.
 */
import type { Db } from './pool.js';
import { OPEN_ORDER_STATUSES } from '../workflows/messages/order.js';
import { isUuid } from './ids.js';
import { Where, filterFlag, filterText, listPage, type ListQuery } from './list-query.js';
import { sqlList } from './sql-list.js';

export type OrderStatus = 'placed' | 'awaiting_documents' | 'awaiting_review' | 'completed' | 'cancelled' | 'expired' | 'rejected';

const orderSelect = `
  SELECT o.id, o.participant_id, p.email AS participant_email, p.first_name || ' ' || p.last_name AS participant_name,
         o.item_id, i.sku, i.title AS item_title, o.quantity, o.unit_points, o.total_points, o.status, o.affiliation_check,
         o.documents_deadline_at, o.documents_received_at, o.payment_deadline_at, o.decision, o.decision_reason, o.decided_by,
         o.decided_at, o.end_reason, o.ended_at, o.completed_at, o.hold_id, h.status AS hold_status, o.workflow_id,
         o.created_by, o.client_id, o.created_at, o.updated_at
    FROM orders o
    JOIN participants p ON p.id = o.participant_id
    JOIN catalog_items i ON i.id = o.item_id
    JOIN holds h ON h.id = o.hold_id`;

/** The order as screens show it; null for an id that names none. */
export async function orderById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${orderSelect} WHERE o.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The console's order list (filters: status, participant_id, item_id, affiliation_check). */
export async function listOrders(db: Db, q: ListQuery) {
  const where = new Where();
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  const participantId = filterText(q, 'participant_id');
  if (participantId !== undefined) where.add('participant_id::text = ?', participantId);
  const itemId = filterText(q, 'item_id');
  if (itemId !== undefined) where.add('item_id::text = ?', itemId);
  const affiliationCheck = filterFlag(q, 'affiliation_check');
  if (affiliationCheck !== undefined) where.add('affiliation_check = ?', affiliationCheck);
  return listPage(db, orderSelect, where, q);
}

/** The ids of the documents uploaded for the order, oldest first. */
export async function orderDocumentIds(db: Db, orderId: string): Promise<string[]> {
  const { rows } = await db.query<{ document_id: string }>(
    'SELECT document_id FROM order_documents WHERE order_id = $1 ORDER BY created_at',
    [orderId],
  );
  return rows.map((r) => r.document_id);
}

/** R16: whether the participant has a completed order. */
export async function hasCompletedOrder(db: Db, participantId: string): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM orders WHERE participant_id = $1 AND status = 'completed' LIMIT 1`, [participantId]);
  return (rowCount ?? 0) > 0;
}

/** The participant's orders still open (placed, or waiting for documents or a reviewer). */
export async function openOrderIds(db: Db, participantId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM orders WHERE participant_id = $1 AND status IN ${sqlList(OPEN_ORDER_STATUSES)}`,
    [participantId],
  );
  return rows.map((r) => r.id);
}

export async function insertOrder(
  tx: Db,
  o: {
    id: string;
    participantId: string;
    itemId: string;
    quantity: number;
    unitPoints: number;
    totalPoints: number;
    status: OrderStatus;
    holdId: string;
    affiliationCheck: boolean;
    workflowId: string;
    documentsDeadline: Date | null;
    paymentDeadline: Date | null;
    createdBy: string;
    createdAt: Date;
    /** The API client that placed it, who alone may see and act on it through the client API; null: staff. */
    clientId: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO orders (id, participant_id, item_id, quantity, unit_points, total_points, status, hold_id, affiliation_check,
                         workflow_id, documents_deadline_at, payment_deadline_at, created_by, created_at, updated_at, client_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)`,
    [
      o.id,
      o.participantId,
      o.itemId,
      o.quantity,
      o.unitPoints,
      o.totalPoints,
      o.status,
      o.holdId,
      o.affiliationCheck,
      o.workflowId,
      o.documentsDeadline,
      o.paymentDeadline,
      o.createdBy,
      o.createdAt,
      o.clientId,
    ],
  );
}

/** What the order's workflow acts on. */
export interface LockedOrder {
  id: string;
  participant_id: string;
  item_id: string;
  quantity: number;
  total_points: number;
  status: OrderStatus;
  hold_id: string;
  end_reason: string | null;
}

/**
 * The order, locked until the end of the transaction; null if there is none. NO KEY UPDATE: an
 * order being placed at the same time (whose foreign keys take KEY SHARE locks) never waits for it.
 */
export async function lockOrder(tx: Db, id: string): Promise<LockedOrder | null> {
  const { rows } = await tx.query<LockedOrder>(
    `SELECT id, participant_id, item_id, quantity, total_points, status, hold_id, end_reason
       FROM orders WHERE id = $1 FOR NO KEY UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}

/** R17: the documents belong to the order (once each), which now waits for a reviewer. */
export async function attachOrderDocuments(tx: Db, id: string, documentIds: string[]): Promise<void> {
  await tx.query(`INSERT INTO order_documents (order_id, document_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [
    id,
    documentIds,
  ]);
  await tx.query(`UPDATE orders SET status = 'awaiting_review', documents_received_at = now(), updated_at = now() WHERE id = $1`, [id]);
}

/** R17: the reviewer's decision; an approval opens the payment window until `paymentDeadline` (A5). */
export async function recordOrderDecision(
  tx: Db,
  id: string,
  d: { status: OrderStatus; decision: 'approved' | 'rejected'; reason: string | null; decidedBy: string; paymentDeadline: Date },
): Promise<void> {
  await tx.query(
    `UPDATE orders SET status = $2, decision = $3, decision_reason = $4, decided_by = $5, decided_at = now(),
                       payment_deadline_at = CASE WHEN $2 = 'placed' THEN $6::timestamptz END, updated_at = now()
      WHERE id = $1`,
    [id, d.status, d.decision, d.reason, d.decidedBy, d.paymentDeadline],
  );
}

/** The order ends without completion (cancelled, expired, rejected), saying why. */
export async function endOrder(tx: Db, id: string, status: 'cancelled' | 'expired' | 'rejected', endReason: string): Promise<void> {
  await tx.query(`UPDATE orders SET status = $2, end_reason = $3, ended_at = now(), updated_at = now() WHERE id = $1`, [
    id,
    status,
    endReason,
  ]);
}

export async function markOrderCompleted(tx: Db, id: string): Promise<void> {
  await tx.query(`UPDATE orders SET status = 'completed', completed_at = now(), updated_at = now() WHERE id = $1`, [id]);
}
