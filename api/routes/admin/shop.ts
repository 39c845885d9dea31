/**
 * Staff API of the shop: the catalog (R15; admins create and edit items, every change audited),
 * orders with their state and documents, and the reviewer's decision on an order's affiliation
 * check (R17).
 */
import type { Router } from 'express';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { listCatalog } from '../../../db/catalog.js';
import { listOrders } from '../../../db/orders.js';
import { parseListQuery, sendList } from '../../list-query.js';
import {
  CatalogItemChange,
  CatalogItemRequest,
  OrderDecisionRequest,
  createCatalogItem,
  decideOrder,
  orderWithDocuments,
  requireCatalogItem,
  updateCatalogItem,
} from '../../orders.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { ListQuery, list, record } from '../../staff-answers.js';

export const staffShopRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/catalog': {
    access: staffRole('support'),
    tag: 'Catalog and orders',
    summary: 'The whole catalog, inactive items too',
    query: ListQuery,
    responses: { 200: list('catalog', 'catalog items') },
  },
  'GET /admin/api/catalog/:id': {
    access: staffRole('support'),
    tag: 'Catalog and orders',
    summary: 'A catalog item',
    responses: { 200: record('the item'), 404: refused('`item_not_found`') },
  },
  'POST /admin/api/catalog': {
    access: staffRole('admin'),
    tag: 'Catalog and orders',
    summary: 'Add an item to the catalog (R15), audited',
    body: CatalogItemRequest,
    responses: { 201: record('the item', 'Created'), 409: refused('`sku_taken`') },
  },
  'PUT /admin/api/catalog/:id': {
    access: staffRole('admin'),
    tag: 'Catalog and orders',
    summary: 'Change an item; orders already placed keep their price. Audited with each change',
    body: CatalogItemChange,
    responses: { 200: record('the item'), 404: refused('`item_not_found`'), 409: refused('`sku_taken`') },
  },
  'GET /admin/api/orders': {
    access: staffRole('support'),
    tag: 'Catalog and orders',
    summary: 'Orders, filtered and sorted (the affiliation-check queue among them)',
    query: ListQuery,
    responses: { 200: list('orders', 'orders') },
  },
  'GET /admin/api/orders/:id': {
    access: staffRole('support'),
    tag: 'Catalog and orders',
    summary: "An order, with its affiliation check's documents",
    responses: { 200: record('the order, with `documents`'), 404: refused('`order_not_found`') },
  },
  'POST /admin/api/orders/:id/decision': {
    access: staffRole('support'),
    tag: 'Catalog and orders',
    summary: "Decide an order's affiliation check (R17): the order's workflow records it once",
    description: 'An approval opens the payment window (A5); a rejection releases the held points.',
    body: OrderDecisionRequest,
    responses: {
      200: record('the order, decided'),
      404: refused('`order_not_found`'),
      409: refused('`order_already_decided`, or `order_not_awaiting_review`'),
    },
  },
});

export function staffShopRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = routesOf(staffShopRoutes, deps);

  // ---- the catalog (R15) ----------------------------------------------------------------------
  router.on('GET /admin/api/catalog', async (_in, req, res) => {
    const q = parseListQuery(
      req.query,
      { title: 'title', sku: 'sku', price_points: 'price_points', stock: 'stock', updated_at: 'updated_at' },
      ['title', 'ASC'],
    );
    const { rows, total } = await listCatalog(pool, q);
    sendList(res, 'catalog', q, rows, total);
  });

  router.on('GET /admin/api/catalog/:id', async (_in, req, res) => {
    res.json(await requireCatalogItem(pool, req.params.id));
  });

  router.on('POST /admin/api/catalog', async ({ body: item }, req, res) => {
    res.status(201).json(await createCatalogItem(deps, item, staffActor(req)));
  });

  router.on('PUT /admin/api/catalog/:id', async ({ body: change }, req, res) => {
    res.json(await updateCatalogItem(deps, String(req.params.id), change, staffActor(req)));
  });

  // ---- orders (R16, R17, A5) ------------------------------------------------------------------
  router.on('GET /admin/api/orders', async (_in, req, res) => {
    const q = parseListQuery(
      req.query,
      {
        created_at: 'created_at',
        status: 'status',
        total_points: 'total_points',
        participant_name: 'participant_name',
        updated_at: 'updated_at',
      },
      ['created_at', 'DESC'],
    );
    const { rows, total } = await listOrders(pool, q);
    sendList(res, 'orders', q, rows, total);
  });

  /** The order with the documents of its affiliation check (download: /documents/:id/content). */
  router.on('GET /admin/api/orders/:id', async (_in, req, res) => {
    res.json(await orderWithDocuments(pool, req.params.id));
  });

  /** R17: the reviewer's decision goes to the order's workflow, which records it once. */
  router.on('POST /admin/api/orders/:id/decision', async ({ body: { decision, reason } }, req, res) => {
    res.json(await decideOrder(deps, req.params.id, { decision, reason: reason || null }, { id: req.staff!.id, label: req.staff!.email }));
  });

  return router.done();
}
