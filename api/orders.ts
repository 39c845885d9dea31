/**
 * Shop use cases shared by the client API and the staff API (R15–R19, A5): the catalog, placing an
 * order (its points held in the same transaction, its workflow started inside it), and the messages
 * an order's workflow takes: completion, cancellation, affiliation documents and a reviewer's decision.
 * Request shapes live here too: one zod schema gives validation, type and OpenAPI.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { writeAudit, type Actor } from '../db/audit.js';
import {
  CATALOG_COLUMNS,
  catalogItemById,
  catalogItemBySku,
  insertCatalogItem,
  lockCatalogItem,
  updateCatalogItem as updateCatalogItemRow,
  type CatalogField,
} from '../db/catalog.js';
import { discardDocument, documentsByIds, storeDocument } from '../db/documents.js';
import { hasCompletedOrder, insertOrder, orderById, orderDocumentIds } from '../db/orders.js';
import { liveParticipantByEmail, lockParticipant, participantById } from '../db/participants.js';
import { termsAt } from '../db/terms.js';
import { tierState } from '../db/tiers.js';
import { inTransaction, type Db, type Pool } from '../db/pool.js';
import { detectDocumentType, type DocumentType } from '../rules/documents.js';
import { normalizeEmail } from '../rules/email.js';
import { rankOf, tierAllows } from '../rules/tiers.js';
import {
  FINAL_ORDER_STATUSES,
  OrderRefusal,
  cancelOrderUpdate,
  completeOrderUpdate,
  decideOrderUpdate,
  orderWorkflowId,
  submitOrderDocumentsUpdate,
  type OrderInput,
} from '../workflows/messages/order.js';
import type { ActorRef, StaffRef } from '../workflows/messages/shared.js';
import type { orderWorkflow } from '../workflows/order.js';
import { orderView } from './client-answers.js';
import type { ApiDeps } from './deps.js';
import { owningClient, visibleTo } from './auth.js';
import { Accepted, AppError } from './errors.js';
import { holdPointsFor } from './point-holds.js';
import { askWorkflow, temporalCall, workflowWait } from './temporal.js';
import { email, missingOr, text, wholeNumber } from './text.js';

// ---- request shapes --------------------------------------------------------------------------

export const MAX_QUANTITY = 100;
export const MAX_ORDER_DOCUMENTS = 5;

const sku = z
  .string(missingOr('must be a string'))
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit',
  );
const title = text(300);
const description = text(5000, { min: 0, multiline: true });
const pricePoints = wholeNumber(1, 1_000_000);
const stock = wholeNumber(0, 1_000_000);
const active = z.boolean('must be true or false');
/** A1: the lowest tier that may order the item (a tier's code in the tier term), or null for everyone. */
const minTier = z
  .string('must be a tier code or null')
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a tier code (the tier term names them), or null')
  .nullable()
  .meta({ description: 'A1: only participants of this tier and above may order it (a tier-only item or service); null: everyone' });

export const CatalogItemRequest = z
  .strictObject({
    sku,
    title,
    description: description.default(''),
    pricePoints,
    stock,
    active: active.default(true),
    minTier: minTier.default(null),
  })
  .meta({
    id: 'CatalogItemRequest',
    description: "R15: a branded item of the operator's shop, priced in points.",
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
    minTier: minTier.optional(),
  })
  .meta({ id: 'CatalogItemChange', description: 'The fields of a catalog item to change; orders already placed keep their price.' });

