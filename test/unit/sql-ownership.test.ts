/**
 * One owner per table: every SQL statement lives in a db/<aggregate>.ts module, and each table is
 * written by exactly one of them. Routers, use cases and activities call those functions (passing
 * the pool, or their transaction's client); they never query themselves. Read from the sources with
 * the TypeScript parser, so comments, and words in strings that merely resemble SQL, do not count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Where SQL may appear outside db/, and why. A folder ends with a slash. */
const SQL_ALLOWED: Record<string, string> = {
  'db/': 'the owners themselves',
  'bench/': 'benchmarks time raw SQL (INSERT … SELECT, one-statement expiry) against the workflow path, on purpose',
  'test/': 'tests arrange fixtures and check what was stored straight in the tables',
};

/**
 * Tables written by more than one db/ module, each with the reason. An entry that is no longer
 * needed fails the test too, so the list only shrinks.
 */
const SHARED_WRITES: Record<string, { writers: string[]; why: string }> = {
  balances: {
    writers: ['db/ledger.ts', 'db/participants.ts'],
    why: "a participant's balance row, holding nothing, is opened in the registration's own statement (so a list sorted by balance finds every participant); only db/ledger.ts moves it",
  },
};

const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git', '.data', '.tools']);

function sourceFiles(dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [relative(root, path).split(sep).join('/')] : [];
  });
}

const allowed = (file: string) => Object.keys(SQL_ALLOWED).some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));

interface Found {
  /** `.query(` calls that are not a Temporal query (`handle.query(someQuery)`) */
  queryCalls: number[];
  /** string and template literals that start as an SQL statement, with their text */
  sqlLiterals: Array<{ line: number; text: string }>;
  /** the text of every literal (a template's pieces joined), for the tables it writes */
  literals: string[];
}

// A route key (`DELETE /api/me/sessions/:id`, api/route-table.ts) is a path, not a statement.
const SQL_START = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\s+(?!\/)/;
const WRITES = /\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)/g;

function scan(file: string): Found {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const found: Found = { queryCalls: [], sqlLiterals: [], literals: [] };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'query') {
      // A Temporal workflow query names its definition (e.g. creditingQuery from workflows/messages): not SQL.
      const [first] = node.arguments;
      const temporalQuery = first !== undefined && ts.isIdentifier(first) && /Query$/.test(first.text);
      if (!temporalQuery) found.queryCalls.push(lineOf(node));
    }
    let literal: string | null = null;
    let head: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = head = node.text;
    else if (ts.isTemplateExpression(node)) {
      head = node.head.text;
      literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ? ');
    }
    if (literal !== null) found.literals.push(literal);
    if (head !== null && SQL_START.test(head)) found.sqlLiterals.push({ line: lineOf(node), text: head.trim().split('\n')[0] });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = sourceFiles();
const scanned = new Map(files.map((file) => [file, scan(file)]));

describe('SQL ownership', () => {
  it('finds the sources it judges, and sees SQL where there is some', () => {
    expect(files).toContain('db/ledger.ts');
    expect(files).toContain('api/app.ts');
    expect(files).toContain('activities/enrolment.ts');
    expect(scanned.get('db/ledger.ts')!.queryCalls.length).toBeGreaterThan(5);
    expect(scanned.get('db/ledger.ts')!.sqlLiterals.length).toBeGreaterThan(5);
    expect(scanned.get('db/pool.ts')!.queryCalls.length).toBe(3);
  });

  it('no code outside db/ (and the listed exemptions) queries PostgreSQL or holds an SQL statement', () => {
    const offences = files
      .filter((file) => !allowed(file))
      .flatMap((file) => {
        const { queryCalls, sqlLiterals } = scanned.get(file)!;
        return [
          ...queryCalls.map((line) => `${file}:${line}: .query( call`),
          ...sqlLiterals.map((l) => `${file}:${l.line}: SQL literal "${l.text.slice(0, 60)}"`),
        ];
      });
    expect(offences, 'move these into the db/ module that owns the table').toEqual([]);
  });

  it('each table is written by exactly one db/ module (INSERT INTO, UPDATE, DELETE FROM)', () => {
    const writers = new Map<string, Set<string>>();
    for (const file of files.filter((f) => f.startsWith('db/') && !f.startsWith('db/migrations/'))) {
      for (const literal of scanned.get(file)!.literals) {
        for (const [, table] of literal.matchAll(WRITES)) {
          if (!writers.has(table)) writers.set(table, new Set());
          writers.get(table)!.add(file);
        }
      }
    }
    const shared = [...writers]
      .filter(([, modules]) => modules.size > 1)
      .map(([table, modules]) => ({ table, writers: [...modules].sort() }))
      .sort((a, b) => a.table.localeCompare(b.table));
    const expected = Object.entries(SHARED_WRITES)
      .map(([table, { writers: w }]) => ({ table, writers: [...w].sort() }))
      .sort((a, b) => a.table.localeCompare(b.table));
    expect(shared, 'a table written by several db/ modules: give it one owner (or, if genuine, list it with the reason)').toEqual(expected);
  });

  it('knows the owners of the tables the program writes', () => {
    const writersOf = (table: string) =>
      files.filter(
        (f) =>
          f.startsWith('db/') &&
          !f.startsWith('db/migrations/') &&
          scanned.get(f)!.literals.some((l) => [...l.matchAll(WRITES)].some(([, t]) => t === table)),
      );
    expect(writersOf('ledger_entries')).toEqual(['db/ledger.ts']);
    expect(writersOf('lots')).toEqual(['db/ledger.ts']);
    expect(writersOf('sent_mail')).toEqual(['db/mail.ts']);
    expect(writersOf('orders')).toEqual(['db/orders.ts']);
    expect(writersOf('events')).toEqual(['db/events.ts']);
  });
});

describe('prepared statements', () => {
  it('each name of a statement prepared once per connection (db/pool.ts prepared) names one text: one call site', () => {
    const names = files
      .filter((f) => f.startsWith('db/'))
      .flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/\bprepared\(\s*'([^']+)'/g)].map(([, name]) => `${name} (${f})`));
    expect(names.length, 'the key reads are prepared (db/api-keys.ts, db/staff.ts, db/ledger-reads.ts…)').toBeGreaterThanOrEqual(8);
    const seen = new Map<string, string[]>();
    for (const entry of names) {
      const name = entry.slice(0, entry.indexOf(' ('));
      seen.set(name, [...(seen.get(name) ?? []), entry]);
    }
    expect([...seen.values()].filter((sites) => sites.length > 1)).toEqual([]);
  });
});
