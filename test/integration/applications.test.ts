/**
 * Corporate applications (A7) through the API on the real servers: an organisation not yet under
 * contract applies with its details and two signed PDFs; its workflow waits for missing documents
 * (a reminder, a deadline), then for a manager; an approval writes the agency into the contract
 * registry (R4), so its employees' registrations waiting on the contract check verify at once,
 * without a reviewer; a rejection mails the reason.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../db/api-keys.js';
import { API_SCOPES } from '../../rules/api-scopes.js';
import { participantQuery, participantWorkflowId } from '../../workflows/messages/participant.js';
import {
  PDF_LETTER,
  confirm,
  createStaff,
  randomInn,
  signIn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  waitForStatus,
  type TestSystem,
} from '../support/system.js';

let sys: TestSystem;
let manager: string;
let support: string;

beforeAll(async () => {
  sys = await startTestSystem();
  [manager, support] = await Promise.all([signIn(sys, await createStaff(sys, 'manager')), signIn(sys, await createStaff(sys, 'support'))]);
});
afterAll(async () => sys?.close());

/** The staff API as the staff member whose session `token` gives (read when called: sessions open in beforeAll). */
const as = (token: () => string) => (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: token() });
const asManager = as(() => manager);
const asSupport = as(() => support);

const form = { content: PDF_LETTER, name: 'заявление.pdf' };
const contract = { content: PDF_LETTER, name: 'договор подписанный.pdf' };

/** A multipart body with the application's fields (if any) and its signed documents. */
function multipart(
  fields: Record<string, string>,
  files: Partial<Record<'applicationForm' | 'signedContract', { content: Buffer; name: string; type?: string }>>,
) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const [field, f] of Object.entries(files))
    body.append(field, new Blob([new Uint8Array(f!.content)], { type: f!.type ?? 'application/pdf' }), f!.name);
  return body;
}

/** An organisation's details: a valid INN of its own (10 digits, so a KPP) unless told. */
function organisation(overrides: Record<string, string> = {}) {
  const inn = randomInn();
  return {
    legalName: `ООО «Ромашка Тур ${inn}»`,
    inn,
    kpp: '7707ab001', // letters in positions 5–6 are taken in either case, stored as capitals
    address: '101000, Москва, ул. Мясницкая, д. 1',
    contactName: 'Ольга Иванова',
    contactEmail: uniqueEmail('contact'),
    contractPath: 'agent',
    ...overrides,
  };
}

async function applicationStatus(id: string, status: string, system = sys) {
  return waitFor(async () => {
    const res = await system.call('GET', `/api/applications/${id}`);
    return res.body.status === status ? res.body : null;
  });
}

const mailTo = (system: TestSystem, address: string, pattern: RegExp) =>
  waitFor(async () => system.mail.messages.find((m) => m.to.includes(address.toLowerCase()) && pattern.test(m.text)));

