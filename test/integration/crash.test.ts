/**
 * The welcome points never double-count or vanish when the worker process dies: a worker is
 * SIGKILLed right after the credit commits and before Temporal hears of it, then a fresh worker
 * takes over; a change of agency asked for in that gap waits for the participant's workflow; a
 * registration is taken with no worker at all, and stored when the API dies after starting its
 * workflow. (The same for an event's crediting: crash-crediting.test.ts, a file of its own so that
 * the two crashes, each waiting on Temporal's timeouts, run side by side on their own queues.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { participantLedger } from '../../db/ledger-reads.js';
import { mailSent } from '../../db/mail.js';
import { insertParticipant, registrationRow } from '../../db/participants.js';
import { ParticipantEmail, participantWorkflowId } from '../../workflows/messages/participant.js';
import type { participantWorkflow } from '../../workflows/participant.js';
import {
  confirmationToken,
  createStaff,
  participantRow,
  randomInn,
  registerAgent,
  registerIntermediary,
  registrationInput,
  signIn,
  uniqueEmail,
  startTestSystem,
  waitFor,
  waitForStatus,
  type TestSystem,
} from '../support/system.js';
import { workerProcesses } from '../support/worker-process.js';

let sys: TestSystem;
const workers = workerProcesses(() => sys);
const { exited, polling } = workers;
const workerProcess = workers.start;

beforeAll(async () => {
  sys = await startTestSystem({}, { worker: false });
});
afterAll(async () => {
  workers.killAll(); // a failed test must not leave a worker behind
  await sys?.close();
});

it('R7: the welcome points exist exactly once when the worker is SIGKILLed between the credit and its report, then restarted', async () => {
  const doomed = workerProcess('after-activation-commit');
  await polling(doomed);
  const support = await signIn(sys, await createStaff(sys, 'support'));
  const asSupport = { apiKey: null, token: support };
  const { participantId } = await registerIntermediary(sys);
  const [task] = await openReviews(participantId, asSupport);

  const decision = sys.call('POST', `/admin/api/reviews/${task.id}/decision`, { decision: 'approve' }, asSupport);
  expect(await exited(doomed)).toBe('SIGKILL');
  // The credit committed before the crash; the workflow does not know it yet.
  const afterCrash = await participantRow(sys, participantId);
  expect(afterCrash.balance).toBe(100);

  const survivor = workerProcess();
  try {
    expect((await decision).status).toBe(200);
    await waitForStatus(sys, participantId, 'active', 90_000);
    await waitFor(() => mailSent(sys.pool, participantId, 'welcome'), 90_000);
    expect((await participantLedger(sys.pool, participantId)).map((e) => e.amount)).toEqual([100]);
    const row = await participantRow(sys, participantId);
    expect(row.member_number).toBe(afterCrash.member_number);
  } finally {
    survivor.kill('SIGTERM');
    await exited(survivor);
  }
});

it('R22: a change of agency asked for after the activation committed, before the workflow heard of it, is taken and verified, not refused', async () => {
  const doomed = workerProcess('after-activation-commit');
  await polling(doomed);
  const support = await signIn(sys, await createStaff(sys, 'support'));
  const asSupport = { apiKey: null, token: support };
  const { participantId, email } = await registerIntermediary(sys);
  const [task] = await openReviews(participantId, asSupport);
  const decision = sys.call('POST', `/admin/api/reviews/${task.id}/decision`, { decision: 'approve' }, asSupport);
  expect(await exited(doomed)).toBe('SIGKILL');
  // The database says active; the workflow is still activating, and hears of it only when the
  // activation is tried again (its timeout) by a worker that is not there yet.
  expect((await participantRow(sys, participantId)).status).toBe('active');
  const newAgency = `ООО Новый работодатель ${randomInn()}`;
  const moved = sys.call('POST', '/api/registrations', {
    firstName: 'Ирина',
    lastName: 'Петрова',
    email,
    agencyName: newAgency,
    contractPath: 'agent',
  });

  const survivor = workerProcess();
  try {
    expect((await decision).status).toBe(200);
    const answer = await moved;
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    expect(answer.body).toMatchObject({ participantId, rebind: { status: 'verifying' } });
    // Verified as in R4 once the participant is active: the registry does not know the agency, a reviewer does.
    const rebindTask = await waitFor(async () => (await openReviews(participantId, asSupport)).find((t) => t.kind === 'rebind'), 90_000);
    expect((await sys.call('POST', `/admin/api/reviews/${rebindTask.id}/decision`, { decision: 'approve' }, asSupport)).status).toBe(200);
    const after = await waitFor(async () => {
      const read = await sys.call('GET', `/admin/api/participants/${participantId}`, undefined, asSupport);
      return read.body.agency_name === newAgency ? read.body : null;
    });
    expect(after).toMatchObject({ status: 'active', balance: 100, email });
    expect((await participantLedger(sys.pool, participantId)).map((e) => e.amount)).toEqual([100]);
  } finally {
    survivor.kill('SIGTERM');
    await exited(survivor);
  }
});

/** A participant's open review tasks, as support's queue lists them. */
async function openReviews(participantId: string, auth: { apiKey: null; token: string }): Promise<Array<{ id: string; kind: string }>> {
  const filter = encodeURIComponent(JSON.stringify({ status: 'open', participant_id: participantId }));
  return (await sys.call('GET', `/admin/api/reviews?filter=${filter}`, undefined, auth)).body;
}

