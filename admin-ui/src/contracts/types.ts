import type { operations } from '../../../api/generated/staff-api';
import type { CodedRowError } from '../shared/rowErrorText';

/**
 * A row error of the registry export: the file's line (the header is line 1), the column, what is
 * wrong as a code with parameters (said in the console's language), and the API's English message.
 */
export type RegistryRowError = CodedRowError;

/** `POST /admin/api/contracts/import/preview`: the export read row by row, nothing written (its type generated from the API's document). */
export type RegistryPreview = operations['postContractsImportPreview']['responses'][200]['content']['application/json'];

/** `POST /admin/api/contracts/import`. */
export type RegistryImported = operations['postContractsImport']['responses'][200]['content']['application/json'];

/** A registry export to send; `onProgress` gets the share sent so far (0 to 1). */
export interface RegistryUpload {
  file: File;
  onProgress?: (sent: number) => void;
  signal?: AbortSignal;
}
