/**
 * The pure rules behind corporate applications (A7): the KPP's format, who decides (the manager role
 * among the staff roles), the documents' terms, and the contract number an approval brings.
 */
import { describe, expect, it } from 'vitest';
import { applicationContractNumber } from '../../activities/applications.js';
import { innNeedsKpp, isValidKpp, kppProblem } from '../../rules/kpp.js';
import { STAFF_ROLES, hasRole } from '../../rules/staff-roles.js';
import { brokenTermConstraint, termDefinitions, termKeys, type Terms } from '../../rules/terms.js';

describe('KPP', () => {
  it('A7: a KPP is nine characters: digits, with capital Latin letters allowed only in positions 5 and 6', () => {
    for (const kpp of ['770701001', '7707AB001', '773301001', '7707Z9001', '000000000']) expect(isValidKpp(kpp), kpp).toBe(true);
    expect(kppProblem('77070100')).toBe('wrong_length');
    expect(kppProblem('7707010011')).toBe('wrong_length');
    expect(kppProblem('')).toBe('wrong_length');
    for (const kpp of ['77AB01001', '7707ab001', '770701A01', 'A70701001', '7707АБ001', '7707 1001', '7707-1001']) {
      expect(kppProblem(kpp), kpp).toBe('wrong_characters');
    }
  });

  it('A7: an organisation (10-digit INN) has a KPP, an individual entrepreneur (12 digits) none', () => {
    expect(innNeedsKpp('7707083893')).toBe(true);
    expect(innNeedsKpp('500100732259')).toBe(false);
  });
});

describe('staff roles', () => {
  it("A7: a manager decides applications and may do support's work; an admin may do everything; support may not decide applications", () => {
    expect(STAFF_ROLES).toEqual(['support', 'manager', 'admin']);
    expect(hasRole('manager', 'manager')).toBe(true);
    expect(hasRole('admin', 'manager')).toBe(true);
    expect(hasRole('support', 'manager')).toBe(false);
    expect(hasRole('manager', 'support')).toBe(true);
    expect(hasRole('manager', 'admin')).toBe(false);
    expect(hasRole(undefined, 'support')).toBe(false);
    expect(hasRole('owner', 'support')).toBe(false);
  });
});

describe('application terms', () => {
  const terms = Object.fromEntries(termKeys.map((key) => [key, termDefinitions[key].default])) as Terms;

  it('A7: the documents deadline and the reminder are terms, the reminder before the deadline', () => {
    expect(termDefinitions.applicationDocumentsTimeoutMs).toMatchObject({
      env: 'APPLICATION_DOCUMENTS_TIMEOUT_MS',
      rule: 'A7',
      kind: 'duration',
    });
    expect(termDefinitions.applicationReminderMs).toMatchObject({ env: 'APPLICATION_REMINDER_MS', rule: 'A7', kind: 'duration' });
    expect(brokenTermConstraint(terms)).toBeNull();
    expect(brokenTermConstraint({ ...terms, applicationReminderMs: terms.applicationDocumentsTimeoutMs })?.key).toBe(
      'applicationReminderMs',
    );
  });

  it("A7: an approval brings the contract number made of the application's number", () => {
    expect(applicationContractNumber('1')).toBe('CORP-000001');
    expect(applicationContractNumber('1234567')).toBe('CORP-1234567');
  });
});
