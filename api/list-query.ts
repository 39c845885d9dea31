import { z } from 'zod';
import { AppError } from './errors.js';
import type { Response } from 'express';
import type { Pool } from '../infra/db.js';

/**
 * The ra-data-simple-rest list protocol: `sort=["field","ASC"]`, `range=[0,24]`, `filter={...}`,
 * answered with `Content-Range: <resource> a-b/total`.
 */
export interface ListQuery {
  orderBy: string;
  direction: 'ASC' | 'DESC';
  offset: number;
  limit: number;
  filter: Record<string, unknown>;
}

const jsonParam = <T extends z.ZodType>(name: string, schema: T, raw: unknown, fallback: z.infer<T>): z.infer<T> => {
  if (raw === undefined) return fallback;
  let value: unknown;
  try {
    value = JSON.parse(String(raw));
  } catch {
    throw new AppError(400, 'validation_failed', `${name} must be JSON`, name);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError(400, 'validation_failed', `${name} is malformed`, name);
  return parsed.data;
};

/** `sortable` maps the API's field names to SQL expressions; anything else is refused. */
export function parseListQuery(query: Record<string, unknown>, sortable: Record<string, string>, defaultSort: [string, 'ASC' | 'DESC']): ListQuery {
  const [field, direction] = jsonParam('sort', z.tuple([z.string(), z.enum(['ASC', 'DESC'])]), query.sort, defaultSort);
  const orderBy = sortable[field];
  if (!orderBy) throw new AppError(400, 'validation_failed', `Cannot sort by ${field}`, 'sort');
  const [from, to] = jsonParam('range', z.tuple([z.number().int().min(0), z.number().int().min(0)]), query.range, [0, 24]);
  if (to < from || to - from >= 1000) throw new AppError(400, 'validation_failed', 'range must span 1 to 1000 rows', 'range');
  const filter = jsonParam('filter', z.record(z.string(), z.unknown()), query.filter, {});
  return { orderBy, direction, offset: from, limit: to - from + 1, filter };
}

export function sendList(res: Response, resource: string, q: ListQuery, rows: unknown[], total: number): void {
  const end = rows.length ? q.offset + rows.length - 1 : q.offset;
  res.set('Content-Range', `${resource} ${q.offset}-${end}/${total}`).json(rows);
}

/** A WHERE clause built from conditions whose `?` placeholders take the given values in order. */
export class Where {
  private readonly parts: string[] = [];
  readonly values: unknown[] = [];
  add(sql: string, ...values: unknown[]): this {
    const pending = [...values];
    this.parts.push(sql.replace(/\?/g, () => `$${this.values.push(pending.shift())}`));
    return this;
  }
  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
  /** The placeholder for one more value, e.g. for LIMIT and OFFSET after the conditions. */
  param(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/**
 * One page of `base` (a SELECT with an `id` column) under the list protocol: its WHERE, its ORDER
 * (with `id` as the tiebreaker, so pages neither repeat nor skip rows), LIMIT and OFFSET, and the total.
 */
export async function listPage(pool: Pool, base: string, where: Where, q: ListQuery) {
  const sql = `SELECT * FROM (${base}) x ${where}`;
  const total = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) t`, where.values);
  const { rows } = await pool.query(
    `${sql} ORDER BY ${q.orderBy} ${q.direction}, id LIMIT ${where.param(q.limit)} OFFSET ${where.param(q.offset)}`,
    where.values,
  );
  return { rows, total: total.rows[0].n };
}
