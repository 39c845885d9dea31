import type { CodedRowError } from '../shared/rowErrorText';
import type { Contract } from '../types';

/**
 * A row error of the registry export: the file's line (the header is line 1), the column, what is
 * wrong as a code with parameters (said in the console's language), and the API's English message.
 */
export type RegistryRowError = CodedRowError;

/** `POST /admin/api/contracts/import/preview`: the export read row by row, nothing written. */
export interface RegistryPreview {
  filename: string;
  /** the file's data lines */
  lines: number;
  /** lines that read as contracts */
  valid: number;
  /** lines with at least one error */
  invalid: number;
  /** contracts in the registry now, and what the replacement would add, change and drop */
  current: number;
  added: number;
  changed: number;
  removed: number;
  /** the first contracts as read, with their line */
  rows: Array<Pick<Contract, 'contract_number' | 'contract_type' | 'inn' | 'legal_name' | 'status'> & { row: number }>;
  /** the first row errors (all of them: error_count) */
  errors: RegistryRowError[];
  error_count: number;
}

/** `POST /admin/api/contracts/import`. */
export interface RegistryImported {
  imported: number;
  skipped: number;
}

/** A registry export to send; `onProgress` gets the share sent so far (0 to 1). */
export interface RegistryUpload {
  file: File;
  onProgress?: (sent: number) => void;
  signal?: AbortSignal;
}
