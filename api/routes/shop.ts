/**
 * Client API of the shop (R15–R19, A5): the operator's shop site reads the catalog, places orders
 * paid with points, completes or cancels them, and uploads the affiliation documents an order
 * waits for (R17). Points are not money and do not move between accounts: the cash-out and transfer
 * routes exist only to say so (R18, R19).
 */
import { Router } from 'express';
import type { ApiDeps } from '../deps.js';
import { AppError } from '../errors.js';
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
import { parse } from '../validate.js';
import { clientActor } from '../auth.js';


export function shopRouter(deps: ApiDeps): Router {
  const router = Router();
  const upload = uploads(deps.config.maxUploadBytes, MAX_ORDER_DOCUMENTS);

  /** R15: the active items of the catalog, with their price in points. */
  router.get('/catalog', async (_req, res) => {
    res.json(await activeCatalog(deps.pool));
  });

  router.post('/orders', async (req, res) => {
    const o = parse(OrderRequest, req.body ?? {});
    const participant = await orderingParticipant(deps.pool, o);
    const order = await placeOrder(
      deps,
      { participantId: participant.id, sku: o.sku, quantity: o.quantity, affiliationCheck: o.affiliationCheck },
      clientActor(req),
    );
    res.status(201).location(`/api/orders/${order.id}`).json(order);
  });

  router.get('/orders/:id', async (req, res) => {
    res.json(await orderWithDocuments(deps.pool, req.params.id));
  });

  /** A5: the shop completes the order within the payment window. */
  router.post('/orders/:id/complete', async (req, res) => {
    res.json(await completeOrder(deps, req.params.id, clientActor(req)));
  });

  router.post('/orders/:id/cancel', async (req, res) => {
    res.json(await cancelOrder(deps, req.params.id, clientActor(req)));
  });

  /** R17: the documents proving the participant still works at the agency, as the field "documents". */
  router.post('/orders/:id/documents', upload.array('documents', MAX_ORDER_DOCUMENTS), async (req, res) => {
    const files = Array.isArray(req.files) ? req.files : [];
    res.status(201).json(await submitOrderDocuments(deps, String(req.params.id), files, clientActor(req)));
  });

  // R18, R19: explicit refusals, so a client looking for these finds the rule rather than a 404.
  router.post('/participants/:id/cash-out', () => {
    throw new AppError(403, 'not_allowed',
      'R18: points are not money: they cannot be cashed out, compensated, or used to pay for tour bookings; they buy goods from the catalog (GET /api/catalog)');
  });
  router.post('/transfers', () => {
    throw new AppError(403, 'not_allowed', 'R19: points cannot be shared with colleagues or moved between accounts');
  });

  return router;
}