/** The participant's rows of an email: the participant, its balance row, its confirmation mails. */
async function storedRegistration(email: string) {
  const { rows } = await sys.pool.query(
    `SELECT p.id, p.status, p.registered_at,
            (SELECT count(*)::int FROM balances b WHERE b.participant_id = p.id) AS balance_rows,
            (SELECT count(*)::int FROM sent_mail m WHERE m.participant_id = p.id AND m.kind = 'confirmation') AS links
       FROM participants p WHERE p.email_normalized = $1`,
    [email.toLowerCase()],
  );
  return rows;
}

it('R1: with no worker running a registration is answered 201 and readable at once; a worker that comes later mails the link, and the row stays one', async () => {
  const email = uniqueEmail('no-worker');
  const registered = await registerAgent(sys, email);
  expect(registered.status, JSON.stringify(registered.body)).toBe(201);
  const read = await sys.call('GET', `/api/registrations/${registered.body.participantId}`);
  expect(read.body).toMatchObject({ participantId: registered.body.participantId, status: 'pending_confirmation' });
  expect((await registerAgent(sys, email)).status).toBe(409);

  await sys.startWorker();
  try {
    // The workflow's first task stores the same row again (a no-op) and mails the link.
    const [row] = await waitFor(async () => ((await storedRegistration(email))[0]?.links === 1 ? storedRegistration(email) : null));
    expect(row).toMatchObject({ id: registered.body.participantId, status: 'pending_confirmation', balance_rows: 1, links: 1 });
    expect(row.registered_at.toISOString()).toBe(registered.body.registeredAt);
    expect(await storedRegistration(email)).toHaveLength(1);
  } finally {
    await sys.stopWorker();
  }
});

it('R3: support asks for a fresh link before the workflow has run at all: the first link and the fresh one are mailed, and only the fresh one confirms', async () => {
  const email = uniqueEmail('early-resend');
  const registered = await registerAgent(sys, email);
  expect(registered.status).toBe(201);
  const support = await signIn(sys, await createStaff(sys, 'support'));
  // No worker yet: the workflow takes the request in its very first task, still registering.
  const resend = sys.call(
    'POST',
    `/admin/api/participants/${registered.body.participantId}/resend-confirmation`,
    {},
    { apiKey: null, token: support },
  );
  await sys.startWorker();
  try {
    expect((await resend).status).toBe(200);
    const [first, fresh] = [await confirmationToken(sys, email, 1), await confirmationToken(sys, email, 2)];
    expect(
      (await sys.call('POST', '/api/confirmations', { token: first, password: 'correct horse battery' }, { apiKey: null })).body.error
        ?.code,
    ).toBe('token_expired');
    expect(
      (await sys.call('POST', '/api/confirmations', { token: fresh, password: 'correct horse battery' }, { apiKey: null })).status,
    ).toBe(200);
  } finally {
    await sys.stopWorker();
  }
});

it('R1: an API that dies after starting the workflow and before storing the form loses nothing: the workflow stores it, once', async () => {
  const email = uniqueEmail('api-died');
  const input = registrationInput(sys, email, { registeredAt: Date.now() - 1000 });
  const workflowId = participantWorkflowId(email.toLowerCase());
  // What the API does up to its death: the start alone.
  await sys.temporal.workflow.start<typeof participantWorkflow>('participantWorkflow', {
    workflowId,
    taskQueue: sys.config.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'FAIL',
    typedSearchAttributes: [{ key: ParticipantEmail, value: [email.toLowerCase()] }],
  });
  expect(await storedRegistration(email)).toEqual([]);

  await sys.startWorker();
  try {
    const [row] = await waitFor(async () => ((await storedRegistration(email))[0]?.links === 1 ? storedRegistration(email) : null));
    expect(row).toMatchObject({ id: input.registration.participantId, status: 'pending_confirmation', balance_rows: 1, links: 1 });
    expect(row.registered_at.getTime()).toBe(input.registration.registeredAt);
    // A restarted API storing the same registration late changes nothing.
    await insertParticipant(
      sys.pool,
      registrationRow({ ...input.registration, workflowId, registeredAt: input.registration.registeredAt! }),
    );
    expect(await storedRegistration(email)).toEqual([row]);
  } finally {
    await sys.stopWorker();
  }
});
