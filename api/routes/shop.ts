/**
 * Client API of the shop (R15–R19, A5): the operator's shop site reads the catalog, places orders
 * paid with points, completes or cancels them, and uploads the affiliation documents an order
 * waits for (R17). Points are not money and do not move between accounts: the cash-out and transfer
 * routes exist only to say so (R18, R19).
 */
import type { Router } from 'express';
import { z } from 'zod';
import { CatalogItem, Order, catalogItemView, orderView } from '../client-answers.js';
import type { ApiDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { apiClient } from '../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../route-table.js';
import { uploads } from '../uploads.js';
import {
  MAX_ORDER_DOCUMENTS,
  OrderRequest,
  activeCatalog,
  cancelOrder,
  completeOrder,
  orderWithDocuments,
  orderingParticipant,
  placeOrder,
  submitOrderDocuments,
} from '../orders.js';
import { clientActor } from '../auth.js';

const orders = apiClient('orders');
const unknownOrder = refused("`order_not_found`: no order with this id, or another client's");

export const shopRoutes = defineRoutes('/api', {
  'GET /api/catalog': {
    access: orders,
    tag: 'Shop',
    summary: 'The shop catalog: the active items and their price in points (R15)',
    responses: { 200: json(z.array(CatalogItem), 'The active items, by title') },
  },
  'POST /api/orders': {
    access: orders,
    tag: 'Shop',
    summary: 'Place an order paid with points (R15–R17, A5)',
    description:
      "The order's points are held at once (they leave the balance) and its workflow starts. Without an affiliation check the " +
      'shop must complete the order before `paymentDeadlineAt` (A5), or the points come back. With one (R17), the order first ' +
      'waits for documents (`POST /api/orders/{id}/documents`) and a reviewer. R16: until the participant has a completed order, ' +
      'the balance must have reached the first-order minimum.',
    body: OrderRequest,
    responses: {
      201: json(Order, 'Placed; the points are held', { Location: 'The order: `/api/orders/{id}`' }),
      400: refused('A field is missing or invalid, e.g. a quantity below 1, or the participant named both ways; `field` names it'),
      404: refused('`participant_not_found`, `item_not_found`'),
      409: refused('`first_order_minimum` (R16), `insufficient_points`, `out_of_stock`, `item_inactive` or `participant_not_active`'),
    },
  },
  'GET /api/orders/:id': {
    access: orders,
    tag: 'Shop',
    summary: 'An order and its state, with its affiliation documents',
    responses: { 200: json(Order, 'The order'), 404: unknownOrder },
  },
  'POST /api/orders/:id/complete': {
    access: orders,
    tag: 'Shop',
    summary: 'Complete the order: its held points are spent and the stock taken (A5)',
    responses: {
      200: json(Order, 'Completed'),
      404: unknownOrder,
      409: refused(
        '`affiliation_check_pending` (R17), `order_not_open` (e.g. the payment window elapsed), or `out_of_stock`: the order is then cancelled, its points came back, and `order` holds it',
      ),
    },
  },
  'POST /api/orders/:id/cancel': {
    access: orders,
    tag: 'Shop',
    summary: 'Cancel an open order: its held points come back',
    responses: { 200: json(Order, 'Cancelled'), 404: unknownOrder, 409: refused('`order_not_open`') },
  },
  'POST /api/orders/:id/documents': {
    access: orders,
    tag: 'Shop',
    summary: 'Upload the affiliation documents an order waits for (R17)',
    description: `PDF, PNG or JPEG, up to ${MAX_ORDER_DOCUMENTS} files in the field \`documents\`, in one upload; the order then waits for a reviewer.`,
    content: 'multipart',
    form: z.object({ documents: z.array(z.string().meta({ format: 'binary' })).max(MAX_ORDER_DOCUMENTS) }),
    responses: {
      201: json(Order, 'Stored; the order awaits review'),
      400: refused('No file'),
      404: unknownOrder,
      409: refused('`no_affiliation_check`, or `order_not_awaiting_documents`'),
      413: refused('A file is too large'),
      415: refused('A file is not a PDF, PNG or JPEG'),
    },
  },
  'POST /api/participants/:id/cash-out': {
    access: orders,
    tag: 'Ledger',
    summary: 'Not allowed: points are not money (R18)',
    responses: { 403: refused('Always: `not_allowed`, naming R18') },
  },
  'POST /api/transfers': {
    access: orders,
    tag: 'Ledger',
    summary: 'Not allowed: points do not move between accounts (R19)',
    responses: { 403: refused('Always: `not_allowed`, naming R19') },
  },
});

export function shopRouter(deps: ApiDeps): Router {
  const router = routesOf(shopRoutes, deps);
  const upload = uploads(deps.config.maxUploadBytes, MAX_ORDER_DOCUMENTS);

  /** R15: the active items of the catalog, with their price in points. */
  router.on('GET /api/catalog', async (_in, _req, res) => {
    res.json((await activeCatalog(deps.pool)).map(catalogItemView));
  });

  router.on('POST /api/orders', async ({ body: o }, req, res) => {
    const participant = await orderingParticipant(deps.pool, o);
    const order = await placeOrder(
      deps,
      { participantId: participant.id, sku: o.sku, quantity: o.quantity, affiliationCheck: o.affiliationCheck },
      clientActor(req),
    );
    res.status(201).location(`/api/orders/${order.id}`).json(orderView(order));
  });

  router.on('GET /api/orders/:id', async (_in, req, res) => {
    res.json(orderView(await orderWithDocuments(deps.pool, req.params.id, req.apiClient!.id)));
  });

  /** A5: the shop completes the order within the payment window. */
  router.on('POST /api/orders/:id/complete', async (_in, req, res) => {
    res.json(orderView(await completeOrder(deps, req.params.id, clientActor(req))));
  });

  router.on('POST /api/orders/:id/cancel', async (_in, req, res) => {
    res.json(orderView(await cancelOrder(deps, req.params.id, clientActor(req))));
  });

  /** R17: the documents proving the participant still works at the agency, as the field "documents". */
  router.on('POST /api/orders/:id/documents', upload.array('documents', MAX_ORDER_DOCUMENTS), async (_in, req, res) => {
    const files = Array.isArray(req.files) ? req.files : [];
    res.status(201).json(orderView(await submitOrderDocuments(deps, String(req.params.id), files, clientActor(req))));
  });

  // R18, R19: explicit refusals, so a client looking for these finds the rule rather than a 404.
  router.on('POST /api/participants/:id/cash-out', () => {
    throw new AppError(
      403,
      'not_allowed',
      'R18: points are not money: they cannot be cashed out, compensated, or used to pay for tour bookings; they buy goods from the catalog (GET /api/catalog) or are donated to a charity fund (POST /api/donations, A3)',
    );
  });
  router.on('POST /api/transfers', () => {
    throw new AppError(
      403,
      'not_allowed',
      'R19: points cannot be shared with colleagues or moved between accounts; a donation goes only to a charity fund the program keeps, never to a person (POST /api/donations, A3)',
    );
  });

  return router.done();
}