export const OrderRequest = z
  .strictObject({
    participantId: z.uuid('must be a participant id').optional(),
    email: email().optional(),
    sku: text(64),
    quantity: wholeNumber(1, MAX_QUANTITY),
    affiliationCheck: z.boolean('must be true or false').default(false).meta({
      description:
        'R17: the shop asks for documents proving the participant still works at the agency; the order waits for them and a reviewer',
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
    reason: text(1000, { min: 0, multiline: true }).optional(),
  })
  .refine((d) => d.decision === 'approve' || (d.reason?.length ?? 0) > 0, { path: ['reason'], message: 'is required to reject' });

// ---- the catalog (R15) -------------------------------------------------------------------------

export { activeCatalog } from '../db/catalog.js';

export async function requireCatalogItem(db: Db, id: string) {
  const item = await catalogItemById(db, id);
  if (!item) throw new AppError(404, 'item_not_found', 'No catalog item with this id', 'id');
  return item;
}

const skuTaken = (err: unknown) => {
  if ((err as { code?: string })?.code === '23505') throw new AppError(409, 'sku_taken', 'Another catalog item has this SKU', 'sku');
  throw err;
};

/** A1: a tier-only item names a tier of the term in force. */
async function requireKnownTier({ pool, config }: Pick<ApiDeps, 'pool' | 'config'>, code: string | null | undefined): Promise<void> {
  if (code === null || code === undefined) return;
  const { tiers } = await termsAt(pool, config.program);
  if (rankOf(tiers, code) < 0) {
    throw new AppError(
      400,
      'validation_failed',
      `minTier: must be one of ${tiers.levels.map((l) => l.code).join(', ')}, or null`,
      'minTier',
    );
  }
}

export async function createCatalogItem(deps: Pick<ApiDeps, 'pool' | 'config'>, item: z.infer<typeof CatalogItemRequest>, actor: Actor) {
  const { pool } = deps;
  await requireKnownTier(deps, item.minTier);
  const id = randomUUID();
  await inTransaction(pool, async (tx) => {
    await insertCatalogItem(tx, { id, ...item, createdBy: actor.label }).catch(skuTaken);
    await writeAudit(tx, actor, 'catalog.create', { type: 'catalog_item', id }, item);
  });
  return requireCatalogItem(pool, id);
}

export async function updateCatalogItem(
  deps: Pick<ApiDeps, 'pool' | 'config'>,
  id: string,
  change: z.infer<typeof CatalogItemChange>,
  actor: Actor,
) {
  const { pool } = deps;
  await requireKnownTier(deps, change.minTier);
  const fields = (Object.keys(CATALOG_COLUMNS) as CatalogField[]).filter((f) => change[f] !== undefined);
  if (fields.length === 0) throw new AppError(400, 'validation_failed', 'body: change at least one field', 'body');
  await inTransaction(pool, async (tx) => {
    const before = await lockCatalogItem(tx, id);
    if (!before) throw new AppError(404, 'item_not_found', 'No catalog item with this id', 'id');
    await updateCatalogItemRow(tx, id, change).catch(skuTaken);
    const changes = Object.fromEntries(fields.map((f) => [f, { from: before[CATALOG_COLUMNS[f]], to: change[f] }]));
    await writeAudit(tx, actor, 'catalog.update', { type: 'catalog_item', id }, changes);
  });
  return requireCatalogItem(pool, id);
}

// ---- orders ----------------------------------------------------------------------------------

/** The order; 404 for an id that names none, or names another API client's (`client`: see api/auth.ts `owningClient`). */
export async function requireOrder(db: Db, id: string, client?: string) {
  const order = await orderById(db, id);
  if (!order || !visibleTo(order, client)) throw new AppError(404, 'order_not_found', 'No order with this id', 'id');
  return order;
}

/** The order with the documents uploaded for its affiliation check (R17). */
export async function orderWithDocuments(db: Db, id: string, client?: string) {
  const order = await requireOrder(db, id, client);
  return { ...order, documents: await documentsByIds(db, await orderDocumentIds(db, id)) };
}

/** Whom an order is for: a participant named by id or by email (R1). */
export async function orderingParticipant(pool: Pool, who: { participantId?: string; email?: string }) {
  if (!who.participantId === !who.email) {
    throw new AppError(
      400,
      'validation_failed',
      'participantId: name the participant by participantId or by email, not both',
      'participantId',
    );
  }
  const participant = who.participantId
    ? await participantById(pool, who.participantId)
    : await liveParticipantByEmail(pool, normalizeEmail(who.email!));
  if (!participant)
    throw new AppError(404, 'participant_not_found', 'No participant with this id or email', who.participantId ? 'participantId' : 'email');
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
    const item = await catalogItemBySku(tx, order.sku);
    if (!item) throw new AppError(404, 'item_not_found', 'No catalog item with this SKU', 'sku');
    if (!item.active) throw new AppError(409, 'item_inactive', 'This item is not offered any more', 'sku');
    // A1: a tier-only item or service, for the tier it names and those above (the tier held now).
    if (item.min_tier !== null) {
      const { tier } = await tierState(tx, order.participantId);
      if (!tierAllows(current.tiers, tier, item.min_tier)) {
        throw new AppError(403, 'tier_required', `A1: this item is for participants of tier ${item.min_tier} and above`, 'sku', {
          rule: 'A1',
          minTier: item.min_tier,
          tier,
        });
      }
    }
    if (item.stock < order.quantity) {
      throw new AppError(409, 'out_of_stock', `Only ${item.stock} of this item are in stock`, 'quantity', { inStock: item.stock });
    }

    // The participant's row lock: this participant's orders are judged one after the other.
    const participant = (await lockParticipant(tx, order.participantId))!;
    if (participant.status !== 'active') {
      throw new AppError(
        409,
        'participant_not_active',
        `The participant is ${participant.status}: only active participants order`,
        'participantId',
      );
    }
    const total = item.price_points * order.quantity;

    // R16: before the first completed order, the balance must have reached the minimum.
    if (!(await hasCompletedOrder(tx, order.participantId))) {
      const { balance } = (await participantById(tx, order.participantId))!;
      const minimum = current.firstOrderMinimum;
      if (balance < minimum) {
        throw new AppError(
          409,
          'first_order_minimum',
          `R16: the first order can be placed once the balance has reached ${minimum} points; the participant holds ${balance}`,
          'participantId',
          { rule: 'R16', minimum, balance },
        );
      }
    }

    await holdPointsFor(
      tx,
      { holdId, participantId: order.participantId, amount: total, reason: `order:${id}` },
      { what: 'order', field: 'quantity' },
    );
    await insertOrder(tx, {
      id,
      participantId: order.participantId,
      itemId: item.id,
      quantity: order.quantity,
      unitPoints: item.price_points,
      totalPoints: total,
      status: order.affiliationCheck ? 'awaiting_documents' : 'placed',
      holdId,
      affiliationCheck: order.affiliationCheck,
      workflowId: orderWorkflowId(id),
      documentsDeadline: order.affiliationCheck ? deadline(terms.affiliationDocumentsTimeoutMs) : null,
      paymentDeadline: order.affiliationCheck ? null : deadline(terms.paymentWindowMs),
      createdBy: actor.label,
      createdAt: placedAt,
      clientId: owningClient(actor) ?? null,
    });
    await writeAudit(
      tx,
      actor,
      'order.place',
      { type: 'order', id },
      {
        participantId: order.participantId,
        sku: order.sku,
        quantity: order.quantity,
        points: total,
        affiliationCheck: order.affiliationCheck,
      },
    );
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
    return new AppError(
      409,
      'affiliation_check_pending',
      `R17: the order waits for the affiliation check (${order.status.replace('_', ' ')}); it can be ${action} only after a reviewer approves it`,
      'id',
      { status: order.status },
    );
  }
  const why = order.end_reason === 'payment_window_elapsed' ? ': the payment window elapsed (A5) and the points went back' : '';
  return new AppError(409, 'order_not_open', `The order is ${order.status}${why}`, 'id', {
    status: order.status,
    endReason: order.end_reason,
  });
}

/** The refusal in the words of the state the order is in by now (the workflow records its end before it ends). */
const refusedNow = (pool: Pool, id: string, action: string) => async () => notWaitingFor(await requireOrder(pool, id), action);

/** A5: the shop was paid: the held points are spent and the stock taken. Out of stock by now: 409, the points go back. */
export async function completeOrder({ pool, temporal, config }: ApiDeps, id: string, by: ActorRef) {
  const order = await requireOrder(pool, id, owningClient(by));
  const refused = notWaitingFor(order, 'completed');
  if (order.status !== 'placed') throw refused;
  // The workflow decides, once, whether this completion or the end of the payment window came first (A5).
  await askWorkflow(
    workflowWait({ temporal, config }, `/api/orders/${id}`),
    () => temporal.workflow.getHandle(order.workflow_id).startUpdate(completeOrderUpdate, { args: [{ by }], waitForStage: 'ACCEPTED' }),
    { [OrderRefusal.notAwaitingCompletion]: refusedNow(pool, id, 'completed') },
    refusedNow(pool, id, 'completed'),
  );
  const after = await requireOrder(pool, id);
  if (after.status === 'cancelled' && after.end_reason === 'out_of_stock') {
    // completeOrder is the client API's: the cancelled order is told as the client API answers it (camelCase).
    throw new AppError(
      409,
      'out_of_stock',
      'The item sold out before this order was completed; the order is cancelled and its points went back',
      'id',
      { order: orderView(after) },
    );
  }
  if (after.status !== 'completed') throw notWaitingFor(after, 'completed');
  return after;
}

/** The client cancels an open order: the held points go back. */
export async function cancelOrder({ pool, temporal, config }: ApiDeps, id: string, by: ActorRef) {
  const order = await requireOrder(pool, id, owningClient(by));
  const refused = new AppError(409, 'order_not_open', `The order is ${order.status}`, 'id', { status: order.status });
  if ((FINAL_ORDER_STATUSES as readonly string[]).includes(order.status)) throw refused;
  await askWorkflow(
    workflowWait({ temporal, config }, `/api/orders/${id}`),
    () => temporal.workflow.getHandle(order.workflow_id).startUpdate(cancelOrderUpdate, { args: [{ by }], waitForStage: 'ACCEPTED' }),
    { [OrderRefusal.notOpen]: refused },
    refused,
  );
  const after = await requireOrder(pool, id);
  if (after.status !== 'cancelled')
    throw new AppError(409, 'order_not_open', `The order is ${after.status}`, 'id', { status: after.status });
  return after;
}

/**
 * R17: the affiliation documents (PDF, PNG or JPEG, recognised by their bytes) are stored, then
 * handed to the order's workflow; if it no longer waits for them, they are removed again.
 */
export async function submitOrderDocuments(
  { pool, temporal, config }: ApiDeps,
  id: string,
  files: Array<{ originalname: string; buffer: Buffer }>,
  by: ActorRef,
) {
  const order = await requireOrder(pool, id, owningClient(by));
  if (!order.affiliation_check)
    throw new AppError(409, 'no_affiliation_check', 'This order takes no documents: the shop did not ask for an affiliation check', 'id');
  const refused = new AppError(409, 'order_not_awaiting_documents', `The order is ${order.status}; it takes no documents now`, 'id', {
    status: order.status,
  });
  if (order.status !== 'awaiting_documents') throw refused;
  if (files.length === 0)
    throw new AppError(400, 'validation_failed', 'documents: upload at least one file as the field "documents"', 'documents');
  const types = files.map((f) => detectDocumentType(f.buffer));
  if (types.some((t) => t === null))
    throw new AppError(415, 'unsupported_file_type', 'documents: upload PDF, PNG or JPEG files', 'documents');

  const documentIds = await inTransaction(pool, async (tx) => {
    const ids: string[] = [];
    for (const [i, f] of files.entries()) {
      ids.push(
        await storeDocument(tx, {
          kind: 'affiliation_proof',
          filename: f.originalname,
          contentType: types[i] as DocumentType,
          content: f.buffer,
        }),
      );
    }
    return ids;
  });
  try {
    await askWorkflow(
      workflowWait({ temporal, config }, `/api/orders/${id}`),
      () =>
        temporal.workflow
          .getHandle(order.workflow_id)
          .startUpdate(submitOrderDocumentsUpdate, { args: [{ documentIds, by }], waitForStage: 'ACCEPTED' }),
      { [OrderRefusal.notAwaitingDocuments]: refused },
      refused,
    );
  } catch (err) {
    if (err instanceof Accepted) throw err; // the workflow has the documents and records them
    for (const documentId of documentIds) await discardDocument(pool, documentId).catch(() => {});
    throw err;
  }
  return orderWithDocuments(pool, id);
}

/** R17: a reviewer approves or rejects the affiliation check, once; a rejection releases the points. */
export async function decideOrder(
  { pool, temporal, config }: ApiDeps,
  id: string,
  d: { decision: 'approve' | 'reject'; reason: string | null },
  staff: StaffRef,
) {
  const order = await requireOrder(pool, id);
  const decided = new AppError(409, 'order_already_decided', `This order is already ${order.decision ?? order.status}`, 'id', {
    status: order.status,
  });
  if (order.decision !== null) throw decided;
  if (order.status !== 'awaiting_review') {
    throw new AppError(
      409,
      'order_not_awaiting_review',
      `The order is ${order.status}; only an order awaiting review can be decided`,
      'id',
      { status: order.status },
    );
  }
  await askWorkflow(
    workflowWait({ temporal, config }, `/admin/api/orders/${id}`),
    () =>
      temporal.workflow.getHandle(order.workflow_id).startUpdate(decideOrderUpdate, { args: [{ ...d, staff }], waitForStage: 'ACCEPTED' }),
    { [OrderRefusal.notAwaitingReview]: decided },
    decided,
  );
  return orderWithDocuments(pool, id);
}
