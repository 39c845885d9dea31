/**
 * CSV documents for staff exports: semicolons and a BOM, as Russian Excel expects, and cells that
 * cannot run as formulas. OWASP's advice on CSV injection: a cell that starts with `=`, `+`, `-`, `@`,
 * a TAB or a CR is read by spreadsheets as a formula, so it gets a leading apostrophe (shown as text,
 * not executed). Numbers stay numbers: a negative amount is a number, not a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell's text: dates in ISO form, empty for null, formulas neutralised, quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole document: BOM, header, rows, CRLF line ends. */
export function csvDocument(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + [header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n') + '\r\n';
}
