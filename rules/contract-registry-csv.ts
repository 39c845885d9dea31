/**
 * The operator's contract registry export (CSV), read into rows or per-row errors (R4).
 * Columns: contract_number, contract_type (agent | subagent), inn, legal_name, status (active | terminated).
 */
import { parse } from 'csv-parse/sync';
import { innProblem } from './inn.js';
import { decodeTextFile, detectDelimiter } from './text-file.js';
import type { RegistryContract } from './verification.js';

export const REGISTRY_COLUMNS = ['contract_number', 'contract_type', 'inn', 'legal_name', 'status'] as const;

export interface RowError {
  row: number; // 1-based line of the file, the header being line 1
  field: string;
  message: string;
}

export type RegistryFile = { ok: true; contracts: RegistryContract[] } | { ok: false; errors: RowError[] };

export function readRegistryCsv(content: Uint8Array): RegistryFile {
  const text = decodeTextFile(content);
  if (!text.trim()) return { ok: false, errors: [{ row: 1, field: 'file', message: 'the file is empty' }] };
  let records: string[][];
  try {
    records = parse(text, { delimiter: detectDelimiter(text), skip_empty_lines: true, trim: true, relax_column_count: true });
  } catch (err) {
    return { ok: false, errors: [{ row: 1, field: 'file', message: `not a readable CSV file: ${(err as Error).message}` }] };
  }
  const header = records[0].map((h) => h.toLowerCase());
  const missing = REGISTRY_COLUMNS.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !(REGISTRY_COLUMNS as readonly string[]).includes(h));
  if (missing.length || unknown.length) {
    const problems = [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `unknown ${unknown.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    return { ok: false, errors: [{ row: 1, field: 'header', message: `columns must be ${REGISTRY_COLUMNS.join(', ')}: ${problems}` }] };
  }
  const col = (name: (typeof REGISTRY_COLUMNS)[number]) => header.indexOf(name);
  const errors: RowError[] = [];
  const contracts: RegistryContract[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const row = i + 2;
    const get = (name: (typeof REGISTRY_COLUMNS)[number]) => record[col(name)]?.trim() ?? '';
    const fail = (field: string, message: string) => errors.push({ row, field, message });
    const contractNumber = get('contract_number');
    const contractType = get('contract_type').toLowerCase();
    const inn = get('inn');
    const legalName = get('legal_name');
    const status = get('status').toLowerCase();
    if (!contractNumber) fail('contract_number', 'is required');
    else if (seen.has(contractNumber)) fail('contract_number', `repeats row ${seen.get(contractNumber)}`);
    else seen.set(contractNumber, row);
    if (contractType !== 'agent' && contractType !== 'subagent') fail('contract_type', 'must be agent or subagent');
    const problem = inn ? innProblem(inn) : null;
    if (problem) fail('inn', `is not a valid INN (${problem.replace(/_/g, ' ')})`);
    if (!legalName) fail('legal_name', 'is required');
    if (status !== 'active' && status !== 'terminated') fail('status', 'must be active or terminated');
    contracts.push({
      contractNumber,
      contractType: contractType as RegistryContract['contractType'],
      inn: inn || null,
      legalName,
      status: status as RegistryContract['status'],
    });
  });
  if (contracts.length === 0 && errors.length === 0) errors.push({ row: 2, field: 'file', message: 'the file has no contracts' });
  return errors.length ? { ok: false, errors } : { ok: true, contracts };
}
