/**
 * Four eyes through the staff API on the real servers: moving a participant's login to a new
 * address (R21) and an adjustment above FOUR_EYES_ADJUSTMENT_LIMIT each need a second staff member.
 * Whoever opened the request, uploaded one of its documents or asked for the adjustment is refused
 * (403 four_eyes), nothing changes, and the attempt is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailChangeQuery } from '../../workflows/messages/email-change.js';
import { activeParticipant } from '../support/earning.js';
import { PDF_LETTER, createStaff, signIn, startTestSystem, uniqueEmail, waitFor, type TestSystem } from '../support/system.js';

const LIMIT = 1000;
let sys: TestSystem;
/** Three support staff members, each with a session of their own. */
let a: Caller, b: Caller, c: Caller;

type Caller = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => ReturnType<TestSystem['call']>;

const asStaff =
  (token: string): Caller =>
  async (method, path, body, headers) => {
    if (!headers) return sys.call(method, `/admin/api${path}`, body, { apiKey: null, token });
    // A header of our own (Idempotency-Key): a plain fetch with the session's bearer token.
    const res = await fetch(`${sys.baseUrl}/admin/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };

beforeAll(async () => {
  sys = await startTestSystem({ FOUR_EYES_ADJUSTMENT_LIMIT: String(LIMIT) });
  [a, b, c] = await Promise.all([0, 1, 2].map(async () => asStaff(await signIn(sys, await createStaff(sys, 'support')))));
});
afterAll(async () => sys?.close());

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
function documents(files: Partial<Record<'letter' | 'employmentRecord', { content: Buffer; name: string; type: string }>>): FormData {
  const form = new FormData();
  for (const [field, f] of Object.entries(files)) form.append(field, new Blob([new Uint8Array(f!.content)], { type: f!.type }), f!.name);
  return form;
}
const letter = { content: PDF_LETTER, name: 'письмо.pdf', type: 'application/pdf' };
const record = { content: PNG, name: 'трудовая.png', type: 'image/png' };

async function awaitingReview(staff: Caller, id: string) {
  return waitFor(async () => {
    const res = await staff('GET', `/email-changes/${id}`);
    return res.body.status === 'awaiting_review' ? res.body : null;
  });
}

/** What a refused approval must leave as it was: the row, the workflow's own state, the mail. */
async function expectStillAwaitingReview(id: string, newAddress: string) {
  const {
    rows: [row],
  } = await sys.pool.query('SELECT status, decided_by, decided_at, workflow_id FROM email_change_requests WHERE id = $1', [id]);
  expect(row).toMatchObject({ status: 'awaiting_review', decided_by: null, decided_at: null });
  const view = await sys.temporal.workflow.getHandle(row.workflow_id).query(emailChangeQuery);
  expect(view.status).toBe('awaiting_review');
  expect(sys.mail.messages.filter((m) => m.to.includes(newAddress))).toEqual([]);
}

const auditOf = async (subjectId: string) =>
  (await sys.pool.query('SELECT action, actor_label FROM audit_log WHERE subject_id = $1 ORDER BY id', [subjectId])).rows;

async function staffEmail(staff: Caller): Promise<string> {
  return (await staff('GET', '/auth/me')).body.staff.email;
}

describe.concurrent('email change (four eyes)', () => {
  it('R21: support A opens and documents a change; A cannot approve it (403, nothing changes, audited), B approves and the login moves', async () => {
    const { participantId, email } = await activeParticipant(sys);
    const newAddress = uniqueEmail('four-eyes');
    const opened = await a('POST', '/email-changes', { participantId, newEmail: newAddress });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    expect((await a('POST', `/email-changes/${id}/documents`, documents({ letter, employmentRecord: record }))).status).toBe(200);
    const shown = await awaitingReview(a, id);
    // Who opened it and who uploaded each document are recorded as staff actors.
    const aEmail = await staffEmail(a);
    expect(shown).toMatchObject({ created_by: aEmail, created_by_type: 'staff' });
    expect(
      shown.documents.map((d: { uploaded_by_type: string; uploaded_by_label: string }) => [d.uploaded_by_type, d.uploaded_by_label]),
    ).toEqual([
      ['staff', aEmail],
      ['staff', aEmail],
    ]);

    const refused = await a('POST', `/email-changes/${id}/decision`, { decision: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'four_eyes', message: expect.stringMatching(/another staff member/) });
    await expectStillAwaitingReview(id, newAddress);

    const approved = await b('POST', `/email-changes/${id}/decision`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'awaiting_confirmation', decided_by: await staffEmail(b) });
    const mail = await waitFor(async () =>
      sys.mail.messages.find((m) => m.to.includes(newAddress) && /confirm-email-change\?token=/.test(m.text)),
    );
    const token = /confirm-email-change\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    expect((await sys.call('POST', '/api/email-change-confirmations', { token }, { apiKey: null })).status).toBe(200);
    await waitFor(async () => (await b('GET', `/email-changes/${id}`)).body.status === 'completed');
    expect((await b('GET', `/participants/${participantId}`)).body.email).toBe(newAddress);
    expect((await sys.pool.query('SELECT 1 FROM participants WHERE email_normalized = $1', [email])).rowCount).toBe(0);

    expect((await auditOf(id)).map((r) => r.action)).toEqual([
      'email_change.open',
      'email_change.document',
      'email_change.document',
      'email_change.four_eyes_refused',
      'email_change.approve',
    ]);
  });

  it('R21: a participant opening the change from the shop bars nobody; the staff member who uploaded one of its documents cannot approve it, another can', async () => {
    const { email } = await activeParticipant(sys);
    const newAddress = uniqueEmail('shop-four-eyes');
    const opened = await sys.call('POST', '/api/email-changes', { email, newEmail: newAddress });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    // Support uploads the letter on the participant's behalf; the participant sends the record.
    expect((await c('POST', `/email-changes/${id}/documents`, documents({ letter }))).status).toBe(200);
    await sys.call('POST', `/api/email-changes/${id}/documents`, documents({ employmentRecord: record }));
    const shown = await awaitingReview(b, id);
    expect(shown.created_by_type).toBe('api_client');

    const refused = await c('POST', `/email-changes/${id}/decision`, { decision: 'approve' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('four_eyes');
    await expectStillAwaitingReview(id, newAddress);
    expect((await b('POST', `/email-changes/${id}/decision`, { decision: 'approve' })).status).toBe(200);
  });

  it('R21: the staff member who opened a change may still reject it: a rejection moves nothing', async () => {
    const { participantId, email } = await activeParticipant(sys);
    const opened = await a('POST', '/email-changes', { participantId, newEmail: uniqueEmail('withdrawn') });
    const id = opened.body.id;
    await a('POST', `/email-changes/${id}/documents`, documents({ letter, employmentRecord: record }));
    await awaitingReview(a, id);
    const rejected = await a('POST', `/email-changes/${id}/decision`, { decision: 'reject', reason: 'Opened by mistake' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect((await a('GET', `/participants/${participantId}`)).body.email).toBe(email);
  });
});

describe.concurrent('points adjustments (four eyes)', () => {
  const balanceOf = async (participantId: string): Promise<number> => (await b('GET', `/participants/${participantId}`)).body.balance;

  it(`an adjustment of at most the limit posts at once; above it, it waits for a second staff member: the requester's approval is refused, another's posts it once`, async () => {
    const { participantId } = await activeParticipant(sys);
    expect(await balanceOf(participantId)).toBe(100);

    // At the limit: posted at once, as before.
    const small = await a('POST', `/participants/${participantId}/adjustments`, { amount: LIMIT, reason: 'Приз за конкурс' });
    expect(small.status).toBe(201);
    expect(small.body).toEqual({ balance: 100 + LIMIT });

    // Above it: a request, answered 202; no balance changes.
    const asked = await a(
      'POST',
      `/participants/${participantId}/adjustments`,
      { amount: 5000, reason: 'Компенсация за сбой' },
      { 'Idempotency-Key': 'big-1' },
    );
    expect(asked.status).toBe(202);
    expect(asked.body).toMatchObject({
      status: 'pending',
      amount: 5000,
      participant_id: participantId,
      requested_by: await staffEmail(a),
      decided_at: null,
    });
    const id = asked.body.id;
    expect(asked.headers.get('location')).toBe(`/admin/api/adjustment-requests/${id}`);
    expect(await balanceOf(participantId)).toBe(100 + LIMIT);
    // A retry with the same key finds the same request; the same key for another amount is refused.
    const retried = await a(
      'POST',
      `/participants/${participantId}/adjustments`,
      { amount: 5000, reason: 'Компенсация за сбой' },
      { 'Idempotency-Key': 'big-1' },
    );
    expect([retried.status, retried.body.id]).toEqual([202, id]);
    const reused = await a(
      'POST',
      `/participants/${participantId}/adjustments`,
      { amount: 6000, reason: 'Компенсация за сбой' },
      { 'Idempotency-Key': 'big-1' },
    );
    expect([reused.status, reused.body.error?.code]).toEqual([409, 'idempotency_key_reused']);

    const queue = await b(
      'GET',
      `/adjustment-requests?filter=${encodeURIComponent(JSON.stringify({ status: 'pending', participant_id: participantId }))}`,
    );
    expect(queue.body.map((r: { id: string }) => r.id)).toEqual([id]);

    // The requester cannot approve it: 403, nothing changes, the attempt is audited.
    const refused = await a('POST', `/adjustment-requests/${id}/approve`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'four_eyes', message: expect.stringMatching(/another staff member/) });
    expect((await b('GET', `/adjustment-requests/${id}`)).body).toMatchObject({ status: 'pending', decided_by: null });
    expect(await balanceOf(participantId)).toBe(100 + LIMIT);

    // Two others approve at once: one posts it, the other is told it is decided; counted once.
    const [first, second] = await Promise.all([
      b('POST', `/adjustment-requests/${id}/approve`),
      c('POST', `/adjustment-requests/${id}/approve`),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const approval = first.status === 200 ? first : second;
    expect(approval.body).toMatchObject({ status: 'approved', decided_by: expect.stringMatching(/@operator\.example$/) });
    expect((first.status === 409 ? first : second).body.error.code).toBe('adjustment_request_decided');
    expect((await b('POST', `/adjustment-requests/${id}/approve`)).status).toBe(409);
    expect((await a('POST', `/adjustment-requests/${id}/approve`)).status).toBe(409);
    expect((await b('POST', `/adjustment-requests/${id}/reject`, { reason: 'Поздно' })).status).toBe(409);
    expect(await balanceOf(participantId)).toBe(100 + LIMIT + 5000);
    const entries = await sys.pool.query(
      'SELECT amount::int AS amount, source_id, created_by FROM ledger_entries WHERE idempotency_key = $1',
      [`adjustment-request:${id}`],
    );
    expect(entries.rows).toEqual([{ amount: 5000, source_id: id, created_by: await staffEmail(a) }]);

    expect((await auditOf(id)).map((r) => r.action)).toEqual([
      'adjustment_request.open',
      'adjustment_request.four_eyes_refused',
      'adjustment_request.approve',
    ]);
    const ledgerAudit = await sys.pool.query(
      `SELECT details FROM audit_log WHERE action = 'ledger.adjust' AND subject_id = $1 ORDER BY id`,
      [participantId],
    );
    expect(ledgerAudit.rows.map((r) => r.details.amount)).toEqual([LIMIT, 5000]);
  });

  it('a debit above the limit waits too; a request is rejected with a reason (the requester may withdraw it), and a debit beyond the balance is refused at approval, the request still pending', async () => {
    const { participantId } = await activeParticipant(sys);
    const debit = await a('POST', `/participants/${participantId}/adjustments`, { amount: -(LIMIT + 1), reason: 'Ошибочное начисление' });
    expect(debit.status).toBe(202);
    const short = await b('POST', `/adjustment-requests/${debit.body.id}/approve`);
    expect([short.status, short.body.error?.code]).toEqual([409, 'insufficient_points']);
    expect((await b('GET', `/adjustment-requests/${debit.body.id}`)).body.status).toBe('pending');

    expect((await a('POST', `/adjustment-requests/${debit.body.id}/reject`, {})).body.error.field).toBe('reason');
    const withdrawn = await a('POST', `/adjustment-requests/${debit.body.id}/reject`, { reason: 'Баланс уже исправлен' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'rejected', decision_reason: 'Баланс уже исправлен', decided_by: await staffEmail(a) });
    expect((await c('POST', `/adjustment-requests/${debit.body.id}/approve`)).status).toBe(409);
    expect(await balanceOf(participantId)).toBe(100);
    expect((await b('GET', '/adjustment-requests/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
