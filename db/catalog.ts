/** R15: the operator's catalog of branded goods (`catalog_items`), priced in points, with its stock. */
import type { Db } from './pool.js';
import { isUuid } from './ids.js';
import { Where, filterFlag, filterTerm, likeLiteral, listPage, type ListQuery } from './list-query.js';

const catalogSelect = `
  SELECT id, sku, title, description, price_points, stock, active, min_tier, created_by, created_at, updated_at FROM catalog_items`;

/** An item's fields as the API names them, and their columns. */
export const CATALOG_COLUMNS = {
  sku: 'sku',
  title: 'title',
  description: 'description',
  pricePoints: 'price_points',
  stock: 'stock',
  active: 'active',
  minTier: 'min_tier',
} as const;
export type CatalogField = keyof typeof CATALOG_COLUMNS;
export type CatalogChange = Partial<{
  sku: string;
  title: string;
  description: string;
  pricePoints: number;
  stock: number;
  active: boolean;
  /** A1: only participants of this tier and above may order it (null: everyone) */
  minTier: string | null;
}>;

/** What clients see of the catalog: the active items. */
export async function activeCatalog(db: Db) {
  const { rows } = await db.query(
    `SELECT id, sku, title, description, price_points, stock, stock > 0 AS in_stock, min_tier FROM catalog_items WHERE active ORDER BY title, sku`,
  );
  return rows;
}

export async function catalogItemById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${catalogSelect} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** The item, locked to the end of the transaction; null for an id that names none. */
export async function lockCatalogItem(tx: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await tx.query(`${catalogSelect} WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

/** The console's catalog list (filters: active, q on title or SKU). */
export async function listCatalog(db: Db, q: ListQuery) {
  const where = new Where();
  const active = filterFlag(q, 'active');
  if (active !== undefined) where.add('active = ?', active);
  const term = filterTerm(q, 'q');
  if (term) {
    const like = likeLiteral(term.toLowerCase());
    where.add('(lower(title) LIKE ? OR lower(sku) LIKE ?)', like, like);
  }
  return listPage(db, catalogSelect, where, q);
}

/** A new item; a taken SKU fails with PostgreSQL's unique violation (23505). */
export async function insertCatalogItem(
  tx: Db,
  item: {
    id: string;
    sku: string;
    title: string;
    description: string;
    pricePoints: number;
    stock: number;
    active: boolean;
    minTier?: string | null;
    createdBy: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO catalog_items (id, sku, title, description, price_points, stock, active, min_tier, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [item.id, item.sku, item.title, item.description, item.pricePoints, item.stock, item.active, item.minTier ?? null, item.createdBy],
  );
}

/** Changes the named fields (at least one); a taken SKU fails with PostgreSQL's unique violation (23505). */
export async function updateCatalogItem(tx: Db, id: string, change: CatalogChange): Promise<void> {
  const fields = (Object.keys(CATALOG_COLUMNS) as CatalogField[]).filter((f) => change[f] !== undefined);
  await tx.query(
    `UPDATE catalog_items SET ${fields.map((f, i) => `${CATALOG_COLUMNS[f]} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
    [id, ...fields.map((f) => change[f])],
  );
}

/** The item an order names by SKU, as the order is placed. */
export async function catalogItemBySku(db: Db, sku: string) {
  const { rows } = await db.query<{ id: string; price_points: number; stock: number; active: boolean; min_tier: string | null }>(
    'SELECT id, price_points, stock, active, min_tier FROM catalog_items WHERE sku = $1',
    [sku],
  );
  return rows[0] ?? null;
}

/**
 * The item's stock, its row locked against other stock changes to the end of the transaction (NO
 * KEY UPDATE: orders being placed, whose foreign keys take KEY SHARE locks, do not wait for it).
 */
export async function lockStock(tx: Db, id: string): Promise<number> {
  const { rows } = await tx.query<{ stock: number }>('SELECT stock FROM catalog_items WHERE id = $1 FOR NO KEY UPDATE', [id]);
  return rows[0].stock;
}

/** A completed order takes its quantity from the stock. */
export async function takeStock(tx: Db, id: string, quantity: number): Promise<void> {
  await tx.query('UPDATE catalog_items SET stock = stock - $2, updated_at = now() WHERE id = $1', [id, quantity]);
}
