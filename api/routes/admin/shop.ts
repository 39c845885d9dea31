/**
 * Staff API of the shop: the catalog (R15; admins create and edit items, every change audited),
 * orders with their state and documents, and the reviewer's decision on an order's affiliation
 * check (R17).
 */
import { Router } from 'express';
import { staffActor, requireRole } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { Where, listPage, parseListQuery, sendList } from '../../list-query.js';
import {
  CatalogItemChange,
  CatalogItemRequest,
  OrderDecisionRequest,
  catalogSelect,
  createCatalogItem,
  decideOrder,
  orderSelect,
  orderWithDocuments,
  requireCatalogItem,
  updateCatalogItem,
} from '../../orders.js';
import { parse } from '../../validate.js';

export function staffShopRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = Router();

  // ---- the catalog (R15) ----------------------------------------------------------------------
  router.get('/catalog', async (req, res) => {
    const q = parseListQuery(req.query, { title: 'title', sku: 'sku', price_points: 'price_points', stock: 'stock', updated_at: 'updated_at' }, ['title', 'ASC']);
    const where = new Where();
    if (typeof q.filter.active === 'boolean') where.add('active = ?', q.filter.active);
    if (typeof q.filter.q === 'string' && q.filter.q.trim()) {
      const like = `%${q.filter.q.trim().toLowerCase()}%`;
      where.add('(lower(title) LIKE ? OR lower(sku) LIKE ?)', like, like);
    }
    const { rows, total } = await listPage(pool, catalogSelect, where, q);
    sendList(res, 'catalog', q, rows, total);
  });

  router.get('/catalog/:id', async (req, res) => {
    res.json(await requireCatalogItem(pool, req.params.id));
  });

  router.post('/catalog', requireRole('admin'), async (req, res) => {
    const item = parse(CatalogItemRequest, req.body ?? {});
    res.status(201).json(await createCatalogItem(pool, item, staffActor(req)));
  });

  router.put('/catalog/:id', requireRole('admin'), async (req, res) => {
    const change = parse(CatalogItemChange, req.body ?? {});
    res.json(await updateCatalogItem(pool, String(req.params.id), change, staffActor(req)));
  });

  // ---- orders (R16, R17, A5) ------------------------------------------------------------------
  router.get('/orders', async (req, res) => {
    const q = parseListQuery(
      req.query,
      { created_at: 'created_at', status: 'status', total_points: 'total_points', participant_name: 'participant_name', updated_at: 'updated_at' },
      ['created_at', 'DESC'],
    );
    const where = new Where();
    if (typeof q.filter.status === 'string') where.add('status = ?', q.filter.status);
    if (typeof q.filter.participant_id === 'string') where.add('participant_id::text = ?', q.filter.participant_id);
    if (typeof q.filter.item_id === 'string') where.add('item_id::text = ?', q.filter.item_id);
    if (typeof q.filter.affiliation_check === 'boolean') where.add('affiliation_check = ?', q.filter.affiliation_check);
    const { rows, total } = await listPage(pool, orderSelect, where, q);
    sendList(res, 'orders', q, rows, total);
  });

  /** The order with the documents of its affiliation check (download: /documents/:id/content). */
  router.get('/orders/:id', async (req, res) => {
    res.json(await orderWithDocuments(pool, req.params.id));
  });

  /** R17: the reviewer's decision goes to the order's workflow, which records it once. */
  router.post('/orders/:id/decision', async (req, res) => {
    const { decision, reason } = parse(OrderDecisionRequest, req.body ?? {});
    res.json(await decideOrder(deps, req.params.id, { decision, reason: reason || null }, { id: req.staff!.id, label: req.staff!.email }));
  });

  return router;
}
