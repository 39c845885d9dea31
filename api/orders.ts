/**
 * Shop use cases shared by the client API and the staff API (R15–R19, A5): the catalog, placing an
 * order (its points held in the same transaction, its workflow started inside it), and the messages
 * an order's workflow takes: completion, cancellation, affiliation documents and a reviewer's decision.
 * Request shapes live here too: one zod schema gives validation, type and OpenAPI.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { writeAudit, type Actor } from '../db/audit.js';
import { discardDocument, documentsByIds, storeDocument } from '../db/documents.js';
import { InsufficientPoints, placeHold } from '../db/ledger.js';
import { liveParticipantByEmail, participantById } from '../db/participants.js';
import { termsAt } from '../db/terms.js';
import { inTransaction, type Db, type Pool } from '../infra/db.js';
import { detectDocumentType, type DocumentType } from '../rules/documents.js';
import { isValidEmail, normalizeEmail } from '../rules/email.js';
import {
  OrderRefusal,
  cancelOrderUpdate,
  completeOrderUpdate,
  decideOrderUpdate,
  orderWorkflowId,
  submitOrderDocumentsUpdate,
  type ActorRef,
  type OrderInput,
  type StaffRef,
} from '../workflows/messages.js';
import type { orderWorkflow } from '../workflows/order.js';
import type { ApiDeps } from './deps.js';
import { isUuid } from './earning.js';
import { AppError } from './errors.js';
import { askWorkflow, temporalCall } from './temporal.js';

// ---- request shapes --------------------------------------------------------------------------

export const MAX_QUANTITY = 100;
export const MAX_ORDER_DOCUMENTS = 5;

const sku = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
const title = z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters');
const description = z.string().trim().max(5000, 'must be at most 5000 characters');
const pricePoints = z.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(1_000_000, 'must be at most 1000000');
const stock = z.number('must be a number').int('must be a whole number').min(0, 'must not be negative').max(1_000_000, 'must be at most 1000000');
const active = z.boolean('must be true or false');

export const CatalogItemRequest = z
  .strictObject({ sku, title, description: description.default(''), pricePoints, stock, active: active.default(true) })
  .meta({
    id: 'CatalogItemRequest',
    description: 'R15: a branded item of the operator\'s shop, priced in points.',
    example: { sku: 'MUG-001', title: 'Кружка с логотипом', description: '350 мл', pricePoints: 300, stock: 50, active: true },
  });

/** Changes to an item: any of its fields, at least one. */
export const CatalogItemChange = z
  .strictObject({
    sku: sku.optional(),
    title: title.optional(),
    description: description.optional(),
    pricePoints: pricePoints.optional(),
    stock: stock.optional(),
    active: active.optional(),
  })
  .meta({ id: 'CatalogItemChange', description: 'The fields of a catalog item to change; orders already placed keep their price.' });

export const OrderRequest = z
  .strictObject({
    participantId: z.uuid('must be a participant id').optional(),
    email: z.string().trim().max(254, 'must be at most 254 characters').refine(isValidEmail, 'must be a valid email address').optional(),
    sku: z.string('is required').trim().min(1, 'is required').max(64, 'must be at most 64 characters'),
    quantity: z
      .number('must be a number')
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_QUANTITY, `must be at most ${MAX_QUANTITY}`),
    affiliationCheck: z.boolean('must be true or false').default(false).meta({
      description: 'R17: the shop asks for documents proving the participant still works at the agency; the order waits for them and a reviewer',
    }),
  })
  .meta({
    id: 'OrderRequest',
    description: 'An order of a catalog item paid with points (R15), for a participant named by id or by email.',
    example: { email: 'anna@agency.example', sku: 'MUG-001', quantity: 1 },
  });

export const OrderDecisionRequest = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], 'must be approve or reject'),
    reason: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  })
  .refine((d) => d.decision === 'approve' || (d.reason?.length ?? 0) > 0, { path: ['reason'], message: 'is required to reject' });

// ---- the catalog (R15) -------------------------------------------------------------------------

export const catalogSelect = `
  SELECT id, sku, title, description, price_points, stock, active, created_by, created_at, updated_at FROM catalog_items`;

/** What clients see of the catalog: the active items. */
export async function activeCatalog(pool: Pool) {
  const { rows } = await pool.query(
    `SELECT id, sku, title, description, price_points, stock, stock > 0 AS in_stock FROM catalog_items WHERE active ORDER BY title, sku`,
  );
  return rows;
}

export async function catalogItemById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${catalogSelect} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function requireCatalogItem(db: Db, id: string) {
  const item = await catalogItemById(db, id);
  if (!item) throw new AppError(404, 'item_not_found', 'No catalog item with this id', 'id');
  return item;
}

