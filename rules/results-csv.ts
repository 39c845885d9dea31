/**
 * Marathon test results (R9: earned only when passed) and program-course completions (R9, R8)
 * from CSV, one line per normalised email (R1). Columns: `email, score` and `email, completed_at`.
 * Repeated emails keep the best row: the highest score, the earliest completion.
 */
import { cellProblem, compareText, parseNumber, parseTimestamp, readCsvTable } from './attendance-report.js';
import { isValidEmail, normalizeEmail } from './email.js';
import { rowError, type RowError, type RowErrorCode, type RowErrorParams } from './row-errors.js';
import { quotable } from './text.js';

export interface TestResultLine {
  email: string;
  emailNormalized: string;
  score: number;
  row: number;
}
export interface CourseCompletionLine {
  email: string;
  emailNormalized: string;
  completedAt: Date;
  row: number;
}
export interface ResultsFile<Line> {
  lines: Line[];
  errors: RowError[];
  totalRows: number;
}

export function readTestResultsCsv(content: Uint8Array): ResultsFile<TestResultLine> {
  const file = readEmailValueCsv<number>(
    content,
    'score',
    (cell) => {
      const score = parseNumber(cell);
      return score !== null && score >= 0 && score <= 100 ? { value: score } : { problem: 'not_score', params: { value: quotable(cell) } };
    },
    (candidate, kept) => candidate > kept,
  );
  return { ...file, lines: file.lines.map(({ value, ...line }) => ({ ...line, score: value })) };
}

export function readCourseCompletionsCsv(content: Uint8Array): ResultsFile<CourseCompletionLine> {
  const file = readEmailValueCsv<Date>(
    content,
    'completed_at',
    (cell) => {
      const completedAt = parseTimestamp(cell, 'ru');
      return completedAt ? { value: completedAt } : { problem: 'not_completed_at', params: { value: quotable(cell) } };
    },
    (candidate, kept) => candidate < kept,
  );
  return { ...file, lines: file.lines.map(({ value, ...line }) => ({ ...line, completedAt: value })) };
}

type Parsed<T> = { value: T } | { problem: RowErrorCode; params?: RowErrorParams };

/** Reads `email` plus one value column; keeps, per email, the row whose value is `better`. */
function readEmailValueCsv<T>(
  content: Uint8Array,
  column: string,
  parseValue: (cell: string) => Parsed<T>,
  better: (candidate: T, kept: T) => boolean,
): ResultsFile<{ email: string; emailNormalized: string; value: T; row: number }> {
  const table = readCsvTable(content);
  if (!table.ok) return { lines: [], errors: table.errors, totalRows: 0 };
  const columns = ['email', column];
  const names = table.header.cells.map((h) => h.toLowerCase());
  const missing = columns.filter((c) => !names.includes(c));
  const unknown = table.header.cells.filter((h, i) => h !== '' && !columns.includes(names[i]));
  if (missing.length || unknown.length) {
    const params = { expected: columns.join(', '), missing: missing.join(', '), unknown: unknown.map((h) => quotable(h)).join(', ') };
    return { lines: [], errors: [rowError(table.header.line, 'header', 'columns', params)], totalRows: 0 };
  }

  const [emailAt, valueAt] = columns.map((c) => names.indexOf(c));
  const errors: RowError[] = [];
  const best = new Map<string, { email: string; emailNormalized: string; value: T; row: number }>();
  for (const { line: row, cells } of table.rows) {
    const email = cells[emailAt]?.trim() ?? '';
    const cell = cells[valueAt]?.trim() ?? '';
    const errorCount = errors.length;
    // A cell that is not clean text (a NUL, an unpaired surrogate…) refuses the row before anything reads it.
    const [emailProblem, cellFault] = [cellProblem(email), cellProblem(cell)];
    if (emailProblem) errors.push(rowError(row, 'email', emailProblem.code, emailProblem.params));
    else if (!email) errors.push(rowError(row, 'email', 'required'));
    else if (!isValidEmail(email)) errors.push(rowError(row, 'email', 'email_invalid', { value: quotable(email) }));
    const parsed: Parsed<T> = cellFault
      ? { problem: cellFault.code, params: cellFault.params }
      : cell
        ? parseValue(cell)
        : { problem: 'required' };
    if ('problem' in parsed) errors.push(rowError(row, column, parsed.problem, parsed.params));
    if ('problem' in parsed || errors.length > errorCount) continue;

    const emailNormalized = normalizeEmail(email);
    const kept = best.get(emailNormalized);
    if (!kept || better(parsed.value, kept.value)) best.set(emailNormalized, { email, emailNormalized, value: parsed.value, row });
  }
  const lines = [...best.values()].sort((a, b) => compareText(a.emailNormalized, b.emailNormalized));
  return { lines, errors, totalRows: table.rows.length };
}