/** An employee of the agency (by its INN), registered on the agent path and confirmed: the registry does not know the agency, so a reviewer must decide. */
async function waitingEmployee(inn: string, system = sys) {
  const email = uniqueEmail('employee');
  const res = await system.call('POST', '/api/registrations', {
    firstName: 'Анна',
    lastName: 'Смирнова',
    email,
    agencyInn: inn,
    contractPath: 'agent',
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect((await confirm(system, email)).status).toBe(200);
  const task = await waitFor(async () => {
    const { rows } = await system.pool.query(`SELECT id, review_reason FROM review_tasks WHERE participant_id = $1 AND status = 'open'`, [
      res.body.participantId,
    ]);
    return rows[0];
  });
  expect(task.review_reason).toBe('agency_not_in_registry');
  return { participantId: res.body.participantId as string, email, taskId: task.id as string };
}

describe.concurrent('corporate applications', () => {
  it("A7: a manager approves an application with its documents: the agency joins the contract registry, a waiting employee's registration verifies without review, and the contact is mailed the contract number", async () => {
    const org = organisation();
    const employee = await waitingEmployee(org.inn);

    // Applied with one signed document; the other follows.
    const opened = await sys.call('POST', '/api/applications', multipart(org, { applicationForm: form }));
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.headers.get('location')).toBe(`/api/applications/${opened.body.id}`);
    expect(opened.body).toMatchObject({
      status: 'awaiting_documents',
      inn: org.inn,
      kpp: '7707AB001',
      documents: { applicationForm: true, signedContract: false },
      contractNumber: null,
    });
    const id = opened.body.id as string;
    expect((await sys.call('POST', '/api/applications', organisation({ inn: org.inn }))).body.error).toMatchObject({
      code: 'application_already_open',
      field: 'inn',
    });
    // Nothing to decide yet; and support may not decide at all.
    expect((await asManager('POST', `/applications/${id}/approve`)).body.error.code).toBe('application_not_awaiting_review');
    const uploaded = await sys.call('POST', `/api/applications/${id}/documents`, multipart({}, { signedContract: contract }));
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    await applicationStatus(id, 'awaiting_review');
    expect((await asSupport('GET', `/applications/${id}`)).status).toBe(403);
    expect((await asSupport('POST', `/applications/${id}/approve`)).body.error.code).toBe('forbidden');

    // The manager sees both signed documents and approves.
    const shown = await asManager('GET', `/applications/${id}`);
    expect(
      shown.body.documents
        .map((d: { kind: string; filename: string; content_type: string }) => [d.kind, d.filename, d.content_type])
        .sort(),
    ).toEqual([
      ['application_form', 'заявление.pdf', 'application/pdf'],
      ['signed_contract', 'договор подписанный.pdf', 'application/pdf'],
    ]);
    const approved = await asManager('POST', `/applications/${id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decided_by: expect.stringMatching(/^manager-/) });
    const contractNumber = approved.body.contract_number as string;
    expect(contractNumber).toMatch(/^CORP-\d{6,}$/);
    expect((await asManager('POST', `/applications/${id}/approve`)).status).toBe(409);

    const { rows: registry } = await sys.pool.query(
      `SELECT contract_number, contract_type, legal_name, status, application_id FROM contract_registry WHERE inn = $1`,
      [org.inn],
    );
    expect(registry).toEqual([
      { contract_number: contractNumber, contract_type: 'agent', legal_name: org.legalName, status: 'active', application_id: id },
    ]);

    // The waiting employee is verified at once, without a reviewer: active, the task closed as resolved by the registry.
    const active = await waitForStatus(sys, employee.participantId, 'active');
    expect(active.member_number).not.toBeNull();
    const {
      rows: [task],
    } = await sys.pool.query('SELECT status, decided_by, decided_at FROM review_tasks WHERE id = $1', [employee.taskId]);
    expect(task).toMatchObject({ status: 'resolved_by_registry', decided_by: null });
    expect(task.decided_at).not.toBeNull();
    const { rows: audit } = await sys.pool.query(
      `SELECT actor_type, details FROM audit_log WHERE action = 'review.resolved_by_registry' AND subject_id = $1`,
      [employee.taskId],
    );
    expect(audit).toEqual([{ actor_type: 'system', details: { participantId: employee.participantId, contractNumber } }]);
    const view = await sys.temporal.workflow.getHandle(participantWorkflowId(employee.email)).query(participantQuery);
    expect(view.stage).toBe('active');
    // A reviewer coming late finds nothing to decide.
    const late = await asSupport('POST', `/reviews/${employee.taskId}/decision`, { decision: 'reject', reason: 'Агентства нет в реестре' });
    expect(late.status).toBe(409);
    await mailTo(sys, employee.email, new RegExp(`Номер участника: ${active.member_number}`));

    // The contact person learns the contract number; a new colleague is verified by the registry alone.
    const mail = await mailTo(sys, org.contactEmail, /одобрена/);
    expect(mail.text).toContain(contractNumber);
    const colleague = uniqueEmail('colleague');
    const registered = await sys.call('POST', '/api/registrations', {
      firstName: 'Борис',
      lastName: 'Петров',
      email: colleague,
      agencyInn: org.inn,
      contractPath: 'agent',
    });
    await confirm(sys, colleague);
    await waitForStatus(sys, registered.body.participantId, 'active');
    // Under contract now: the organisation need not apply again.
    expect((await sys.call('POST', '/api/applications', organisation({ inn: org.inn }))).body.error).toMatchObject({
      code: 'already_under_contract',
      field: 'inn',
    });
    expect((await sys.call('GET', `/api/applications/${id}`)).body).toMatchObject({ status: 'approved', contractNumber });
  });

  it('A7: a rejection mails the reason to the contact; nothing enters the registry and the waiting employee stays with the reviewer', async () => {
    const org = organisation();
    const employee = await waitingEmployee(org.inn);
    const opened = await sys.call('POST', '/api/applications', multipart(org, { applicationForm: form, signedContract: contract }));
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const id = opened.body.id as string;
    await applicationStatus(id, 'awaiting_review');

    expect((await asManager('POST', `/applications/${id}/reject`, {})).body.error.field).toBe('reason');
    expect((await asManager('POST', `/applications/${id}/reject`, { reason: '   ' })).body.error.field).toBe('reason');
    const reason = 'Договор подписан не руководителем: нужна доверенность';
    const rejected = await asManager('POST', `/applications/${id}/reject`, { reason });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decision_reason: reason, contract_number: null });
    expect((await asManager('POST', `/applications/${id}/approve`)).status).toBe(409);

    const mail = await mailTo(sys, org.contactEmail, /отклонена/);
    expect(mail.text).toContain(reason);
    expect((await sys.pool.query('SELECT 1 FROM contract_registry WHERE inn = $1', [org.inn])).rowCount).toBe(0);
    const {
      rows: [task],
    } = await sys.pool.query('SELECT status FROM review_tasks WHERE id = $1', [employee.taskId]);
    expect(task.status).toBe('open');
    expect((await sys.call('GET', `/api/applications/${id}`)).body).toMatchObject({ status: 'rejected', decisionReason: reason });
    // Rejected is closed: the organisation may apply again.
    expect((await sys.call('POST', '/api/applications', organisation({ inn: org.inn }))).status).toBe(201);
  });

  it('A7: a bad INN or KPP, or a document that is not a PDF, is refused naming the field, and nothing is stored', async () => {
    const org = organisation();
    const wrongCheckDigit = `${org.inn.slice(0, 9)}${(Number(org.inn[9]) + 1) % 10}`;
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ inn: wrongCheckDigit }, 'inn', /check digit/],
      [{ inn: '77070838' }, 'inn', /10 digits/],
      [{ kpp: '77070100' }, 'kpp', /9 characters/],
      [{ kpp: '77AB01001' }, 'kpp', /positions 5 and 6/],
      [{ kpp: '7707Ж1001' }, 'kpp', /positions 5 and 6/],
      [{ kpp: '' }, 'kpp', /required for an organisation/],
      [{ inn: '500100732259', kpp: '770701001' }, 'kpp', /individual entrepreneur/],
      [{ contactEmail: 'olga@' }, 'contactEmail', /email/],
      [{ contractPath: 'intermediary' }, 'contractPath', /agent or subagent/],
      [{ legalName: 'ООО\u202Eкшамор' }, 'legalName', /./],
    ];
    for (const [overrides, field, message] of cases) {
      const res = await sys.call('POST', '/api/applications', { ...org, ...overrides });
      expect(res.status, JSON.stringify(overrides)).toBe(400);
      expect(res.body.error.field, JSON.stringify(overrides)).toBe(field);
      expect(res.body.error.message).toMatch(message);
    }
    const { kpp: _kpp, ...withoutKpp } = org;
    expect((await sys.call('POST', '/api/applications', withoutKpp)).body.error.field).toBe('kpp');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const notPdf = await sys.call(
      'POST',
      '/api/applications',
      multipart(org, { applicationForm: form, signedContract: { content: png, name: 'скан.png', type: 'image/png' } }),
    );
    expect(notPdf.status).toBe(415);
    expect(notPdf.body.error.field).toBe('signedContract');
    expect((await sys.pool.query('SELECT 1 FROM corporate_applications WHERE inn = $1', [org.inn])).rowCount).toBe(0);
    expect((await sys.pool.query(`SELECT 1 FROM documents WHERE filename IN ('скан.png') AND kind = 'signed_contract'`)).rowCount).toBe(0);

    // An individual entrepreneur (12-digit INN) applies without a KPP.
    const entrepreneur = await sys.call('POST', '/api/applications', {
      ...withoutKpp,
      inn: '500100732259',
      legalName: 'ИП Петрова Ирина Сергеевна',
    });
    expect(entrepreneur.status, JSON.stringify(entrepreneur.body)).toBe(201);
    expect(entrepreneur.body).toMatchObject({ kpp: null, status: 'awaiting_documents' });
  });

  it('A7: only a client holding the applications scope applies, and it follows only its own applications', async () => {
    const { key: without } = await createApiKey(
      sys.pool,
      `no applications ${randomUUID()}`,
      API_SCOPES.filter((s) => s !== 'applications'),
    );
    const { key: other } = await createApiKey(sys.pool, `another site ${randomUUID()}`);
    const refused = await sys.call('POST', '/api/applications', organisation(), { apiKey: without });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'scope_missing', scope: 'applications' });
    const opened = await sys.call('POST', '/api/applications', organisation());
    expect(opened.status).toBe(201);
    expect((await sys.call('GET', `/api/applications/${opened.body.id}`, undefined, { apiKey: other })).status).toBe(404);
    expect(
      (await sys.call('POST', `/api/applications/${opened.body.id}/documents`, multipart({}, { applicationForm: form }), { apiKey: other }))
        .status,
    ).toBe(404);
    // An admin may do what a manager does.
    const admin = await signIn(sys, await createStaff(sys, 'admin'));
    expect((await as(() => admin)('GET', `/applications/${opened.body.id}`)).status).toBe(200);
    // A manager may do support's work too (rules/staff-roles.ts), but not an admin's.
    expect((await asManager('GET', '/reviews')).status).toBe(200);
    expect((await asManager('GET', '/audit')).status).toBe(403);
  });
});

describe('the registry export after an approval', () => {
  it("A7: a registry export taken before the approval does not undo it; one that knows the agency supersedes the application's contract", async () => {
    const org = organisation();
    const opened = await sys.call('POST', '/api/applications', multipart(org, { applicationForm: form, signedContract: contract }));
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    await applicationStatus(opened.body.id, 'awaiting_review');
    const approved = await asManager('POST', `/applications/${opened.body.id}/approve`);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const adminToken = await signIn(sys, await createStaff(sys, 'admin'));
    const admin = as(() => adminToken);
    const registry = (...rows: string[]) => {
      const body = new FormData();
      const csv = ['contract_number;contract_type;inn;legal_name;status', ...rows].join('\n');
      body.append('file', new Blob([csv], { type: 'text/csv' }), 'registry.csv');
      return body;
    };
    const contractsOf = async () =>
      (await sys.pool.query('SELECT contract_number, application_id FROM contract_registry WHERE inn = $1', [org.inn])).rows;

    // An export that does not know the agency yet: the application's contract stays.
    const other = randomInn();
    expect((await admin('POST', '/contracts/import', registry(`A-${other};agent;${other};ООО Другое;active`))).status).toBe(200);
    expect(await contractsOf()).toEqual([{ contract_number: approved.body.contract_number, application_id: opened.body.id }]);
    // An export that knows it (under the operator's own number): it takes over, one contract for the INN.
    expect((await admin('POST', '/contracts/import', registry(`AG-77/${org.inn};agent;${org.inn};${org.legalName};active`))).status).toBe(
      200,
    );
    expect(await contractsOf()).toEqual([{ contract_number: `AG-77/${org.inn}`, application_id: null }]);
  });
});

describe('documents deadline', () => {
  it('A7: documents that do not arrive by the deadline expire the application, after a reminder to the contact', async () => {
    const quick = await startTestSystem({ APPLICATION_DOCUMENTS_TIMEOUT_MS: '5000', APPLICATION_REMINDER_MS: '1500' });
    try {
      const org = organisation();
      const opened = await quick.call('POST', '/api/applications', multipart(org, { applicationForm: form }));
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      const id = opened.body.id as string;
      await mailTo(quick, org.contactEmail, /ждёт подписанных документов/);
      const {
        rows: [sent],
      } = await quick.pool.query(`SELECT subject, kind FROM sent_mail WHERE to_address = $1`, [org.contactEmail]);
      expect(sent).toEqual({ subject: `Заявка № ${opened.body.number}: не хватает документов`, kind: 'application_reminder' });
      const expired = await applicationStatus(id, 'expired', quick);
      expect(expired.endReason).toBe('documents_not_received');
      const late = await quick.call('POST', `/api/applications/${id}/documents`, multipart({}, { signedContract: contract }));
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('application_not_awaiting_documents');
      const {
        rows: [row],
      } = await quick.pool.query('SELECT reminded_at, signed_contract_document_id FROM corporate_applications WHERE id = $1', [id]);
      expect(row.reminded_at).not.toBeNull();
      expect(row.signed_contract_document_id).toBeNull();
      // Expired is closed: the organisation may apply again.
      expect((await quick.call('POST', '/api/applications', organisation({ inn: org.inn }))).status).toBe(201);
    } finally {
      await quick.close();
    }
  });
});
