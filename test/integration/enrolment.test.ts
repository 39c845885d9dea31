/**
 * A participant joins the program, through the API, on the real Temporal server and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listIncidents } from '../../db/incidents.js';
import { listAudit } from '../../db/audit.js';
import { entryByKey } from '../../db/ledger.js';
import { participantLedger } from '../../db/ledger-reads.js';
import { confirmationMailsRecorded, mailSent } from '../../db/mail.js';
import { liveParticipantByEmail, participantsMatching } from '../../db/participants.js';
import { listReviews } from '../../db/reviews.js';
import { participantWorkflowId, participantQuery } from '../../workflows/messages/participant.js';
import type { participantWorkflow } from '../../workflows/participant.js';
import {
  PDF_LETTER,
  addContract,
  confirm,
  confirmationToken,
  createStaff,
  participantRow,
  randomInn,
  registrationForm,
  registrationInput,
  signIn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  waitForStatus,
  type TestSystem,
} from '../support/system.js';

// The tests run concurrently (describe.concurrent): each has its own emails, agencies and tasks.
let sys: TestSystem;
/**
 * The same database and mail with a confirmation timeout short enough to wait for (R3). The other
 * tests register on `sys`, whose timeout (the default) no slow moment of a busy machine can reach.
 */
let quick: TestSystem;
let supportToken: string;

beforeAll(async () => {
  [sys, quick] = await Promise.all([
    startTestSystem({ WELCOME_POINTS: '100' }),
    startTestSystem({ CONFIRMATION_TIMEOUT_MS: '1500', WELCOME_POINTS: '100' }),
  ]);
  supportToken = await signIn(sys, await createStaff(sys, 'support'));
});
afterAll(async () => {
  await quick?.close();
  await sys?.close();
});

