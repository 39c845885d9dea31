import { describe, expect, it } from 'vitest';
import { readRegistryCsv } from '../../rules/contract-registry-csv.js';
import { detectDocumentType } from '../../rules/documents.js';
import { isValidEmail, normalizeEmail } from '../../rules/email.js';
import { innProblem, isValidInn } from '../../rules/inn.js';
import { decodeTextFile } from '../../rules/text-file.js';
import { decideVerification, type RegistrationForm, type RegistryContract } from '../../rules/verification.js';

describe('INN check digits', () => {
  it('R2: accepts real 10-digit company and 12-digit entrepreneur INNs', () => {
    expect(isValidInn('7707083893')).toBe(true); // Sberbank
    expect(isValidInn('7736207543')).toBe(true); // Yandex
    expect(isValidInn('500100732259')).toBe(true);
  });

  it('R2: refuses a wrong check digit, a wrong length and non-digits, saying which', () => {
    expect(innProblem('7707083894')).toBe('wrong_check_digit');
    expect(innProblem('500100732258')).toBe('wrong_check_digit');
    expect(innProblem('500100732249')).toBe('wrong_check_digit');
    expect(innProblem('77070838')).toBe('wrong_length');
    expect(innProblem('77070838ab')).toBe('not_digits');
  });
});

describe('email identity', () => {
  it('R1: emails compare trimmed and case-insensitively', () => {
    expect(normalizeEmail('  Anna.Smirnova@Agency.EXAMPLE ')).toBe('anna.smirnova@agency.example');
  });

  it('R2: malformed emails are refused', () => {
    for (const bad of ['anna', 'anna@', '@agency.ru', 'an na@agency.ru', 'anna@agency', `${'a'.repeat(65)}@x.ru`]) {
      expect(isValidEmail(bad), bad).toBe(false);
    }
    expect(isValidEmail('anna+webinars@agency.example')).toBe(true);
  });
});

describe('contract verification', () => {
  const agentForm: RegistrationForm = {
    agencyInn: '7707083893',
    agencyName: null,
    contractPath: 'agent',
    contractNumber: null,
    subagencyLegalName: null,
  };
  const contract = (c: Partial<RegistryContract>): RegistryContract => ({
    contractNumber: 'A-1',
    contractType: 'agent',
    inn: '7707083893',
    legalName: 'ООО «Ромашка»',
    status: 'active',
    ...c,
  });

  it('R4: an agent with an active contract under its INN is verified automatically', () => {
    expect(decideVerification(agentForm, [contract({})])).toEqual({ outcome: 'verified', contractNumber: 'A-1' });
  });

  it('R4: an agent matched by legal name ignores quotes and case', () => {
    const byName = { ...agentForm, agencyInn: null, agencyName: 'ооо "ромашка"' };
    expect(decideVerification(byName, [contract({ inn: null })]).outcome).toBe('verified');
  });

  it('R4: a terminated contract is rejected; an unknown agency goes to a person', () => {
    expect(decideVerification(agentForm, [contract({ status: 'terminated' })])).toEqual({
      outcome: 'rejected',
      reason: 'contract_terminated',
    });
    expect(decideVerification(agentForm, []).outcome).toBe('review');
    expect(decideVerification(agentForm, [contract({}), contract({ contractNumber: 'A-2' })]).outcome).toBe('review');
  });

  it('R4: a subagent needs the contract number and the exact subagency name, else review', () => {
    const sub: RegistrationForm = {
      agencyInn: null,
      agencyName: 'ИП Иванов',
      contractPath: 'subagent',
      contractNumber: 'S-9',
      subagencyLegalName: 'ООО Ромашка',
    };
    const subContract = contract({ contractNumber: 'S-9', contractType: 'subagent', legalName: 'ООО Ромашка' });
    expect(decideVerification(sub, [subContract]).outcome).toBe('verified');
    expect(decideVerification({ ...sub, subagencyLegalName: 'ООО Лютик' }, [subContract])).toMatchObject({
      outcome: 'review',
      reason: 'subagency_name_mismatch',
    });
    expect(decideVerification(sub, [])).toMatchObject({ outcome: 'review', reason: 'contract_not_in_registry' });
    expect(decideVerification(sub, [{ ...subContract, status: 'terminated' }]).outcome).toBe('rejected');
  });

  it('R4: the intermediary path always goes to a person, with the registry hint', () => {
    const verdict = decideVerification({ ...agentForm, contractPath: 'intermediary', contractNumber: 'A-1' }, [contract({})]);
    expect(verdict).toMatchObject({ outcome: 'review', reason: 'intermediary_letter' });
    expect(verdict.outcome === 'review' && verdict.hint).toContain('A-1');
  });
});

