/**
 * The contract registry's import (R4): the operator's CSV export replaces the registry. Staff first
 * see a preview (a dry run: the rows as read, every row's errors, what the replacement would add,
 * change and drop; nothing written), then commit: the whole file, or, when they chose so after the
 * preview, the rows that read, leaving out those with errors.
 */
import { writeAudit, type Actor } from '../db/audit.js';
import { registryChange, replaceRegistry, type RegistryChange } from '../db/contracts.js';
import { inTransaction, type Pool } from '../db/pool.js';
import { readRegistryRows, type RowError } from '../rules/contract-registry-csv.js';
import { AppError } from './errors.js';

/** The preview shows the first rows of the file: enough to see the columns were read right. */
export const PREVIEW_ROWS = 100;
/** …and this many row errors at most (their total is in `error_count`). */
export const PREVIEW_ERRORS = 500;
/** A refusal names this many row errors at most. */
const REFUSAL_ERRORS = 100;

export interface RegistryUpload {
  filename: string;
  content: Uint8Array;
}

/** The file as a whole is refused (or every row of it): the first error names the row and field. */
function fileRefused(errors: RowError[]): AppError {
  const [first] = errors;
  return new AppError(400, 'invalid_registry_file', `row ${first.row}, ${first.field}: ${first.message}`, first.field, {
    row: first.row,
    errors: errors.slice(0, REFUSAL_ERRORS),
  });
}

/** The lines with at least one error. */
const badRows = (errors: RowError[]): number[] => [...new Set(errors.map((e) => e.row))];

export interface RegistryPreview extends RegistryChange {
  filename: string;
  /** the file's data lines */
  lines: number;
  /** lines that read as contracts */
  valid: number;
  /** lines with at least one error */
  invalid: number;
  /** the first PREVIEW_ROWS contracts as read, with their line */
  rows: Array<{ row: number; contract_number: string; contract_type: string; inn: string | null; legal_name: string; status: string }>;
  /** the first PREVIEW_ERRORS row errors */
  errors: RowError[];
  error_count: number;
}

/**
 * The dry run: the file read row by row and compared with the registry. A file that cannot be read
 * as a whole (empty, not a CSV, wrong columns) is refused as the import would refuse it.
 */
export async function previewRegistryImport(pool: Pool, upload: RegistryUpload): Promise<RegistryPreview> {
  const read = readRegistryRows(upload.content);
  if (!read.ok) throw fileRefused(read.errors);
  const change = await registryChange(
    pool,
    read.rows.map((r) => r.contract),
  );
  return {
    filename: upload.filename,
    lines: read.lines,
    valid: read.rows.length,
    invalid: badRows(read.errors).length,
    ...change,
    rows: read.rows.slice(0, PREVIEW_ROWS).map(({ row, contract: c }) => ({
      row,
      contract_number: c.contractNumber,
      contract_type: c.contractType,
      inn: c.inn,
      legal_name: c.legalName,
      status: c.status,
    })),
    errors: read.errors.slice(0, PREVIEW_ERRORS),
    error_count: read.errors.length,
  };
}

/**
 * Replaces the registry with the file's contracts, with its audit entry, in one transaction. Any row
 * error refuses the whole file unless `skipInvalid`: then the rows that read replace the registry
 * and the others are left out (and named in the audit). A file with no row that reads is refused
 * either way: it would empty the registry.
 */
export async function importRegistry(
  pool: Pool,
  actor: Actor,
  upload: RegistryUpload,
  opts: { skipInvalid: boolean },
): Promise<{ imported: number; skipped: number }> {
  const read = readRegistryRows(upload.content);
  if (!read.ok) throw fileRefused(read.errors);
  if (read.errors.length && (!opts.skipInvalid || read.rows.length === 0)) throw fileRefused(read.errors);
  const contracts = read.rows.map((r) => r.contract);
  const skipped = badRows(read.errors);
  await inTransaction(pool, async (tx) => {
    await replaceRegistry(tx, contracts);
    await writeAudit(
      tx,
      actor,
      'contracts.import',
      { type: 'contract_registry', id: 'registry' },
      {
        filename: upload.filename,
        contracts: contracts.length,
        ...(skipped.length ? { skipped: skipped.length, skipped_rows: skipped.slice(0, REFUSAL_ERRORS) } : {}),
      },
    );
  });
  return { imported: contracts.length, skipped: skipped.length };
}
