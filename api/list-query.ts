/**
 * The ra-data-simple-rest list protocol: `sort=["field","ASC"]`, `range=[0,24]`, `filter={...}`,
 * answered with `Content-Range: <resource> a-b/total`. The SQL of a page is db/list-query.ts's.
 */
import { z } from 'zod';
import { AppError, fieldIssues } from './errors.js';
import { check } from './validate.js';
import { INT4_MAX, text } from './text.js';
import type { Response } from 'express';
import type { ListQuery } from '../db/list-query.js';

export type { ListQuery };

const jsonParam = <T extends z.ZodType>(name: string, schema: T, raw: unknown, fallback: z.infer<T>): z.infer<T> => {
  if (raw === undefined) return fallback;
  let value: unknown;
  try {
    value = JSON.parse(String(raw));
  } catch {
    throw new AppError(400, 'validation_failed', `${name} must be JSON`, name);
  }
  const parsed = check(schema, value);
  if (!parsed.success) {
    const [{ field, message }] = fieldIssues(parsed.error, [name]);
    throw new AppError(400, 'validation_failed', field === name ? `${name} is malformed` : `${field}: ${message}`, field);
  }
  return parsed.data;
};

const Sort = z.tuple([text(100), z.enum(['ASC', 'DESC'])]);
const Range = z.tuple([z.number().int().min(0).max(INT4_MAX), z.number().int().min(0).max(INT4_MAX)]);
// The values a console filter holds: text (a search term, a status, an id), a number, a flag, or a
// list of ids (getMany). Every string is checked as any other text, since the list's SQL compares it.
const FILTER_VALUE = 'must be text (no control characters, at most 1000), a number, true, false, null, or a list of up to 1000 of them';
const filterScalar = z.union([text(1000, { min: 0 }), z.number(), z.boolean(), z.null()], FILTER_VALUE);
const Filter = z.record(text(100), z.union([filterScalar, z.array(filterScalar).max(1000)], FILTER_VALUE));

/** `sortable` maps the API's field names to the columns they sort by (plain column names); anything else is refused. */
export function parseListQuery(
  query: Record<string, unknown>,
  sortable: Record<string, string>,
  defaultSort: [string, 'ASC' | 'DESC'],
): ListQuery {
  const [field, direction] = jsonParam('sort', Sort, query.sort, defaultSort);
  // Own keys only: `sortable.constructor` is not a column.
  const orderBy = Object.hasOwn(sortable, field) ? sortable[field] : undefined;
  if (!orderBy) throw new AppError(400, 'validation_failed', `Cannot sort by ${field}`, 'sort');
  const [from, to] = jsonParam('range', Range, query.range, [0, 24]);
  if (to < from || to - from >= 1000) throw new AppError(400, 'validation_failed', 'range must span 1 to 1000 rows', 'range');
  const filter = jsonParam('filter', Filter, query.filter, {});
  return { orderBy, direction, offset: from, limit: to - from + 1, filter };
}

export function sendList(res: Response, resource: string, q: ListQuery, rows: unknown[], total: number): void {
  const end = rows.length ? q.offset + rows.length - 1 : q.offset;
  res.set('Content-Range', `${resource} ${q.offset}-${end}/${total}`).json(rows);
}
