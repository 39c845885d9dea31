/**
 * Marathon test results (R9: earned only when passed) and program-course completions (R9, R8)
 * from CSV, one line per normalised email (R1). Columns: `email, score` and `email, completed_at`.
 * Repeated emails keep the best row: the highest score, the earliest completion.
 */
import { cellProblem, compareText, parseNumber, parseTimestamp, readCsvTable } from './attendance-report.js';
import type { RowError } from './contract-registry-csv.js';
import { isValidEmail, normalizeEmail } from './email.js';
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
      return score !== null && score >= 0 && score <= 100
        ? { value: score }
        : { problem: `must be a number from 0 to 100, not "${quotable(cell)}"` };
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
      return completedAt
        ? { value: completedAt }
        : { problem: `must be a date and time (2026-11-21T10:00:00Z or 21.11.2026 10:00), not "${quotable(cell)}"` };
    },
    (candidate, kept) => candidate < kept,
  );
  return { ...file, lines: file.lines.map(({ value, ...line }) => ({ ...line, completedAt: value })) };
}

type Parsed<T> = { value: T } | { problem: string };

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
    const problems = [
      missing.length ? `missing ${missing.join(', ')}` : '',
      unknown.length ? `unknown ${unknown.map((h) => quotable(h)).join(', ')}` : '',
    ];
    const message = `columns must be ${columns.join(', ')}: ${problems.filter(Boolean).join('; ')}`;
    return { lines: [], errors: [{ row: table.header.line, field: 'header', message }], totalRows: 0 };
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
    if (emailProblem) errors.push({ row, field: 'email', message: emailProblem });
    else if (!email) errors.push({ row, field: 'email', message: 'is required' });
    else if (!isValidEmail(email)) errors.push({ row, field: 'email', message: `is not a valid email: "${quotable(email)}"` });
    const parsed: Parsed<T> = cellFault ? { problem: cellFault } : cell ? parseValue(cell) : { problem: 'is required' };
    if ('problem' in parsed) errors.push({ row, field: column, message: parsed.problem });
    if ('problem' in parsed || errors.length > errorCount) continue;

    const emailNormalized = normalizeEmail(email);
    const kept = best.get(emailNormalized);
    if (!kept || better(parsed.value, kept.value)) best.set(emailNormalized, { email, emailNormalized, value: parsed.value, row });
  }
  const lines = [...best.values()].sort((a, b) => compareText(a.emailNormalized, b.emailNormalized));
  return { lines, errors, totalRows: table.rows.length };
}
