/**
 * Records the workflow histories that test/replay/replay.test.ts replays against today's workflow
 * code, so that a change which would break running workflows fails the test suite.
 *
 *   npx tsx test/replay/record-histories.ts [name…]
 *
 * It starts its own servers like the tests do (a Temporal dev server from the Temporal CLI, a
 * scratch PostgreSQL database on TEST_DATABASE_ADMIN_URL or the local server or an embedded one, a
 * mail catcher, the worker and the API), drives every workflow type through the API to a meaningful
 * point (and through the incident path of issue 10), and writes each history to
 * test/replay/histories/<name>.json. Nothing is mocked; short terms keep it under two minutes.
 *
 * Refresh deliberately, not to make a failing replay pass. A replay that fails means running
 * workflows of that shape would break: guard the change with `patched()` (or a new workflow type)
 * and keep the old history. Re-record when a new workflow type or path deserves a history, or when
 * no workflow of the old shape can still be running anywhere (then say so in the commit). Recording
 * rewrites every file: review `git diff test/replay/histories` and commit the ones you mean. Given
 * names (e.g. `application-approved`), it still drives every process but writes only those files.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import protos from '@temporalio/proto';
import { startApiOnFreePort } from '../../api/server.js';
import { createApiKey } from '../../db/api-keys.js';
import { insertContract } from '../../db/contracts.js';
import { createStaffUser } from '../../db/staff.js';
import { createPool } from '../../db/pool.js';
import { startMailCatcher } from '../../infra/mail-catcher.js';
import { createScratchDatabase } from '../../infra/scratch-database.js';
import { startTemporalDevServer } from '../../infra/temporal-dev-server.js';
import { startWorker } from '../../worker/worker.js';
import { donationWorkflowId } from '../../workflows/messages/donation.js';
import { lotExpiryWorkflowId } from '../../workflows/messages/lot-expiry.js';
import { tierPeriodScheduleId } from '../../workflows/messages/tier-period-end.js';
import { completeOrderUpdate, decideOrderUpdate } from '../../workflows/messages/order.js';
import {
  ParticipantEmail,
  decideReviewUpdate,
  participantWorkflowId,
  registerUpdate,
  type ParticipantWorkflowInput,
} from '../../workflows/messages/participant.js';
import { partnerCreditingWorkflowId } from '../../workflows/messages/partner.js';
import type { participantWorkflow } from '../../workflows/participant.js';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const say = (line: string) => console.log(`[record-histories] ${line}`);

/** Short terms: every wait of every process ends within seconds. */
const TERMS = {
  CONFIRMATION_TIMEOUT_MS: '4000',
  WELCOME_POINTS: '1000',
  FIRST_ORDER_MINIMUM: '0',
  PAYMENT_WINDOW_MS: '6000',
  AFFILIATION_DOCUMENTS_TIMEOUT_MS: '60000',
  CREDITING_WINDOW_MS: '3000',
  CLAIM_DEADLINE_MS: '5000',
  EMAIL_CHANGE_DOCUMENTS_TIMEOUT_MS: '60000',
  EMAIL_CHANGE_REMINDER_MS: '1500',
  APPLICATION_DOCUMENTS_TIMEOUT_MS: '60000',
  APPLICATION_REMINDER_MS: '1500',
  LOT_LIFETIME_MS: '40000',
  EXPIRY_NOTICE_MS: '10000',
  EXPIRY_RECHECK_MS: '10000',
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

const stack: Array<() => Promise<void>> = [];
const stop = async () => {
  for (const step of stack.reverse()) await step().catch((err) => say(`stop: ${(err as Error).message}`));
};

try {
  await record();
} finally {
  await stop();
}

async function record(): Promise<void> {
  const [server, database, mail] = await Promise.all([
    startTemporalDevServer({ uiPort: null, log: say }),
    createScratchDatabase('bonus_histories', process.env.TEST_DATABASE_ADMIN_URL, say),
    startMailCatcher(),
  ]);
  stack.push(
    () => server.stop(),
    () => database.drop(),
    () => mail.stop(),
  );
  // The API listens first, on a port no one took before it; the worker is told it.
  const { config, api } = await startApiOnFreePort({
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: 'record-histories',
    SMTP_URL: mail.url,
    TOKEN_SECRET: randomUUID(),
    ...TERMS,
  });
  stack.push(() => api.close());
  const pool = createPool(config.databaseUrl, 4);
  stack.push(() => pool.end());
  const worker = await startWorker(config);
  stack.push(() => worker.stop());
  const connection = await Connection.connect({ address: config.temporalAddress });
  stack.push(() => connection.close());
  const temporal = new Client({ connection });
  const { key: apiKey } = await createApiKey(pool, 'record-histories');
  const staffPassword = `pw-${randomUUID()}`;
  const staffUser = await createStaffUser(pool, {
    email: 'recorder@operator.example',
    name: 'Recorder',
    role: 'admin',
    password: staffPassword,
  });
  const staffRef = { id: staffUser.id, label: 'recorder@operator.example' };

  // ---- calling the system ------------------------------------------------------------------------
  /** As the shop (every scope), as staff, or with another client's key (a partner's, bound to it). */
  async function call(method: string, path: string, body?: unknown, opts: { staff?: boolean; apiKey?: string } = {}) {
    const headers: Record<string, string> = {};
    if (opts.staff) headers.authorization = `Bearer ${staffToken}`;
    else headers['x-api-key'] = opts.apiKey ?? apiKey;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(api.url + path, { method, headers, body: payload });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : null;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return parsed;
  }
  const staff = (method: string, path: string, body?: unknown) => call(method, `/admin/api${path}`, body, { staff: true });
  const login = await fetch(`${api.url}/admin/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: staffRef.label, password: staffPassword }),
  });
  const staffToken = ((await login.json()) as { token: string }).token;

  async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const row = async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows[0];
  const status = (table: string, id: string, wanted: string, column = 'status') =>
    until(`${table} ${id} ${wanted}`, async () => (await row(`SELECT ${column} AS s FROM ${table} WHERE id = $1`, [id]))?.s === wanted);

  let n = 0;
  const emailFor = (tag: string) => `${tag}.${++n}@agency.example`;
  async function agentForm(email: string, opts: { terminated?: boolean } = {}) {
    const inn = randomInn();
    await insertContract(pool, {
      contractNumber: `A-${inn}`,
      contractType: 'agent',
      inn,
      legalName: `ООО Агентство ${inn}`,
      status: opts.terminated ? 'terminated' : 'active',
    });
    return { firstName: 'Анна', lastName: 'Смирнова', email, agencyInn: inn, contractPath: 'agent' };
  }
  async function linkToken(address: string, pattern: RegExp): Promise<string> {
    const found = await until(`a mail to ${address}`, async () =>
      mail.messages.find((m) => m.to.includes(address) && pattern.test(m.text)),
    );
    return pattern.exec(found.text)![1];
  }
  const confirm = async (email: string) =>
    fetch(`${api.url}/api/confirmations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: await linkToken(email, /confirm\?token=([A-Za-z0-9_-]+)/), password: 'correct horse battery' }),
    });
  async function activeAgent(tag: string): Promise<{ id: string; email: string }> {
    const email = emailFor(tag);
    const registered = await call('POST', '/api/registrations', await agentForm(email));
    await confirm(email);
    await status('participants', registered.participantId, 'active');
    return { id: registered.participantId, email };
  }
  const files = (field: string, list: Array<{ content: Buffer; name: string; type: string }>) => {
    const form = new FormData();
    for (const f of list) form.append(field, new Blob([new Uint8Array(f.content)], { type: f.type }), f.name);
    return form;
  };

  const only = new Set(process.argv.slice(2));
  async function save(name: string, workflowId: string, description: string): Promise<void> {
    if (only.size > 0 && !only.has(name)) return say(`${name}: not asked for, left as it is`);
    const handle = temporal.workflow.getHandle(workflowId);
    const { type } = await handle.describe();
    const history = historyToObject(await handle.fetchHistory());
    mkdirSync(historiesDir, { recursive: true });
    writeFileSync(`${historiesDir}${name}.json`, `${JSON.stringify({ workflowType: type, workflowId, description, history }, null, 1)}\n`);
    say(`${name}: ${type}, ${history.events.length} events`);
  }

  // ---- participants (R1–R7, R22, R26) -------------------------------------------------------------
  const anna = await activeAgent('anna');
  await save(
    'participant-active',
    participantWorkflowId(anna.email),
    'registered, confirmed, verified by the registry, active with the welcome points',
  );
  await save(
    'participant-active-stored-locally',
    participantWorkflowId(anna.email),
    'issue 12: the form stored by a local activity in the first workflow task (patch registration-stored-locally); then confirmed, verified, active',
  );
  await save(
    'participant-active-api-stored',
    participantWorkflowId(anna.email),
    'issue 12: the API starts the workflow (no register update) and stores the form itself; the first task stores it again, a no-op; then confirmed, verified, active',
  );

  const expiredEmail = emailFor('late');
  const expired = await call('POST', '/api/registrations', await agentForm(expiredEmail));
  const rejectedEmail = emailFor('terminated');
  const rejected = await call('POST', '/api/registrations', await agentForm(rejectedEmail, { terminated: true }));
  await confirm(rejectedEmail);

  // An intermediary: a reviewer's decision that the database refuses (the incident path), then an approval; then R22.
  const irinaEmail = emailFor('intermediary');
  const letterForm = new FormData();
  for (const [k, v] of Object.entries({
    firstName: 'Ирина',
    lastName: 'Петрова',
    email: irinaEmail,
    agencyName: 'ИП Петрова',
    contractPath: 'intermediary',
    contractNumber: 'AG-1',
  })) {
    letterForm.append(k, v);
  }
  letterForm.append('letter', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'letter.pdf');
  const irina = await call('POST', '/api/registrations', letterForm);
  await confirm(irinaEmail);
  const task = await until('a review task', () =>
    row(`SELECT id FROM review_tasks WHERE participant_id = $1 AND status = 'open'`, [irina.participantId]),
  );
  const irinaWorkflow = temporal.workflow.getHandle(participantWorkflowId(irinaEmail));
  await irinaWorkflow
    .executeUpdate(decideReviewUpdate, { args: [{ taskId: task.id, decision: 'reject', reason: 'no\u0000pe', staff: staffRef }] })
    .then(
      () => {
        throw new Error('the poisoned decision was taken');
      },
      () => undefined,
    );
  await staff('POST', `/reviews/${task.id}/decision`, { decision: 'approve' });
  await status('participants', irina.participantId, 'active');
  const rebind = await call('POST', '/api/registrations', { ...(await agentForm(irinaEmail)), firstName: 'Ирина', lastName: 'Петрова' });
  await status('agency_rebinds', rebind.rebind.id, 'applied');
  await save(
    'participant-review-rebind',
    participantWorkflowId(irinaEmail),
    'intermediary: a poisoned review decision refused with an incident, an approval, active; then R22: a new agency verified and applied',
  );

  await status('participants', rejected.participantId, 'rejected');
  await save(
    'participant-rejected',
    participantWorkflowId(rejectedEmail),
    'R4: the registry holds only a terminated contract: rejected, with a letter',
  );
  await status('participants', expired.participantId, 'expired');
  await save('participant-expired', participantWorkflowId(expiredEmail), 'R3: never confirmed: expired at the deadline');

  // A registration whose form the database refuses (a NUL byte): the incident path, failed.
  const poisonedEmail = emailFor('poison');
  const input: ParticipantWorkflowInput = {
    registration: {
      participantId: randomUUID(),
      email: poisonedEmail,
      emailNormalized: poisonedEmail,
      firstName: 'Ан\u0000на',
      lastName: 'Смирнова',
      agencyInn: randomInn(),
      agencyName: null,
      contractPath: 'agent',
      contractNumber: null,
      subagencyLegalName: null,
      letterDocumentId: null,
    },
    terms: { confirmationTimeoutMs: 60_000, welcomePoints: 100, lotLifetimeMs: 60_000 },
  };
  await temporal.workflow.executeUpdateWithStart(registerUpdate, {
    args: [{ participantId: input.registration.participantId }],
    startWorkflowOperation: new WithStartWorkflowOperation<typeof participantWorkflow>('participantWorkflow', {
      workflowId: participantWorkflowId(poisonedEmail),
      taskQueue: config.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      typedSearchAttributes: [{ key: ParticipantEmail, value: [poisonedEmail] }],
    }),
  });
  await temporal.workflow.getHandle(participantWorkflowId(poisonedEmail)).result();
  await save(
    'participant-failed',
    participantWorkflowId(poisonedEmail),
    'issue 10: the form is refused by the database: an incident, the registration ends as failed',
  );
  await save(
    'participant-failed-stored-locally',
    participantWorkflowId(poisonedEmail),
    'issue 12: the local activity storing the form is refused by the database, the ordinary activity once more, then the incident: failed',
  );

  const leaving = await activeAgent('leaving');
  await staff('POST', `/participants/${leaving.id}/close`, { reason: 'Asked by phone' });
  await status('participants', leaving.id, 'closed');
  await save('participant-closed', participantWorkflowId(leaving.email), 'R26: an active participant leaves: closed, points annulled');

  // ---- orders (R15–R17, A5) -----------------------------------------------------------------------
  const item = await staff('POST', '/catalog', { sku: 'MUG-1', title: 'Кружка', pricePoints: 100, stock: 50 });
  const order = (extra: Record<string, unknown> = {}) =>
    call('POST', '/api/orders', { participantId: anna.id, sku: item.sku, quantity: 1, ...extra });
  const workflowOf = async (orderId: string) =>
    (await row('SELECT workflow_id FROM orders WHERE id = $1', [orderId])).workflow_id as string;

  const completed = await order();
  await call('POST', `/api/orders/${completed.id}/complete`);
  await status('orders', completed.id, 'completed');
  await save('order-completed', await workflowOf(completed.id), 'A5: placed, completed by the shop within the payment window');

  const unpaid = await order();
  const checked = await order({ affiliationCheck: true });
  await call(
    'POST',
    `/api/orders/${checked.id}/documents`,
    files('documents', [{ content: PDF, name: 'справка.pdf', type: 'application/pdf' }]),
  );
  await status('orders', checked.id, 'awaiting_review');
  await temporal.workflow
    .getHandle(await workflowOf(checked.id))
    .executeUpdate(decideOrderUpdate, { args: [{ decision: 'reject', reason: 'no\u0000pe', staff: staffRef }] })
    .then(
      () => {
        throw new Error('the poisoned decision was taken');
      },
      () => undefined,
    );
  await staff('POST', `/orders/${checked.id}/decision`, { decision: 'approve' });
  await status('orders', checked.id, 'placed');
  await call('POST', `/api/orders/${checked.id}/cancel`);
  await status('orders', checked.id, 'cancelled');
  await save(
    'order-affiliation-check',
    await workflowOf(checked.id),
    'R17: documents, a poisoned decision refused with an incident, an approval; then cancelled by the client',
  );

  const poisoned = await order();
  await temporal.workflow
    .getHandle(await workflowOf(poisoned.id))
    .executeUpdate(completeOrderUpdate, { args: [{ by: { type: 'api_client', id: randomUUID(), label: 'sh\u0000op' } }] });
  await save(
    'order-incident',
    await workflowOf(poisoned.id),
    'issue 10: the completion is refused by the database: an incident, the points go back',
  );

  await status('orders', unpaid.id, 'expired');
  await save('order-expired', await workflowOf(unpaid.id), 'A5: not completed within the payment window: the points go back');

  // ---- donations (A3, A5) -------------------------------------------------------------------------
  // A donor of their own: the welcome points are still in their lot, whatever the orders above spent.
  const donor = await activeAgent('donor');
  const fund = await staff('POST', '/charity-funds', { name: 'Фонд «Дети и путешествия»', description: 'Поездки для детей' });
  const donation = await call('POST', '/api/donations', { email: donor.email, fundId: fund.id, points: 200 });
  await call('POST', `/api/donations/${donation.id}/complete`);
  await status('donations', donation.id, 'completed');
  // The receipt is mailed after the completion answers: the history ends with the workflow.
  await temporal.workflow.getHandle(donationWorkflowId(donation.id)).result();
  await save(
    'donation-completed',
    donationWorkflowId(donation.id),
    'A3, A5: placed (points held), completed by the shop within the payment window: spent once, receipt mailed',
  );

  // ---- earning (R9–R13, A4) -----------------------------------------------------------------------
  const boris = await activeAgent('boris');
  const endsAt = Date.now() + 600;
  const webinar = (title: string) =>
    call('POST', '/api/events', {
      kind: 'destination_webinar',
      title,
      points: 50,
      startsAt: new Date(endsAt - 300).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
    });
  const credited = await webinar('Вебинар: Турция');
  const silent = await webinar('Вебинар без отчёта');
  await new Promise((r) => setTimeout(r, endsAt - Date.now() + 200));
  await call('POST', `/api/events/${credited.id}/attendance`, {
    rows: [
      { email: anna.email, minutes: 70 },
      { email: boris.email, minutes: 45 },
      { email: 'stranger@agency.example', minutes: 90 },
    ],
  });
  await status('events', credited.id, 'closed', 'crediting_status');
  await save('event-credited', `event:${credited.id}`, 'R11, R12: a report in the window, the window closes, credited in batches');
  await save(
    'event-credited-planned',
    `event:${credited.id}`,
    'R11, R12: the same, on the planned path: the batches planned at the close, several credited at once',
  );
  await status('events', silent.id, 'closed', 'crediting_status');
  await save('event-no-report', `event:${silent.id}`, 'R11: the window closes with no attendance report: an incident');

  const course = await call('POST', '/api/events', {
    kind: 'course',
    title: 'Курс: продажи Турции',
    points: 120,
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  await call('POST', `/api/events/${course.id}/course-completions`, {
    rows: [{ email: anna.email, completedAt: new Date().toISOString() }],
  });
  await until('the course credit', () => row('SELECT 1 AS ok FROM ledger_entries WHERE source_id = $1', [course.id]));
  await save('event-course', `event:${course.id}`, 'R9: a course credits each completions report as it arrives (running)');

  const claim = await call('POST', '/api/claims', { email: boris.email, eventId: credited.id, statement: 'My connection dropped' });
  await staff('POST', `/claims/${claim.id}/decision`, { decision: 'approve' });
  await status('claims', claim.id, 'approved');
  await save('claim-approved', `claim:${claim.id}`, 'A4: a claim approved by a reviewer: credited once');
  const carl = await activeAgent('carl');
  const unanswered = await call('POST', '/api/claims', { email: carl.email, eventId: credited.id, statement: 'I was there' });
  await status('claims', unanswered.id, 'expired');
  await save('claim-expired', `claim:${unanswered.id}`, 'A4: nobody decides before the deadline: expired');

  // ---- partners (A2) ------------------------------------------------------------------------------
  // A partner with a short pending period and its own API client; one accrual, credited when it ends.
  const hotels = await staff('POST', '/partners', {
    name: 'Сеть отелей «Азимут»',
    earningRule: { type: 'per_100_roubles', points: 2 },
    pendingPeriodMs: 1500,
    pricePerPoint: 0.5,
  });
  const { key: partnerKey } = await staff('POST', `/partners/${hotels.id}/api-client`, {});
  const guest = await activeAgent('guest');
  const accrual = await call(
    'POST',
    '/api/partner/accruals',
    { transactionId: 'H-2026-000123', email: guest.email, date: new Date().toISOString().slice(0, 10), amount: 12500 },
    { apiKey: partnerKey },
  );
  const crediting = temporal.workflow.getHandle(partnerCreditingWorkflowId(hotels.id, Date.parse(accrual.dueAt)));
  await crediting.result();
  await until('the accrual credited', async () => {
    const now = await call('GET', `/api/partner/accruals/${accrual.transactionId}`, undefined, { apiKey: partnerKey });
    return now.status === 'credited';
  });
  await save(
    'partner-credited',
    crediting.workflowId,
    "A2: an accrual posted by the partner's client stays pending for the pending period, then is credited as a lot",
  );

  // ---- an email change (R21) ----------------------------------------------------------------------
  const movedTo = emailFor('moved');
  const change = await call('POST', '/api/email-changes', { email: boris.email, newEmail: movedTo });
  await call(
    'POST',
    `/api/email-changes/${change.id}/documents`,
    files('letter', [{ content: PDF, name: 'письмо.pdf', type: 'application/pdf' }]),
  );
  await until('the reminder', () =>
    row(`SELECT 1 AS ok FROM email_change_requests WHERE id = $1 AND reminded_at IS NOT NULL`, [change.id]),
  );
  await call(
    'POST',
    `/api/email-changes/${change.id}/documents`,
    files('employmentRecord', [{ content: PNG, name: 'трудовая.png', type: 'image/png' }]),
  );
  await status('email_change_requests', change.id, 'awaiting_review');
  await staff('POST', `/email-changes/${change.id}/decision`, { decision: 'approve' });
  const changeToken = await linkToken(movedTo, /confirm-email-change\?token=([A-Za-z0-9_-]+)/);
  await fetch(`${api.url}/api/email-change-confirmations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: changeToken }),
  });
  await status('email_change_requests', change.id, 'completed');
  await save(
    'email-change-completed',
    `email-change:${change.id}`,
    'R21: a reminder, both documents, an approval, the new address confirmed',
  );
  await save(
    'participant-email-changed',
    participantWorkflowId(boris.email),
    'R21: the participant workflow told of its new address (search attribute)',
  );

  // ---- corporate applications (A7) ----------------------------------------------------------------
  // An employee of an agency the registry does not know waits for a reviewer; the agency applies and is
  // approved, and the registry then verifies the employee's registration (registryChanged).
  const agencyInn = randomInn();
  const waitingEmail = emailFor('waiting');
  const waiting = await call('POST', '/api/registrations', {
    firstName: 'Вера',
    lastName: 'Орлова',
    email: waitingEmail,
    agencyInn,
    contractPath: 'agent',
  });
  await confirm(waitingEmail);
  await until('a review task', () =>
    row(`SELECT id FROM review_tasks WHERE participant_id = $1 AND status = 'open'`, [waiting.participantId]),
  );
  const organisation = (inn: string) => ({
    legalName: `ООО Агентство ${inn}`,
    inn,
    kpp: '770701001',
    address: 'Москва, ул. Мясницкая, д. 1',
    contactName: 'Ольга Иванова',
    contactEmail: emailFor('contact'),
    contractPath: 'agent',
  });
  const applying = files('applicationForm', [{ content: PDF, name: 'заявление.pdf', type: 'application/pdf' }]);
  for (const [k, v] of Object.entries(organisation(agencyInn))) applying.append(k, v);
  const approvedApplication = await call('POST', '/api/applications', applying);
  await until('the application reminder', () =>
    row(`SELECT 1 AS ok FROM corporate_applications WHERE id = $1 AND reminded_at IS NOT NULL`, [approvedApplication.id]),
  );
  await call(
    'POST',
    `/api/applications/${approvedApplication.id}/documents`,
    files('signedContract', [{ content: PDF, name: 'договор.pdf', type: 'application/pdf' }]),
  );
  await status('corporate_applications', approvedApplication.id, 'awaiting_review');
  await staff('POST', `/applications/${approvedApplication.id}/approve`);
  await status('participants', waiting.participantId, 'active');
  await temporal.workflow.getHandle(`application:${approvedApplication.id}`).result();
  await save(
    'application-approved',
    `application:${approvedApplication.id}`,
    'A7: one document, a reminder, the second, approved: the agency in the registry, its waiting registration told, the contact mailed',
  );
  await save(
    'participant-registry-verified',
    participantWorkflowId(waitingEmail),
    'A7: a registration waiting for a reviewer is verified by the registry once its agency is approved (registryChanged)',
  );
  const rejectedApplication = await call('POST', '/api/applications', organisation(randomInn()));
  const both = files('applicationForm', [{ content: PDF, name: 'заявление.pdf', type: 'application/pdf' }]);
  both.append('signedContract', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'договор.pdf');
  await call('POST', `/api/applications/${rejectedApplication.id}/documents`, both);
  await status('corporate_applications', rejectedApplication.id, 'awaiting_review');
  await staff('POST', `/applications/${rejectedApplication.id}/reject`, { reason: 'Договор подписан не руководителем' });
  await temporal.workflow.getHandle(`application:${rejectedApplication.id}`).result();
  await save(
    'application-rejected',
    `application:${rejectedApplication.id}`,
    'A7: both documents in one upload, rejected with a reason mailed to the contact',
  );

  // ---- status tiers (A1) --------------------------------------------------------------------------
  // The run the tier-period-end Schedule starts at a period's end, started here by hand (as an
  // operator's "trigger" would): a batch of reassessments, then the announcements.
  const periodEnd = await temporal.workflow.start('tierPeriodEndWorkflow', {
    workflowId: `${tierPeriodScheduleId(config.taskQueue)}-recorded`,
    taskQueue: config.taskQueue,
    args: [{ batchSize: 2 }],
  });
  await periodEnd.result();
  await save('tier-period-end', periodEnd.workflowId, 'A1: a period end: participants reassessed in batches, changes announced');

  // ---- the ledger (R20) ---------------------------------------------------------------------------
  await until('a lot expiry', () => row(`SELECT 1 AS ok FROM ledger_entries WHERE kind = 'expire'`, []), 90_000);
  await save(
    'lot-expiry',
    lotExpiryWorkflowId(config.taskQueue),
    'R20: sleeps until the next lot instant, sends notices, expires due lots (running)',
  );
  say(`done: histories in ${historiesDir}`);
}

/**
 * The history as a JSON-safe object in protobufjs's own object form (enum names, 64-bit numbers and
 * bytes as strings), which test/replay/replay.test.ts reads back with History.fromObject. Not the proto3
 * JSON of `temporal workflow show --output json`: the SDK's converters for that (historyToJSON,
 * historyFromJSON) fail in this install, which holds two copies of protobufjs.
 */
function historyToObject(history: protos.temporal.api.history.v1.IHistory): { events: unknown[] } {
  const { History } = protos.temporal.api.history.v1;
  return History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String }) as { events: unknown[] };
}

/** A valid 10-digit INN (company), different on every call. */
function randomInn(): string {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const d = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  d[0] = 1 + (d[0] % 9);
  const check = (w.reduce((s, x, i) => s + x * d[i], 0) % 11) % 10;
  return [...d, check].join('');
}
