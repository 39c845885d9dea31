/**
 * The operator's contract registry export (CSV), read into rows or per-row errors (R4).
 * Columns: contract_number, contract_type (agent | subagent), inn, legal_name, status (active | terminated).
 */
import { parse } from 'csv-parse/sync';
import { innProblem } from './inn.js';
import { cellFault, rowError, type RowError, type RowErrorCode, type RowErrorParams } from './row-errors.js';
import { decodeTextFile, detectDelimiter } from './text-file.js';
import { quotable } from './text.js';
import type { RegistryContract } from './verification.js';

export type { RowError } from './row-errors.js';

export const REGISTRY_COLUMNS = ['contract_number', 'contract_type', 'inn', 'legal_name', 'status'] as const;

/**
 * The longest value of each column. Generous (a registration gives at most 50 and 300), yet short
 * enough that an indexed value stays far below PostgreSQL's btree row limit (about 2.7 kB).
 */
const MAX_LENGTH: Record<(typeof REGISTRY_COLUMNS)[number], number> = {
  contract_number: 100,
  contract_type: 100,
  inn: 100,
  legal_name: 500,
  status: 100,
};

export type RegistryFile = { ok: true; contracts: RegistryContract[] } | { ok: false; errors: RowError[] };

/** A row of the file that reads as a contract, with its line. */
export interface RegistryRow {
  row: number;
  contract: RegistryContract;
}

/**
 * The file read row by row: the rows that read as contracts, and the errors of the others (a row with
 * any error is not among `rows`). `ok: false` when the file as a whole cannot be read (empty, not a
 * CSV, wrong columns, no rows): no row can be trusted then.
 */
export type RegistryRows = { ok: true; rows: RegistryRow[]; errors: RowError[]; lines: number } | { ok: false; errors: RowError[] };

/** The whole file or nothing: its contracts if every row reads, else every row's errors. */
export function readRegistryCsv(content: Uint8Array): RegistryFile {
  const read = readRegistryRows(content);
  if (!read.ok) return read;
  return read.errors.length ? { ok: false, errors: read.errors } : { ok: true, contracts: read.rows.map((r) => r.contract) };
}

export function readRegistryRows(content: Uint8Array): RegistryRows {
  const text = decodeTextFile(content);
  if (!text.trim()) return { ok: false, errors: [rowError(1, 'file', 'file_empty')] };
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (err) {
    return { ok: false, errors: [rowError(1, 'file', 'file_unreadable', { reason: quotable((err as Error).message, 200) })] };
  }
  const header = records[0].map((h) => h.toLowerCase());
  const missing = REGISTRY_COLUMNS.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(REGISTRY_COLUMNS as readonly string[]).includes(h));
  if (missing.length || unknown.length) {
    const params = {
      expected: REGISTRY_COLUMNS.join(', '),
      missing: missing.join(', '),
      unknown: unknown.map((h) => quotable(h)).join(', '),
    };
    return { ok: false, errors: [rowError(1, 'header', 'columns', params)] };
  }
  const col = (name: (typeof REGISTRY_COLUMNS)[number]) => header.indexOf(name);
  const errors: RowError[] = [];
  const rows: RegistryRow[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const row = i + 2;
    const get = (name: (typeof REGISTRY_COLUMNS)[number]) => record[col(name)]?.trim() ?? '';
    const fail = (field: string, code: RowErrorCode, params?: RowErrorParams) => errors.push(rowError(row, field, code, params));
    // A cell that is not clean text (a NUL, an unpaired surrogate…) or too long refuses the row before anything reads it.
    const unclean = REGISTRY_COLUMNS.filter((name) => {
      const fault = cellFault(get(name), MAX_LENGTH[name]);
      if (fault) fail(name, fault.code, fault.params);
      return fault !== null;
    });
    if (unclean.length) return;
    const contractNumber = get('contract_number');
    const contractType = get('contract_type').toLowerCase();
    const inn = get('inn');
    const legalName = get('legal_name');
    const status = get('status').toLowerCase();
    if (!contractNumber) fail('contract_number', 'required');
    else if (seen.has(contractNumber)) fail('contract_number', 'repeats_row', { row: seen.get(contractNumber)! });
    else seen.set(contractNumber, row);
    if (contractType !== 'agent' && contractType !== 'subagent') fail('contract_type', 'one_of', { choices: 'agent, subagent' });
    const problem = inn ? innProblem(inn) : null;
    if (problem) fail('inn', `inn_${problem}`);
    if (!legalName) fail('legal_name', 'required');
    if (status !== 'active' && status !== 'terminated') fail('status', 'one_of', { choices: 'active, terminated' });
    if (errors.at(-1)?.row === row) return;
    rows.push({
      row,
      contract: {
        contractNumber,
        contractType: contractType as RegistryContract['contractType'],
        inn: inn || null,
        legalName,
        status: status as RegistryContract['status'],
      },
    });
  });
  if (records.length < 2) return { ok: false, errors: [rowError(2, 'file', 'file_no_contracts')] };
  return { ok: true, rows, errors, lines: records.length - 1 };
}
