/**
 * Account changes through the API on the real servers: an email change that waits for employment
 * documents, a reviewer and the new address's confirmation (R21), a new email without approval (R23),
 * and finding a participant by name and agency (R24).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantWorkflowId, participantWorkflowIdAfter } from '../../workflows/messages/participant.js';
import { activeParticipant } from '../support/earning.js';
import {
  PDF_LETTER,
  addContract,
  confirm,
  createStaff,
  participantRow,
  randomInn,
  signIn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  waitForStatus,
  type TestSystem,
} from '../support/system.js';

let sys: TestSystem;
let support: string;

beforeAll(async () => {
  sys = await startTestSystem();
  support = await signIn(sys, await createStaff(sys, 'support'));
});
afterAll(async () => sys?.close());

const asSupport = (system: TestSystem, token: string) => (method: string, path: string, body?: unknown) =>
  system.call(method, `/admin/api${path}`, body, { apiKey: null, token });
const staff = (method: string, path: string, body?: unknown) => asSupport(sys, support)(method, path, body);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

function documents(files: Partial<Record<'letter' | 'employmentRecord', { content: Buffer; name: string; type: string }>>): FormData {
  const form = new FormData();
  for (const [field, f] of Object.entries(files)) form.append(field, new Blob([new Uint8Array(f!.content)], { type: f!.type }), f!.name);
  return form;
}
const letter = { content: PDF_LETTER, name: 'письмо.pdf', type: 'application/pdf' };
const record = { content: PNG, name: 'трудовая.png', type: 'image/png' };

async function requestStatus(id: string, status: string, system = sys) {
  return waitFor(async () => {
    const res = await system.call('GET', `/api/email-changes/${id}`);
    return res.body.status === status ? res.body : null;
  });
}

async function tokenSentTo(address: string): Promise<string> {
  const mail = await waitFor(async () =>
    sys.mail.messages.find((m) => m.to.includes(address) && /confirm-email-change\?token=/.test(m.text)),
  );
  return /confirm-email-change\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
}

// The first test restarts the worker: it runs alone. Then the others run concurrently, each with its own participants.
describe('email change', () => {
  it('R21: the change waits for both documents and a reviewer, then a link confirms the new address; points and member number stay; the old address is free for a newcomer', async () => {
    const { participantId, email } = await activeParticipant(sys);
    const newAddress = uniqueEmail('moved');
    const before = (await staff('GET', `/participants/${participantId}`)).body;

    expect((await sys.call('POST', '/api/email-changes', { email, newEmail: email.toUpperCase() })).body.error.field).toBe('newEmail');
    const colleague = await activeParticipant(sys);
    expect((await sys.call('POST', '/api/email-changes', { email, newEmail: colleague.email })).body.error.code).toBe('email_in_use');
    const opened = await sys.call('POST', '/api/email-changes', { email, newEmail: newAddress });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'awaiting_documents', documents: { letter: false, employmentRecord: false } });
    expect((await sys.call('POST', '/api/email-changes', { email, newEmail: uniqueEmail('other') })).body.error.code).toBe(
      'email_change_already_open',
    );

    const id = opened.body.id;
    const wrongType = await sys.call(
      'POST',
      `/api/email-changes/${id}/documents`,
      documents({ letter: { content: Buffer.from('hello'), name: 'a.txt', type: 'text/plain' } }),
    );
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.error.field).toBe('letter');
    const one = await sys.call('POST', `/api/email-changes/${id}/documents`, documents({ letter }));
    expect(one.body).toMatchObject({ status: 'awaiting_documents', documents: { letter: true, employmentRecord: false } });
    expect((await staff('POST', `/email-changes/${id}/decision`, { decision: 'approve' })).status).toBe(409);

    // The workflow survives a worker restart while it waits for the second document.
    await sys.stopWorker();
    await sys.startWorker();
    await sys.call('POST', `/api/email-changes/${id}/documents`, documents({ employmentRecord: record }));
    await requestStatus(id, 'awaiting_review');

    const shown = await staff('GET', `/email-changes/${id}`);
    expect(shown.body.documents.map((d: { filename: string }) => d.filename).sort()).toEqual(['письмо.pdf', 'трудовая.png']);
    const [first, second] = await Promise.all([
      staff('POST', `/email-changes/${id}/decision`, { decision: 'approve' }),
      staff('POST', `/email-changes/${id}/decision`, { decision: 'approve' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);

    const token = await tokenSentTo(newAddress);
    const confirmed = await sys.call('POST', '/api/email-change-confirmations', { token }, { apiKey: null });
    expect(confirmed.status).toBe(200);
    expect((await sys.call('POST', '/api/email-change-confirmations', { token }, { apiKey: null })).status).toBe(410);
    await requestStatus(id, 'completed');

    const after = (await staff('GET', `/participants/${participantId}`)).body;
    expect(after).toMatchObject({ email: newAddress, member_number: before.member_number, balance: before.balance, status: 'active' });
    // The old address no longer identifies anyone; the workflow is found by either address.
    expect((await sys.pool.query('SELECT 1 FROM participants WHERE email_normalized = $1', [email])).rowCount).toBe(0);
    for (const address of [email, newAddress]) {
      const ids = await waitFor(async () => {
        const found: string[] = [];
        for await (const wf of sys.temporal.workflow.list({ query: `ParticipantEmail = '${address}'` })) found.push(wf.workflowId);
        return found.length ? found : null;
      });
      expect(ids).toEqual([participantWorkflowId(email)]);
    }
    // R1: the old address is free. A newcomer registers with it at once, in a workflow of its own (the
    // address's first id stays with the participant who moved), and starts from nothing (R23).
    const inn = randomInn();
    await addContract(sys, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Агентство ${inn}` });
    const newcomer = await sys.call('POST', '/api/registrations', {
      firstName: 'Ольга',
      lastName: 'Новикова',
      email,
      agencyInn: inn,
      contractPath: 'agent',
    });
    expect(newcomer.status, JSON.stringify(newcomer.body)).toBe(201);
    expect(newcomer.body).toMatchObject({ status: 'pending_confirmation', balance: 0 });
    const newcomerRow = await participantRow(sys, newcomer.body.participantId);
    expect(newcomerRow.workflow_id).toBe(participantWorkflowIdAfter(email, participantId));
    expect((await confirm(sys, email, 2)).status).toBe(200);
    await waitForStatus(sys, newcomer.body.participantId, 'active');
    expect((await staff('GET', `/participants/${participantId}`)).body).toMatchObject({ email: newAddress, balance: before.balance });
    const again = await sys.call('POST', '/api/registrations', {
      firstName: 'Ольга',
      lastName: 'Новикова',
      email,
      agencyInn: inn,
      contractPath: 'agent',
    });
    expect(again.body.error).toMatchObject({
      code: 'email_already_registered',
      registration: { participantId: newcomer.body.participantId },
    });

    const audit = await sys.pool.query(
      `SELECT action FROM audit_log WHERE subject_id = $1 OR (subject_id = $2 AND action LIKE 'participant.%') ORDER BY id`,
      [id, participantId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'email_change.open',
      'email_change.document',
      'email_change.document',
      'email_change.approve',
      'participant.email_changed',
    ]);
  });

  it.concurrent(
    'R21: a request whose documents do not arrive is reminded at the new address, then closes at its deadline; a rejection needs a reason',
    async () => {
      // A system of its own, with a short reminder and deadline.
      const quick = await startTestSystem({ EMAIL_CHANGE_DOCUMENTS_TIMEOUT_MS: '4000', EMAIL_CHANGE_REMINDER_MS: '1500' });
      try {
        const quickStaff = asSupport(quick, await signIn(quick, await createStaff(quick, 'support')));
        const late = await activeParticipant(quick);
        const lateAddress = uniqueEmail('late');
        const opened = await quickStaff('POST', '/email-changes', { participantId: late.participantId, newEmail: lateAddress });
        expect(opened.status).toBe(201);
        await waitFor(async () => quick.mail.messages.find((m) => m.to.includes(lateAddress) && /документ/.test(m.text)));
        // Staff opened it, so no API client owns it: staff follow it in the console's API.
        await waitFor(async () => (await quickStaff('GET', `/email-changes/${opened.body.id}`)).body.status === 'expired');
        expect((await quickStaff('GET', `/participants/${late.participantId}`)).body.email).toBe(late.email);
      } finally {
        await quick.close();
      }

      const { participantId, email } = await activeParticipant(sys);
      const newAddress = uniqueEmail('rejected');

      const retry = await sys.call('POST', '/api/email-changes', { email, newEmail: newAddress });
      expect(retry.status).toBe(201);
      await sys.call('POST', `/api/email-changes/${retry.body.id}/documents`, documents({ letter, employmentRecord: record }));
      await requestStatus(retry.body.id, 'awaiting_review');
      expect((await staff('POST', `/email-changes/${retry.body.id}/decision`, { decision: 'reject' })).body.error.field).toBe('reason');
      const rejected = await staff('POST', `/email-changes/${retry.body.id}/decision`, {
        decision: 'reject',
        reason: 'The letter is not on a letterhead',
      });
      expect(rejected.status).toBe(200);
      const closed = await requestStatus(retry.body.id, 'rejected');
      expect(closed.decisionReason).toBe('The letter is not on a letterhead');
      expect((await staff('GET', `/participants/${participantId}`)).body.email).toBe(email);
    },
  );

  it.concurrent('R23: a new email without an approved change is a new participant; the old points stay where they are', async () => {
    const old = await activeParticipant(sys);
    await staff('POST', `/participants/${old.participantId}/adjustments`, { amount: 300, reason: 'Earned earlier' });
    const fresh = await activeParticipant(sys, 'newjob');
    expect(fresh.participantId).not.toBe(old.participantId);
    expect((await staff('GET', `/participants/${fresh.participantId}`)).body.balance).toBe(100);
    expect((await staff('GET', `/participants/${old.participantId}`)).body.balance).toBe(400);
  });
});

describe.concurrent('support finds a participant', () => {
  it('R24: a participant who forgot the email is found by name and agency legal name', async () => {
    const agency = `ООО «Лазурный берег ${Date.now()}»`;
    const register = (firstName: string, lastName: string, agencyName: string) =>
      sys.call('POST', '/api/registrations', { firstName, lastName, email: uniqueEmail('forgot'), agencyName, contractPath: 'agent' });
    const target = await register('Евдокия', 'Лопухина', agency);
    await register('Евдокия', 'Иванова', agency);
    await register('Евдокия', 'Лопухина', 'ИП Другое агентство');
    const filter = encodeURIComponent(JSON.stringify({ name: 'лопухина евдокия', agency: 'лазурный берег' }));
    const found = await staff('GET', `/participants?filter=${filter}`);
    expect(found.body.map((p: { id: string }) => p.id)).toEqual([target.body.participantId]);
  });
});

describe.concurrent('new employer, same email', () => {
  it('R22: registering again with the same email and the new agency rebinds the participant after verification; points are kept', async () => {
    const { participantId, email } = await activeParticipant(sys);
    await staff('POST', `/participants/${participantId}/adjustments`, { amount: 250, reason: 'Earned at the old agency' });
    const before = (await staff('GET', `/participants/${participantId}`)).body;

    // The same details again: already registered.
    const same = await sys.call('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email,
      agencyInn: before.agency_inn,
      contractPath: 'agent',
    });
    expect(same.status).toBe(409);

    // A new agency the registry does not know: a reviewer decides, seeing the new details.
    const moved = await sys.call('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email,
      agencyName: 'ООО Новый работодатель',
      contractPath: 'agent',
    });
    expect(moved.status).toBe(202);
    expect(moved.body).toMatchObject({ participantId, status: 'active', rebind: { status: 'verifying' } });
    const again = await sys.call('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email,
      agencyName: 'ООО Третье',
      contractPath: 'agent',
    });
    expect(again.body.error.code).toBe('rebind_in_progress');

    const task = await waitFor(async () => {
      const res = await staff(
        'GET',
        `/reviews?filter=${encodeURIComponent(JSON.stringify({ status: 'open', participant_id: participantId }))}`,
      );
      return res.body[0];
    });
    expect(task).toMatchObject({ kind: 'rebind', form: { agency_name: 'ООО Новый работодатель', current_agency_inn: before.agency_inn } });
    expect((await staff('POST', `/reviews/${task.id}/decision`, { decision: 'approve' })).status).toBe(200);

    const after = await waitFor(async () => {
      const p = (await staff('GET', `/participants/${participantId}`)).body;
      return p.agency_name === 'ООО Новый работодатель' ? p : null;
    });
    expect(after).toMatchObject({ status: 'active', member_number: before.member_number, balance: before.balance, email });
    const audit = await sys.pool.query(`SELECT 1 FROM audit_log WHERE action = 'participant.rebound' AND subject_id = $1`, [participantId]);
    expect(audit.rowCount).toBe(1);
  });
});