async function agencyWithContract(): Promise<string> {
  const inn = randomInn();
  await addContract(sys, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Агентство ${inn}` });
  return inn;
}

const register = (fields: Record<string, unknown>) => sys.call('POST', '/api/registrations', fields);

const agentFields = (email: string, inn: string) => ({
  firstName: 'Анна',
  lastName: 'Смирнова',
  email,
  agencyInn: inn,
  contractPath: 'agent',
});

/** A participant's ledger entries, oldest first: their points and where they came from. */
async function ledger(participantId: string) {
  return (await participantLedger(sys.pool, participantId)).reverse().map(({ id, amount, source_type }) => ({ id, amount, source_type }));
}

/** The registration's review tasks (R4), oldest first. */
async function reviewTasks(participantId: string) {
  const query = { filter: { participant_id: participantId }, orderBy: 'created_at', direction: 'ASC', offset: 0, limit: 10 } as const;
  return (await listReviews(sys.pool, query)).rows;
}

/** The audit entries about a subject, oldest first. */
async function auditOf(subjectId: string, action?: string) {
  const filter = { subject_id: subjectId, ...(action && { action }) };
  return (await listAudit(sys.pool, { filter, orderBy: 'id', direction: 'ASC', offset: 0, limit: 10 })).rows;
}

describe.concurrent('registration', () => {
  it('R1: a registration whose address another participant took after the API looked (an email change completing, say) ends without an incident; the holder keeps the address', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail('taken');
    const holder = await register(agentFields(email, inn));
    expect(holder.status).toBe(201);
    // What the API did once its check found the address free: the start alone. (Its workflow id is the
    // address's, which the holder's run holds here: the race's run gets an id of its own.)
    const handle = await sys.temporal.workflow.start<typeof participantWorkflow>('participantWorkflow', {
      workflowId: `${participantWorkflowId(email.toLowerCase())}/race-${randomUUID()}`,
      taskQueue: sys.config.taskQueue,
      args: [registrationInput(sys, email, { agencyInn: inn })],
    });
    expect(await handle.result()).toEqual({ outcome: 'email_taken' });
    // The local store's refusal ended the run: no ordinary activity tried the same insert again.
    const { events } = await handle.fetchHistory();
    expect((events ?? []).flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? [])).toEqual([]);
    const incidents = await listIncidents(sys.pool, {
      filter: { workflow_id: handle.workflowId },
      orderBy: 'created_at',
      direction: 'ASC',
      offset: 0,
      limit: 10,
    });
    expect(incidents.rows).toEqual([]);
    // One participant with the address, and it is the holder.
    expect(await participantsMatching(sys.pool, email.toLowerCase())).toEqual({ n: 1, emails: 1 });
    expect((await liveParticipantByEmail(sys.pool, email.toLowerCase()))?.id).toBe(holder.body.participantId);
  });

  it('R1: one participant per email, compared trimmed and case-insensitively; a second registration is refused with 409', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail();
    const first = await register(agentFields(email, inn));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'pending_confirmation', memberNumber: null, balance: 0 });

    const again = await register(agentFields(`  ${email.toUpperCase()} `, inn));
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'email_already_registered',
      field: 'email',
      registration: { participantId: first.body.participantId },
    });

    expect((await participantsMatching(sys.pool, email.toLowerCase())).n).toBe(1);
    await confirmationToken(sys, email); // the workflow mails the link after the 201
    expect(await confirmationMailsRecorded(sys.pool, email.toLowerCase())).toBe(1);
    const handle = sys.temporal.workflow.getHandle(participantWorkflowId(email.toLowerCase()));
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('R1: two concurrent registrations of one email start one workflow and one participant', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail();
    const answers = await Promise.all([
      register(agentFields(email, inn)),
      register(agentFields(email, inn)),
      register(agentFields(email, inn)),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect((await participantsMatching(sys.pool, email)).n).toBe(1);
  });

  it('R2: the form names the field at fault and writes nothing', async () => {
    const email = uniqueEmail();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...agentFields(email, '7707083894') }, 400, 'agencyInn'],
      [{ ...agentFields('not-an-email', '7707083893') }, 400, 'email'],
      [{ ...agentFields(email, '7707083893'), firstName: '' }, 400, 'firstName'],
      [{ ...agentFields(email, '7707083893'), lastName: 'x'.repeat(101) }, 400, 'lastName'],
      [{ ...agentFields(email, '7707083893'), contractPath: 'franchise' }, 400, 'contractPath'],
      [{ ...agentFields(email, '7707083893'), agencyInn: undefined }, 400, 'agencyInn'],
      [{ ...agentFields(email, '7707083893'), contractPath: 'subagent' }, 400, 'contractNumber'],
      [{ ...agentFields(email, '7707083893'), contractPath: 'intermediary', contractNumber: 'AG-1' }, 400, 'letter'],
      [{ ...agentFields(email, '7707083893'), discount: 5 }, 400, 'discount'],
      [{ ...agentFields(email, '7707083893'), agencyInn: undefined, agency: { inn: '7707083893' } }, 400, 'agency'],
    ];
    for (const [fields, status, field] of cases) {
      const res = await register(fields);
      expect(res.status, JSON.stringify(fields)).toBe(status);
      expect(res.body.error.field, JSON.stringify(res.body)).toBe(field);
    }
    const unknown = await register({ ...agentFields(email, '7707083893'), discount: 5 });
    expect(unknown.body.error).toMatchObject({ code: 'validation_failed', message: 'discount: is not a field of this request' });
    const malformed = await sys.call('POST', '/api/registrations', '{"firstName": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({ code: 'malformed_json', field: 'body' });
    for (const notAnObject of ['[]', '[{"email": "a@b.example"}]', 'null', '5', '"text"']) {
      const res = await sys.call('POST', '/api/registrations', notAnObject);
      expect(res.status, notAnObject).toBe(400);
      expect(res.body.error, notAnObject).toMatchObject({
        code: 'validation_failed',
        field: 'body',
        message: 'body: must be a JSON object',
      });
    }
    expect((await participantsMatching(sys.pool, email)).n).toBe(0);
  });

  it('R2: the API refuses requests without a key or with a wrong one', async () => {
    const none = await sys.call('POST', '/api/registrations', {}, { apiKey: null });
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: 'api_key_missing', field: 'X-Api-Key' });
    const wrong = await sys.call('GET', `/api/registrations/${randomUUID()}`, undefined, { apiKey: 'bk_wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('api_key_invalid');
  });

  it('R2: a letter of the wrong type or too large is refused and nothing is stored', async () => {
    const email = uniqueEmail('intermediary');
    const fields = {
      firstName: 'Ирина',
      lastName: 'Петрова',
      email,
      agencyName: 'ИП Петрова',
      contractPath: 'intermediary',
      contractNumber: 'AG-7',
    };
    const exe = await sys.call(
      'POST',
      '/api/registrations',
      registrationForm(fields, { content: Buffer.from('MZ binary'), filename: 'letter.pdf', type: 'application/pdf' }),
    );
    expect(exe.status).toBe(415);
    expect(exe.body.error.field).toBe('letter');
    const huge = Buffer.concat([PDF_LETTER, Buffer.alloc(sys.config.maxUploadBytes)]);
    const big = await sys.call(
      'POST',
      '/api/registrations',
      registrationForm(fields, { content: huge, filename: 'letter.pdf', type: 'application/pdf' }),
    );
    expect(big.status).toBe(413);
    expect(big.body.error.field).toBe('letter');
    expect((await participantsMatching(sys.pool, email)).n).toBe(0);
  });
});

describe.concurrent('confirmation', () => {
  it('R3: the emailed one-time link confirms the address and sets the password; a reused link is refused', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail();
    const reg = await register(agentFields(email, inn));
    const token = await confirmationToken(sys, email);
    const weak = await sys.call('POST', '/api/confirmations', { token, password: 'short' }, { apiKey: null });
    expect(weak.status).toBe(400);
    expect(weak.body.error.field).toBe('password');

    const ok = await sys.call('POST', '/api/confirmations', { token, password: 'correct horse battery' }, { apiKey: null });
    expect(ok.status).toBe(200);
    const row = await participantRow(sys, reg.body.participantId);
    expect(row.confirmed_at).not.toBeNull();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    const reused = await sys.call('POST', '/api/confirmations', { token, password: 'another long password' }, { apiKey: null });
    expect(reused.status).toBe(410);
    expect(reused.body.error).toMatchObject({ code: 'token_used', field: 'token' });
    const unknown = await sys.call(
      'POST',
      '/api/confirmations',
      { token: 'nonsense', password: 'correct horse battery' },
      { apiKey: null },
    );
    expect(unknown.status).toBe(404);
    const page = await fetch(`${sys.baseUrl}/confirm?token=${token}`);
    expect(await page.text()).toContain('Подтверждение регистрации');
  });

  it('R3: an unconfirmed registration expires after the configured timeout, and the same email registers again', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail();
    const first = await quick.call('POST', '/api/registrations', agentFields(email, inn));
    const token = await confirmationToken(sys, email);
    await waitForStatus(sys, first.body.participantId, 'expired', 20_000);
    const late = await sys.call('POST', '/api/confirmations', { token, password: 'correct horse battery' }, { apiKey: null });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('registration_expired');

    const second = await register(agentFields(email, inn));
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(second.body.participantId).not.toBe(first.body.participantId);
    expect((await confirm(sys, email, 2)).status).toBe(200);
    await waitForStatus(sys, second.body.participantId, 'active');
  });

  it('R3: support resends the link; the fresh link works, the old one no longer does, and the resend is audited', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail();
    const reg = await register(agentFields(email, inn));
    const oldToken = await confirmationToken(sys, email, 1);
    const resend = await sys.call(
      'POST',
      `/admin/api/participants/${reg.body.participantId}/resend-confirmation`,
      {},
      { apiKey: null, token: supportToken },
    );
    expect(resend.status).toBe(200);
    const newToken = await confirmationToken(sys, email, 2);
    expect(newToken).not.toBe(oldToken);
    const old = await sys.call('POST', '/api/confirmations', { token: oldToken, password: 'correct horse battery' }, { apiKey: null });
    expect(old.body.error?.code).toBe('token_expired');
    const fresh = await sys.call('POST', '/api/confirmations', { token: newToken, password: 'correct horse battery' }, { apiKey: null });
    expect(fresh.status).toBe(200);
    expect(await auditOf(reg.body.participantId, 'participant.resend_confirmation')).toHaveLength(1);
    const again = await sys.call(
      'POST',
      `/admin/api/participants/${reg.body.participantId}/resend-confirmation`,
      {},
      { apiKey: null, token: supportToken },
    );
    expect(again.status).toBe(409);
  });
});

describe.concurrent('verification and activation', () => {
  it('R4: an agent whose INN holds an active contract is verified automatically and becomes active', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail();
    const reg = await register(agentFields(email, inn));
    await confirm(sys, email);
    const row = await waitForStatus(sys, reg.body.participantId, 'active');
    expect(row.verified_at).not.toBeNull();
    expect(await reviewTasks(reg.body.participantId)).toEqual([]);
  });

  it('R4: a terminated contract is rejected automatically with a reason and a letter', async () => {
    const inn = randomInn();
    await addContract(sys, { contractNumber: `T-${inn}`, contractType: 'agent', inn, legalName: 'ООО Закрыто', status: 'terminated' });
    const email = uniqueEmail();
    const reg = await register(agentFields(email, inn));
    await confirm(sys, email);
    const row = await waitForStatus(sys, reg.body.participantId, 'rejected');
    expect(row.end_reason).toBe('contract_terminated');
    await waitFor(() => mailSent(sys.pool, reg.body.participantId, 'rejection'));
  });

  it('R4: a subagent is verified against the registry by contract number and exact subagency name', async () => {
    const number = `S-${randomUUID().slice(0, 8)}`;
    await addContract(sys, { contractNumber: number, contractType: 'subagent', legalName: 'ООО «Субагент»' });
    const email = uniqueEmail('subagent');
    const reg = await register({
      firstName: 'Олег',
      lastName: 'Иванов',
      email,
      agencyName: 'ИП Иванов',
      contractPath: 'subagent',
      contractNumber: number,
      subagencyLegalName: 'ООО «Субагент»',
    });
    expect(reg.status).toBe(201);
    await confirm(sys, email);
    await waitForStatus(sys, reg.body.participantId, 'active');
  });

  it('R4: what the registry cannot decide goes to review; a rejection needs a reason, is audited, and cannot be repeated', async () => {
    const email = uniqueEmail();
    const reg = await register(agentFields(email, randomInn())); // not in the registry
    await confirm(sys, email);
    const task = await waitFor(async () => (await reviewTasks(reg.body.participantId))[0]);
    expect(task.review_reason).toBe('agency_not_in_registry');
    expect((await participantRow(sys, reg.body.participantId)).status).toBe('pending_verification');

    const noReason = await sys.call(
      'POST',
      `/admin/api/reviews/${task.id}/decision`,
      { decision: 'reject' },
      { apiKey: null, token: supportToken },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    const rejected = await sys.call(
      'POST',
      `/admin/api/reviews/${task.id}/decision`,
      { decision: 'reject', reason: 'Агентство не найдено' },
      { apiKey: null, token: supportToken },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', decision_reason: 'Агентство не найдено' });
    await waitForStatus(sys, reg.body.participantId, 'rejected');
    const twice = await sys.call(
      'POST',
      `/admin/api/reviews/${task.id}/decision`,
      { decision: 'approve' },
      { apiKey: null, token: supportToken },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('review_already_decided');
    expect((await auditOf(task.id)).map((r) => r.action)).toEqual(['review.reject']);
    expect(await ledger(reg.body.participantId)).toEqual([]);
  });

  it('R4: an intermediary registration waits for a reviewer, who sees the letter and approves it', async () => {
    const email = uniqueEmail('intermediary');
    const fields = {
      firstName: 'Ирина',
      lastName: 'Петрова',
      email,
      agencyName: 'ИП Петрова',
      contractPath: 'intermediary',
      contractNumber: 'AG-42',
    };
    const reg = await sys.call(
      'POST',
      '/api/registrations',
      registrationForm(fields, { content: PDF_LETTER, filename: 'письмо.pdf', type: 'application/pdf' }),
    );
    expect(reg.status).toBe(201);
    await confirm(sys, email);
    const list = await waitFor(async () => {
      const res = await sys.call(
        'GET',
        `/admin/api/reviews?filter=${encodeURIComponent(JSON.stringify({ status: 'open', participant_id: reg.body.participantId }))}`,
        undefined,
        { apiKey: null, token: supportToken },
      );
      return res.body.length ? res : null;
    });
    expect(list.headers.get('content-range')).toMatch(/^reviews 0-0\/1$/);
    const review = (await sys.call('GET', `/admin/api/reviews/${list.body[0].id}`, undefined, { apiKey: null, token: supportToken })).body;
    expect(review).toMatchObject({ review_reason: 'intermediary_letter', form: { contract_number: 'AG-42', agency_name: 'ИП Петрова' } });
    expect(review.documents).toEqual([expect.objectContaining({ filename: 'письмо.pdf', content_type: 'application/pdf' })]);
    const letter = await fetch(`${sys.baseUrl}/admin/api/documents/${review.documents[0].id}/content`, {
      headers: { authorization: `Bearer ${supportToken}` },
    });
    expect(Buffer.from(await letter.arrayBuffer())).toEqual(PDF_LETTER);

    const approved = await sys.call(
      'POST',
      `/admin/api/reviews/${review.id}/decision`,
      { decision: 'approve' },
      { apiKey: null, token: supportToken },
    );
    expect(approved.status).toBe(200);
    const row = await waitForStatus(sys, reg.body.participantId, 'active');
    expect(row.balance).toBe(100);
  });

  it('R5: colleagues of one agency each take part with their own email', async () => {
    const inn = await agencyWithContract();
    const emails = [uniqueEmail('colleague'), uniqueEmail('colleague')];
    const regs = await Promise.all(emails.map((email) => register(agentFields(email, inn))));
    for (const email of emails) await confirm(sys, email);
    const rows = await Promise.all(regs.map((r) => waitForStatus(sys, r.body.participantId, 'active')));
    expect(rows[0].agency_id).toBe(rows[1].agency_id);
    expect(rows[0].member_number).not.toBe(rows[1].member_number);
  });

  it('R6: taking part costs nothing: enrolment posts only the welcome credit, never a charge', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail();
    const reg = await register(agentFields(email, inn));
    await confirm(sys, email);
    await waitForStatus(sys, reg.body.participantId, 'active');
    const entries = await ledger(reg.body.participantId);
    expect(entries.every((e) => e.amount > 0)).toBe(true);
    expect(entries.map((e) => e.source_type)).toEqual(['welcome']);
  });

  it('R7: the welcome points are credited once, only after both confirmation and verification', async () => {
    const email = uniqueEmail();
    const reg = await register(agentFields(email, randomInn())); // unknown agency: review needed
    expect(await ledger(reg.body.participantId)).toEqual([]);
    await confirm(sys, email);
    const task = await waitFor(async () => (await reviewTasks(reg.body.participantId))[0]);
    expect(await ledger(reg.body.participantId)).toEqual([]); // confirmed, not yet verified
    const decide = () =>
      sys.call('POST', `/admin/api/reviews/${task.id}/decision`, { decision: 'approve' }, { apiKey: null, token: supportToken });
    const answers = await Promise.all([decide(), decide(), decide()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    await waitForStatus(sys, reg.body.participantId, 'active');
    const welcome = await ledger(reg.body.participantId);
    expect(welcome).toEqual([{ id: expect.any(Number), amount: 100, source_type: 'welcome' }]);
    expect(await entryByKey(sys.pool, `welcome:${reg.body.participantId}`)).toEqual({ id: welcome[0].id, amount: 100 });
    expect(await auditOf(task.id)).toHaveLength(1);
  });

  it('R8: the registration instant is recorded once and kept through confirmation and activation', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail();
    const before = Date.now();
    const reg = await register(agentFields(email, inn));
    const registeredAt = new Date(reg.body.registeredAt).getTime();
    expect(registeredAt).toBeGreaterThanOrEqual(before - 1000);
    expect(registeredAt).toBeLessThanOrEqual(Date.now());
    await confirm(sys, email);
    const row = await waitForStatus(sys, reg.body.participantId, 'active');
    expect(row.registered_at.getTime()).toBe(registeredAt);
    expect(row.activated_at.getTime()).toBeGreaterThanOrEqual(registeredAt);
  });

  it('A6: an active participant has a unique member number, findable in Temporal by email and member number', async () => {
    const inn = await agencyWithContract();
    const email = uniqueEmail();
    const reg = await register(agentFields(email, inn));
    await confirm(sys, email);
    const row = await waitForStatus(sys, reg.body.participantId, 'active');
    expect(Number(row.member_number)).toBeGreaterThan(100000);
    const view = await sys.call('GET', `/api/registrations/${reg.body.participantId}`);
    expect(view.body).toMatchObject({ status: 'active', memberNumber: String(row.member_number), balance: 100 });
    const handle = sys.temporal.workflow.getHandle(participantWorkflowId(email));
    expect(await handle.query(participantQuery)).toMatchObject({ stage: 'active', memberNumber: String(row.member_number) });
    const found = await waitFor(async () => {
      const ids: string[] = [];
      for await (const wf of sys.temporal.workflow.list({
        query: `MemberNumber = '${row.member_number}' AND ParticipantEmail = '${email}'`,
      }))
        ids.push(wf.workflowId);
      return ids.length ? ids : null;
    });
    expect(found).toEqual([participantWorkflowId(email)]);
  });
});