const skuTaken = (err: unknown) => {
  if ((err as { code?: string })?.code === '23505') throw new AppError(409, 'sku_taken', 'Another catalog item has this SKU', 'sku');
  throw err;
};

export async function createCatalogItem(pool: Pool, item: z.infer<typeof CatalogItemRequest>, actor: Actor) {
  const id = randomUUID();
  await inTransaction(pool, async (tx) => {
    await tx
      .query(
        `INSERT INTO catalog_items (id, sku, title, description, price_points, stock, active, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, item.sku, item.title, item.description, item.pricePoints, item.stock, item.active, actor.label],
      )
      .catch(skuTaken);
    await writeAudit(tx, actor, 'catalog.create', { type: 'catalog_item', id }, item);
  });
  return requireCatalogItem(pool, id);
}

const COLUMNS = { sku: 'sku', title: 'title', description: 'description', pricePoints: 'price_points', stock: 'stock', active: 'active' } as const;

export async function updateCatalogItem(pool: Pool, id: string, change: z.infer<typeof CatalogItemChange>, actor: Actor) {
  const fields = (Object.keys(COLUMNS) as Array<keyof typeof COLUMNS>).filter((f) => change[f] !== undefined);
  if (fields.length === 0) throw new AppError(400, 'validation_failed', 'body: change at least one field', 'body');
  await inTransaction(pool, async (tx) => {
    if (!isUuid(id)) throw new AppError(404, 'item_not_found', 'No catalog item with this id', 'id');
    const { rows } = await tx.query(`${catalogSelect} WHERE id = $1 FOR UPDATE`, [id]);
    const before = rows[0];
    if (!before) throw new AppError(404, 'item_not_found', 'No catalog item with this id', 'id');
    const values = fields.map((f) => change[f]);
    await tx
      .query(
        `UPDATE catalog_items SET ${fields.map((f, i) => `${COLUMNS[f]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
        [id, ...values],
      )
      .catch(skuTaken);
    const changes = Object.fromEntries(fields.map((f) => [f, { from: before[COLUMNS[f]], to: change[f] }]));
    await writeAudit(tx, actor, 'catalog.update', { type: 'catalog_item', id }, changes);
  });
  return requireCatalogItem(pool, id);
}

// ---- orders ----------------------------------------------------------------------------------

export const orderSelect = `
  SELECT o.id, o.participant_id, p.email AS participant_email, p.first_name || ' ' || p.last_name AS participant_name,
         o.item_id, i.sku, i.title AS item_title, o.quantity, o.unit_points, o.total_points, o.status, o.affiliation_check,
         o.documents_deadline_at, o.documents_received_at, o.payment_deadline_at, o.decision, o.decision_reason, o.decided_by,
         o.decided_at, o.end_reason, o.ended_at, o.completed_at, o.hold_id, h.status AS hold_status, o.workflow_id,
         o.created_by, o.created_at, o.updated_at
    FROM orders o
    JOIN participants p ON p.id = o.participant_id
    JOIN catalog_items i ON i.id = o.item_id
    JOIN holds h ON h.id = o.hold_id`;

export async function orderById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${orderSelect} WHERE o.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function requireOrder(db: Db, id: string) {
  const order = await orderById(db, id);
  if (!order) throw new AppError(404, 'order_not_found', 'No order with this id', 'id');
  return order;
}

/** The order with the documents uploaded for its affiliation check (R17). */
export async function orderWithDocuments(db: Db, id: string) {
  const order = await requireOrder(db, id);
  const { rows } = await db.query<{ document_id: string }>('SELECT document_id FROM order_documents WHERE order_id = $1 ORDER BY created_at', [id]);
  return { ...order, documents: await documentsByIds(db, rows.map((r) => r.document_id)) };
}

/** Whom an order is for: a participant named by id or by email (R1). */
export async function orderingParticipant(pool: Pool, who: { participantId?: string; email?: string }) {
  if (!who.participantId === !who.email) {
    throw new AppError(400, 'validation_failed', 'participantId: name the participant by participantId or by email, not both', 'participantId');
  }
  const participant = who.participantId
    ? await participantById(pool, who.participantId)
    : await liveParticipantByEmail(pool, normalizeEmail(who.email!));
  if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id or email', who.participantId ? 'participantId' : 'email');
  return participant;
}

/**
 * R15–R17, A5: the order and the hold on its points are written in one transaction, under the
 * participant's row lock (so two orders at the same instant are judged one after the other and
 * never overspend), and its workflow is started inside it: a refused start leaves nothing.
 */
export async function placeOrder(
  { pool, temporal, config }: ApiDeps,
  order: { participantId: string; sku: string; quantity: number; affiliationCheck: boolean },
  actor: Actor,
) {
  const id = randomUUID();
  const holdId = randomUUID();
  const placedAt = new Date();
  // R27: the terms in force when the order is placed; the workflow keeps them for its whole life.
  const current = await termsAt(pool, config.program, placedAt);
  const terms = { paymentWindowMs: current.paymentWindowMs, affiliationDocumentsTimeoutMs: current.affiliationDocumentsTimeoutMs };
  const input: OrderInput = { orderId: id, affiliationCheck: order.affiliationCheck, placedAt: placedAt.getTime(), terms };
  const deadline = (ms: number) => new Date(placedAt.getTime() + ms);

  await inTransaction(pool, async (tx) => {
    const { rows: [item] } = await tx.query<{ id: string; price_points: number; stock: number; active: boolean }>(
      'SELECT id, price_points, stock, active FROM catalog_items WHERE sku = $1',
      [order.sku],
    );
    if (!item) throw new AppError(404, 'item_not_found', 'No catalog item with this SKU', 'sku');
    if (!item.active) throw new AppError(409, 'item_inactive', 'This item is not offered any more', 'sku');
    if (item.stock < order.quantity) {
      throw new AppError(409, 'out_of_stock', `Only ${item.stock} of this item are in stock`, 'quantity', { inStock: item.stock });
    }

    // The participant's row lock: this participant's orders are judged one after the other.
    const { rows: [participant] } = await tx.query<{ status: string }>('SELECT status FROM participants WHERE id = $1 FOR UPDATE', [order.participantId]);
    if (participant.status !== 'active') {
      throw new AppError(409, 'participant_not_active', `The participant is ${participant.status}: only active participants order`, 'participantId');
    }
    const total = item.price_points * order.quantity;

    // R16: before the first completed order, the balance must have reached the minimum.
    const completed = await tx.query(`SELECT 1 FROM orders WHERE participant_id = $1 AND status = 'completed' LIMIT 1`, [order.participantId]);
    if (!completed.rowCount) {
      const { balance } = (await participantById(tx, order.participantId))!;
      const minimum = current.firstOrderMinimum;
      if (balance < minimum) {
        throw new AppError(409, 'first_order_minimum',
          `R16: the first order can be placed once the balance has reached ${minimum} points; the participant holds ${balance}`,
          'participantId', { rule: 'R16', minimum, balance });
      }
    }

    try {
      await placeHold(tx, { holdId, participantId: order.participantId, amount: total, reason: `order:${id}` });
    } catch (err) {
      if (err instanceof InsufficientPoints) {
        throw new AppError(409, 'insufficient_points', `The participant holds ${err.available} points; this order needs ${err.wanted}`, 'quantity', {
          available: err.available,
          wanted: err.wanted,
        });
      }
      throw err;
    }
    await tx.query(
      `INSERT INTO orders (id, participant_id, item_id, quantity, unit_points, total_points, status, hold_id, affiliation_check,
                           workflow_id, documents_deadline_at, payment_deadline_at, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
      [id, order.participantId, item.id, order.quantity, item.price_points, total,
        order.affiliationCheck ? 'awaiting_documents' : 'placed', holdId, order.affiliationCheck, orderWorkflowId(id),
        order.affiliationCheck ? deadline(terms.affiliationDocumentsTimeoutMs) : null,
        order.affiliationCheck ? null : deadline(terms.paymentWindowMs), actor.label, placedAt],
    );
    await writeAudit(tx, actor, 'order.place', { type: 'order', id }, {
      participantId: order.participantId, sku: order.sku, quantity: order.quantity, points: total, affiliationCheck: order.affiliationCheck,
    });
    // Started inside the transaction: if Temporal refuses, no order and no hold are left behind.
    await temporalCall(() =>
      temporal.workflow.start<typeof orderWorkflow>('orderWorkflow', {
        workflowId: orderWorkflowId(id),
        taskQueue: config.taskQueue,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      }),
    );
  });
  return requireOrder(pool, id);
}

/** The refusal of a message the order is not waiting for, in the words of its current state. */
function notWaitingFor(order: { status: string; end_reason: string | null }, action: string): AppError {
  if (order.status === 'awaiting_documents' || order.status === 'awaiting_review') {
    return new AppError(409, 'affiliation_check_pending',
      `R17: the order waits for the affiliation check (${order.status.replace('_', ' ')}); it can be ${action} only after a reviewer approves it`, 'id',
      { status: order.status });
  }
  const why = order.end_reason === 'payment_window_elapsed' ? ': the payment window elapsed (A5) and the points went back' : '';
  return new AppError(409, 'order_not_open', `The order is ${order.status}${why}`, 'id', { status: order.status, endReason: order.end_reason });
}

/** A5: the shop was paid: the held points are spent and the stock taken. Out of stock by now: 409, the points go back. */
export async function completeOrder({ pool, temporal }: ApiDeps, id: string, by: ActorRef) {
  const order = await requireOrder(pool, id);
  const refused = notWaitingFor(order, 'completed');
  if (order.status !== 'placed') throw refused;
  await askWorkflow(
    () => temporal.workflow.getHandle(order.workflow_id).executeUpdate(completeOrderUpdate, { args: [{ by }] }),
    { [OrderRefusal.notAwaitingCompletion]: refused },
    refused,
  );
  const after = await requireOrder(pool, id);
  if (after.status === 'cancelled' && after.end_reason === 'out_of_stock') {
    throw new AppError(409, 'out_of_stock', 'The item sold out before this order was completed; the order is cancelled and its points went back', 'id', { order: after });
  }
  if (after.status !== 'completed') throw notWaitingFor(after, 'completed');
  return after;
}

/** The client cancels an open order: the held points go back. */
export async function cancelOrder({ pool, temporal }: ApiDeps, id: string, by: ActorRef) {
  const order = await requireOrder(pool, id);
  const refused = new AppError(409, 'order_not_open', `The order is ${order.status}`, 'id', { status: order.status });
  if (['completed', 'cancelled', 'expired', 'rejected'].includes(order.status)) throw refused;
  await askWorkflow(
    () => temporal.workflow.getHandle(order.workflow_id).executeUpdate(cancelOrderUpdate, { args: [{ by }] }),
    { [OrderRefusal.notOpen]: refused },
    refused,
  );
  const after = await requireOrder(pool, id);
  if (after.status !== 'cancelled') throw new AppError(409, 'order_not_open', `The order is ${after.status}`, 'id', { status: after.status });
  return after;
}

/**
 * R17: the affiliation documents (PDF, PNG or JPEG, recognised by their bytes) are stored, then
 * handed to the order's workflow; if it no longer waits for them, they are removed again.
 */
export async function submitOrderDocuments(
  { pool, temporal }: ApiDeps,
  id: string,
  files: Array<{ originalname: string; buffer: Buffer }>,
  by: ActorRef,
) {
  const order = await requireOrder(pool, id);
  if (!order.affiliation_check) throw new AppError(409, 'no_affiliation_check', 'This order takes no documents: the shop did not ask for an affiliation check', 'id');
  const refused = new AppError(409, 'order_not_awaiting_documents', `The order is ${order.status}; it takes no documents now`, 'id', { status: order.status });
  if (order.status !== 'awaiting_documents') throw refused;
  if (files.length === 0) throw new AppError(400, 'validation_failed', 'documents: upload at least one file as the field "documents"', 'documents');
  const types = files.map((f) => detectDocumentType(f.buffer));
  if (types.some((t) => t === null)) throw new AppError(415, 'unsupported_file_type', 'documents: upload PDF, PNG or JPEG files', 'documents');

  const documentIds = await inTransaction(pool, async (tx) => {
    const ids: string[] = [];
    for (const [i, f] of files.entries()) {
      ids.push(await storeDocument(tx, { kind: 'affiliation_proof', filename: f.originalname, contentType: types[i] as DocumentType, content: f.buffer }));
    }
    return ids;
  });
  try {
    await askWorkflow(
      () => temporal.workflow.getHandle(order.workflow_id).executeUpdate(submitOrderDocumentsUpdate, { args: [{ documentIds, by }] }),
      { [OrderRefusal.notAwaitingDocuments]: refused },
      refused,
    );
  } catch (err) {
    for (const documentId of documentIds) await discardDocument(pool, documentId).catch(() => {});
    throw err;
  }
  return orderWithDocuments(pool, id);
}

/** R17: a reviewer approves or rejects the affiliation check, once; a rejection releases the points. */
export async function decideOrder({ pool, temporal }: ApiDeps, id: string, d: { decision: 'approve' | 'reject'; reason: string | null }, staff: StaffRef) {
  const order = await requireOrder(pool, id);
  const decided = new AppError(409, 'order_already_decided', `This order is already ${order.decision ?? order.status}`, 'id', { status: order.status });
  if (order.decision !== null) throw decided;
  if (order.status !== 'awaiting_review') {
    throw new AppError(409, 'order_not_awaiting_review', `The order is ${order.status}; only an order awaiting review can be decided`, 'id', { status: order.status });
  }
  await askWorkflow(
    () => temporal.workflow.getHandle(order.workflow_id).executeUpdate(decideOrderUpdate, { args: [{ ...d, staff }] }),
    { [OrderRefusal.notAwaitingReview]: decided },
    decided,
  );
  return orderWithDocuments(pool, id);
}
