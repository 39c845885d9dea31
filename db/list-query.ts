/**
 * The SQL side of the console's list screens (the ra-data-simple-rest protocol, parsed in
 * api/list-query.ts): a WHERE built from fixed conditions with placeholders, and one page of a
 * repository's SELECT. Only db/ modules build conditions; callers pass a sort column that
 * parseListQuery took from their whitelist.
 */
import type { Db } from './pool.js';

/** A page of a list: the sort column and direction, and which rows. */
export interface ListQuery {
  orderBy: string;
  direction: 'ASC' | 'DESC';
  offset: number;
  limit: number;
  filter: Record<string, unknown>;
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

/** The filter's value under `key` if it is a string, else undefined. */
export const filterText = (q: ListQuery, key: string): string | undefined =>
  typeof q.filter[key] === 'string' ? (q.filter[key] as string) : undefined;
/** The filter's value under `key` if it is a non-blank string, trimmed. */
export const filterTerm = (q: ListQuery, key: string): string | undefined => filterText(q, key)?.trim() || undefined;
/** `LIKE '%term%'`'s pattern, `term` taken literally: its `%`, `_` and backslashes stand for themselves. */
export const likeLiteral = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The filter's value under `key` if it is a boolean. */
export const filterFlag = (q: ListQuery, key: string): boolean | undefined =>
  typeof q.filter[key] === 'boolean' ? (q.filter[key] as boolean) : undefined;

// The sort column is spliced into the SQL: it must be a plain column name from a whitelist.
const COLUMN = /^[a-z_][a-z0-9_]*$/;

/**
 * A list counts its rows exactly up to this many. Past it, counting would read them all (a million
 * participants: far from the few milliseconds a page takes; even 10,000 scattered rows read cold take
 * half a second), so the total is the planner's estimate of the filtered rows, never below this + 1:
 * the console still pages (ra-data-simple-rest wants a total), its last pages approximately.
 */
export const LIST_EXACT_COUNT_LIMIT = 1000;

/**
 * One page of `base` (a SELECT with an `id` column) under the list protocol: its WHERE, its ORDER
 * (with `id` as the tiebreaker, so pages neither repeat nor skip rows), LIMIT and OFFSET, and the
 * total: exact up to LIST_EXACT_COUNT_LIMIT rows, an estimate past it (`estimated`). A page that is
 * not full is the list's last: its end is the total, nothing else is counted.
 *
 * The page and its count are one statement, so they come from one snapshot (`Content-Range` never
 * disagrees with the rows, as a row committed between two reads would make it) in one round trip:
 * the count is the CASE's other branch, which PostgreSQL runs only when it is reached, that is when
 * the page is full (or empty past the end). Only an estimate takes a second statement.
 */
export async function listPage(db: Db, base: string, where: Where, q: ListQuery, tiebreak: 'id' | 'id DESC' = 'id') {
  if (!COLUMN.test(q.orderBy)) throw new Error(`Not a sortable column: ${q.orderBy}`);
  const sql = `SELECT * FROM (${base}) x ${where}`;
  const countValues = [...where.values]; // before LIMIT and OFFSET add theirs
  const [limit, offset] = [where.param(q.limit), where.param(q.offset)];
  const pageRows = '(SELECT count(*) FROM page)';
  const { rows } = await db.query(
    `WITH page AS MATERIALIZED (${sql} ORDER BY ${q.orderBy} ${q.direction}, ${tiebreak} LIMIT ${limit} OFFSET ${offset})
     SELECT page.*, counted.n AS __counted
       FROM (SELECT CASE WHEN ${pageRows} < ${limit}::bigint AND (${pageRows} > 0 OR ${offset}::bigint = 0) THEN NULL
                         ELSE (SELECT count(*)::int FROM (SELECT 1 FROM (${sql}) t LIMIT ${LIST_EXACT_COUNT_LIMIT + 1}) c)
                    END AS n) counted
       LEFT JOIN page ON true
      ORDER BY page.${q.orderBy} ${q.direction}, page.${tiebreak}`,
    where.values,
  );
  const n = rows[0].__counted as number | null;
  // One row stands for an empty page (the join's row without a page row): no row has a null id.
  const page = rows.filter((row) => row.id !== null).map(({ __counted: _, ...row }) => row);
  if (n === null) return { rows: page, total: q.offset + page.length, estimated: false };
  if (n <= LIST_EXACT_COUNT_LIMIT) return { rows: page, total: n, estimated: false };
  return { rows: page, total: Math.max(n, await estimatedRows(db, sql, countValues)), estimated: true };
}

/**
 * How long a list's estimate is reused for the same conditions, and how many are kept per pool: the
 * console asks for one list page after page, and the planner's estimate moves only when the table's
 * statistics do (after an ANALYZE), so asking again within seconds gives the same figure.
 */
const ESTIMATE_TTL_MS = 10_000;
const ESTIMATES_KEPT = 256;
const estimatesOf = new WeakMap<Db, Map<string, { at: number; rows: number }>>();

/** The planner's row estimate of `sql`, reused for ESTIMATE_TTL_MS. */
async function estimatedRows(db: Db, sql: string, values: unknown[]): Promise<number> {
  let estimates = estimatesOf.get(db);
  if (!estimates) estimatesOf.set(db, (estimates = new Map()));
  const key = `${sql}\u0000${JSON.stringify(values)}`;
  const kept = estimates.get(key);
  if (kept && Date.now() - kept.at < ESTIMATE_TTL_MS) return kept.rows;
  // Planned as the count is, reading no column: the planner drops the outer joins (a third of the
  // work of planning the page's SELECT with its columns), and the row estimate is the same.
  const plan = await db.query<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
    `EXPLAIN (FORMAT JSON) SELECT 1 FROM (${sql}) t`,
    values,
  );
  const rows = Math.round(plan.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
  estimates.delete(key); // kept in the order they were asked for: the oldest goes first
  estimates.set(key, { at: Date.now(), rows });
  if (estimates.size > ESTIMATES_KEPT) estimates.delete(estimates.keys().next().value!);
  return rows;
}
