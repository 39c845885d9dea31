import { describe, expect, it } from 'vitest';
import { readRegistryCsv, readRegistryRows } from '../../rules/contract-registry-csv.js';

const header = 'contract_number;contract_type;inn;legal_name;status\n';

describe('the registry export read row by row (the import preview)', () => {
  it('R4: answers the rows that read, with their line, and the errors of the others', () => {
    const read = readRegistryRows(
      Buffer.from(
        `${header}A-1;agent;7707083893;ООО А;active\nA-2;broker;;ООО Б;active\nA-1;agent;;ООО В;active\nS-4;subagent;;ООО Г;terminated\n`,
      ),
    );
    expect(read).toEqual({
      ok: true,
      lines: 4,
      rows: [
        { row: 2, contract: { contractNumber: 'A-1', contractType: 'agent', inn: '7707083893', legalName: 'ООО А', status: 'active' } },
        { row: 5, contract: { contractNumber: 'S-4', contractType: 'subagent', inn: null, legalName: 'ООО Г', status: 'terminated' } },
      ],
      errors: [
        { row: 3, field: 'contract_type', code: 'one_of', params: { choices: 'agent, subagent' }, message: 'must be agent or subagent' },
        { row: 4, field: 'contract_number', code: 'repeats_row', params: { row: 2 }, message: 'repeats row 2' },
      ],
    });
    // The whole-file reading refuses the same file, naming the same errors.
    expect(readRegistryCsv(Buffer.from(`${header}A-1;agent;;ООО А;active\nA-2;broker;;ООО Б;active\n`))).toEqual({
      ok: false,
      errors: [
        { row: 3, field: 'contract_type', code: 'one_of', params: { choices: 'agent, subagent' }, message: 'must be agent or subagent' },
      ],
    });
  });

  it('R4: a file that cannot be read as a whole is refused, not read row by row', () => {
    expect(readRegistryRows(Buffer.from('number;name\n1;x\n'))).toEqual({
      ok: false,
      errors: [
        {
          row: 1,
          field: 'header',
          code: 'columns',
          params: {
            expected: 'contract_number, contract_type, inn, legal_name, status',
            missing: 'contract_number, contract_type, inn, legal_name, status',
            unknown: 'number, name',
          },
          message:
            'columns must be contract_number, contract_type, inn, legal_name, status: missing contract_number, contract_type, inn, legal_name, status; unknown number, name',
        },
      ],
    });
    expect(readRegistryRows(Buffer.from(header))).toMatchObject({
      ok: false,
      errors: [{ field: 'file', code: 'file_no_contracts', message: 'the file has no contracts' }],
    });
    expect(readRegistryRows(Buffer.from(''))).toMatchObject({ ok: false, errors: [{ field: 'file' }] });
  });
});