describe('contract registry export', () => {
  const header = 'contract_number;contract_type;inn;legal_name;status\n';

  it('R4: reads a Windows-1251 export with semicolons', () => {
    const text = `${header}A-1;agent;7707083893;ООО «Ромашка»;active\n`;
    const cp1251 = Buffer.from(
      new Uint8Array(
        [...text].map((ch) => {
          const code = ch.charCodeAt(0);
          if (code < 128) return code;
          if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
          return ch === '«' ? 0xab : ch === '»' ? 0xbb : 0x3f;
        }),
      ),
    );
    const parsed = readRegistryCsv(cp1251);
    expect(parsed).toEqual({
      ok: true,
      contracts: [{ contractNumber: 'A-1', contractType: 'agent', inn: '7707083893', legalName: 'ООО «Ромашка»', status: 'active' }],
    });
  });

  it('R4: reads UTF-8 with a BOM and commas', () => {
    const parsed = readRegistryCsv(
      Buffer.from('\uFEFFcontract_number,contract_type,inn,legal_name,status\nS-1,subagent,,ООО Лютик,terminated\n'),
    );
    expect(parsed.ok && parsed.contracts[0]).toMatchObject({ contractNumber: 'S-1', inn: null, status: 'terminated' });
  });

  it('R4: names the row and field of every bad value, and refuses unknown columns and empty files', () => {
    const parsed = readRegistryCsv(Buffer.from(`${header}A-1;agent;7707083894;X;active\nA-1;broker;;;open\n`));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors).toEqual([
      { row: 2, field: 'inn', code: 'inn_wrong_check_digit', message: 'is not a valid INN (wrong check digit)' },
      { row: 3, field: 'contract_number', code: 'repeats_row', params: { row: 2 }, message: 'repeats row 2' },
      { row: 3, field: 'contract_type', code: 'one_of', params: { choices: 'agent, subagent' }, message: 'must be agent or subagent' },
      { row: 3, field: 'legal_name', code: 'required', message: 'is required' },
      { row: 3, field: 'status', code: 'one_of', params: { choices: 'active, terminated' }, message: 'must be active or terminated' },
    ]);
    expect(readRegistryCsv(Buffer.from('number;name\n1;x\n'))).toMatchObject({ ok: false, errors: [{ row: 1, field: 'header' }] });
    expect(readRegistryCsv(Buffer.from(''))).toMatchObject({ ok: false, errors: [{ field: 'file' }] });
  });

  it('decodes UTF-8 strictly and falls back to Windows-1251', () => {
    expect(decodeTextFile(Buffer.from('Ромашка'))).toBe('Ромашка');
    expect(decodeTextFile(Buffer.from([0xd0, 0xee, 0xec]))).toBe('Ром');
  });
});

describe('uploaded documents', () => {
  it('R4: recognises PDF, PNG and JPEG by content, not by name', () => {
    expect(detectDocumentType(Buffer.from('%PDF-1.7 ...'))).toBe('application/pdf');
    expect(detectDocumentType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(detectDocumentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(detectDocumentType(Buffer.from('MZ\x90\x00 an executable'))).toBeNull();
  });
});
