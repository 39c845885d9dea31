/**
 * The console's substring searches (`contains`) on columns with a trigram index: the index is given
 * the term's selective part (db/trigrams.ts), weighed against a sample of the column taken through each
 * pool every few minutes, and the whole term is matched on the rows it finds.
 */
import { likeLiteral } from './list-query.js';
import type { Db } from './pool.js';
import { indexedPart, indexedPartOfAll, sampleTrigrams, type TrigramSample } from './trigrams.js';

/** A searched expression, as its trigram index is built (`lower(…)` of the table's own columns). */
export interface SearchedColumn {
  table: string;
  expression: string;
}

/** Rows sampled per column, and how long a sample is trusted before it is taken again (meanwhile it serves). */
const SAMPLE_ROWS = 2048;
const SAMPLE_TTL_MS = 10 * 60_000;

/** The samples taken through each pool (a pool reaches one database). */
const samplesOf = new WeakMap<Db, Map<string, { takenAt: number; sample: Promise<TrigramSample> }>>();

/**
 * A column's sample. Only the first search of the column through `db` waits for it; after
 * SAMPLE_TTL_MS the next search starts a new one and is answered with the old one meanwhile. A failed
 * sample is dropped.
 */
function sampleOf(db: Db, column: SearchedColumn): Promise<TrigramSample> {
  let samples = samplesOf.get(db);
  if (!samples) samplesOf.set(db, (samples = new Map()));
  const key = `${column.table}:${column.expression}`;
  const cached = samples.get(key);
  if (cached && Date.now() - cached.takenAt < SAMPLE_TTL_MS) return cached.sample;
  const taking = takeSample(db, column);
  const entry = { takenAt: Date.now(), sample: taking };
  samples.set(key, entry);
  taking.then(
    () => {},
    () => {
      if (samples.get(key) === entry) samples.delete(key);
    },
  );
  return cached ? cached.sample : taking;
}

/**
 * About SAMPLE_ROWS rows from pages at random, about one row from each: rows of one page were often
 * written together (an import, consecutive numbers), so whole pages would tell of a few neighbourhoods.
 */
async function takeSample(db: Db, { table, expression }: SearchedColumn): Promise<TrigramSample> {
  const {
    rows: [size],
  } = await db.query<{ rows: number; pages: number }>(
    'SELECT greatest(reltuples, 0)::float8 AS rows, relpages::float8 AS pages FROM pg_class WHERE oid = $1::regclass',
    [table],
  );
  const pagesPercent = size.pages > 0 ? Math.min(100, (100 * 2 * SAMPLE_ROWS) / size.pages) : 100;
  const rowsRead = size.rows * (pagesPercent / 100);
  const kept = rowsRead > SAMPLE_ROWS ? SAMPLE_ROWS / rowsRead : 1;
  const { rows: values } = await db.query<{ v: string }>(
    `SELECT ${expression} AS v FROM ${table} TABLESAMPLE SYSTEM ($1)
      WHERE ${expression} IS NOT NULL AND random() < $2 LIMIT ${SAMPLE_ROWS}`,
    [pagesPercent, kept],
  );
  return sampleTrigrams(
    values.map((r) => r.v),
    size.rows,
  );
}

/**
 * A condition (with `?` placeholders, for `Where.add`) true where `expression` (the column's, perhaps
 * qualified by an alias) contains `term`, case aside, literally. The trigram index is given what
 * indexedPart chooses. When that is a part, the whole term is matched on `expression || ''`, which no
 * index is built on (whatever the database's collation): it filters the rows the part found, and the
 * planner still weighs how few rows the whole term finds.
 */
export async function containsTerm(
  db: Db,
  column: SearchedColumn,
  term: string,
  expression = column.expression,
): Promise<{ sql: string; values: string[] }> {
  const lowered = term.toLowerCase();
  const part = indexedPart(lowered, await sampleOf(db, column));
  if (part === lowered) return { sql: `${expression} LIKE ?`, values: [likeLiteral(lowered)] };
  return { sql: `(${expression} LIKE ? AND (${expression} || '') LIKE ?)`, values: [likeLiteral(part), likeLiteral(lowered)] };
}

/**
 * A condition true where the column's expression contains every one of `terms` (a name's words), case
 * aside, literally. The trigram index is given one part, what indexedPartOfAll chooses, and every term
 * is matched on the rows it finds; when it chooses none, each term is given as containsTerm gives a
 * common one.
 */
export async function containsAllTerms(db: Db, column: SearchedColumn, terms: string[]): Promise<{ sql: string; values: string[] }> {
  const lowered = terms.map((term) => term.toLowerCase());
  const { expression } = column;
  const part = indexedPartOfAll(lowered, await sampleOf(db, column));
  if (part === null) {
    return { sql: lowered.map(() => `${expression} LIKE ?`).join(' AND '), values: lowered.map(likeLiteral) };
  }
  return {
    sql: `(${expression} LIKE ? AND ${lowered.map(() => `(${expression} || '') LIKE ?`).join(' AND ')})`,
    values: [likeLiteral(part), ...lowered.map(likeLiteral)],
  };
}
