/**
 * Failures retrying cannot fix (issue 10 §1) and long emails, on the real servers. A value the
 * database refuses (SQLSTATE class 22) or an address the mail relay refuses for good makes its
 * activity fail once, not forever: the workflow raises an incident for staff, releases what it
 * holds, and ends (a registration as 'failed', which leaves the email free) or waits for a person.
 *
 * The API refuses such values at its edge, so the poisoned inputs here reach the workflows the way
 * only a bug or another client could: straight through the Temporal client.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCredits } from '../../db/ledger.js';
import { participantById } from '../../db/participants.js';
import { inTransaction } from '../../db/pool.js';
import { completeOrderUpdate } from '../../workflows/messages/order.js';
import {
  ParticipantEmail,
  decideReviewUpdate,
  participantWorkflowId,
  registerUpdate,
  resendConfirmationUpdate,
} from '../../workflows/messages/participant.js';
import { StepFailedRefusal } from '../../workflows/messages/shared.js';
import { MAX_WORKFLOW_ID_BYTES } from '../../workflows/messages/workflow-id.js';
import type { participantWorkflow } from '../../workflows/participant.js';
import { insertActiveParticipants } from '../../db/participants.js';
import {
  addContract,
  confirm,
  createStaff,
  participantRow,
  randomInn,
  registerAgent,
  registerIntermediary,
  registrationInput,
  signIn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  waitForStatus,
  type TestSystem,
} from '../support/system.js';

let sys: TestSystem;
let admin: string;

beforeAll(async () => {
  sys = await startTestSystem({ FIRST_ORDER_MINIMUM: '0' });
  admin = await signIn(sys, await createStaff(sys, 'admin'));
});
afterAll(async () => sys?.close());

const asAdmin = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: admin });

const incidentsOf = async (subjectId: string, pool = sys.pool) =>
  (
    await pool.query(
      `SELECT kind, subject_type, step, failure_type, status, details, workflow_id FROM incidents WHERE subject_id = $1 ORDER BY created_at`,
      [subjectId],
    )
  ).rows;
/** The incidents about a subject, once there is one (the workflow raises it after its clean-up step). */
const incidentsRaised = (subjectId: string, pool = sys.pool) =>
  waitFor(async () => {
    const rows = await incidentsOf(subjectId, pool);
    return rows.length ? rows : null;
  });

/** How many times each activity type was started in the workflow's history (each retry is one more attempt). */
async function attempts(workflowId: string): Promise<Record<string, number>> {
  const history = await sys.temporal.workflow.getHandle(workflowId).fetchHistory();
  const scheduled = new Map<string, string>();
  const counts: Record<string, number> = {};
  for (const e of history.events ?? []) {
    const s = e.activityTaskScheduledEventAttributes;
    if (s) scheduled.set(String(e.eventId), s.activityType!.name!);
    const started = e.activityTaskStartedEventAttributes;
    if (started) {
      const type = scheduled.get(String(started.scheduledEventId))!;
      counts[type] = Math.max(counts[type] ?? 0, started.attempt ?? 1);
    }
  }
  return counts;
}

describe('a step the database refuses (SQLSTATE class 22)', () => {
  it('R1: a registration whose form the database refuses ends with an incident after one attempt, and the email registers again', async () => {
    const email = uniqueEmail('poison');
    const input = registrationInput(sys, email, { firstName: 'Ан\u0000на' });
    const workflowId = participantWorkflowId(email);
    const view = await sys.temporal.workflow.executeUpdateWithStart(registerUpdate, {
      args: [{ participantId: input.registration.participantId }],
      startWorkflowOperation: new WithStartWorkflowOperation<typeof participantWorkflow>('participantWorkflow', {
        workflowId,
        taskQueue: sys.config.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: ParticipantEmail, value: [email] }],
      }),
    });
    expect(view.stage).toBe('failed');
    expect(await sys.temporal.workflow.getHandle(workflowId).result()).toEqual({
      outcome: 'failed',
      reason: expect.stringContaining('22021'),
    });
    expect(await attempts(workflowId)).toEqual({ recordRegistration: 1, raiseIncident: 1, failRegistration: 1 });

    const [incident] = await incidentsOf(input.registration.participantId);
    expect(incident).toMatchObject({
      kind: 'step_failed',
      subject_type: 'participant',
      step: 'recordRegistration',
      failure_type: 'InvalidInput',
      status: 'open',
      workflow_id: workflowId,
    });
    expect(incident.details).toContain('the email may register again');
    // Staff see it in the console's incident list.
    const listed = await asAdmin(
      'GET',
      `/incidents?filter=${encodeURIComponent(JSON.stringify({ status: 'open' }))}&range=${encodeURIComponent('[0,999]')}`,
    );
    expect(listed.body).toContainEqual(
      expect.objectContaining({ kind: 'step_failed', subject_id: input.registration.participantId, step: 'recordRegistration' }),
    );

    // Nothing was stored, nothing holds the email: a valid registration of it goes through and activates.
    const again = await registerAgent(sys, email);
    expect(again.status).toBe(201);
    expect((await confirm(sys, email)).status).toBe(200);
    await waitForStatus(sys, again.body.participantId, 'active');
  });

  it('R1: a registration that fails after it was stored is marked failed and no longer holds the email', async () => {
    const email = uniqueEmail('poison-later');
    const first = await registerAgent(sys, email);
    expect(first.status).toBe(201);
    const workflowId = participantWorkflowId(email);
    // A staff label the database refuses reaches the confirmation mail's audit entry.
    await sys.temporal.workflow
      .getHandle(workflowId)
      .executeUpdate(resendConfirmationUpdate, { args: [{ staff: { id: randomUUID(), label: 'sup\u0000port' } }] });
    const row = await waitForStatus(sys, first.body.participantId, 'failed');
    expect(row.end_reason).toBe('incident');
    expect(await incidentsRaised(first.body.participantId)).toEqual([
      expect.objectContaining({ step: 'sendConfirmationLink', failure_type: 'InvalidInput' }),
    ]);
    // The first link stopped working with it.
    expect((await confirm(sys, email)).status).not.toBe(200);

    const again = await registerAgent(sys, email);
    expect(again.status).toBe(201);
    expect(again.body.participantId).not.toBe(first.body.participantId);
    expect((await participantRow(sys, again.body.participantId)).status).toBe('pending_confirmation');
  });

  it('an order whose completion the database refuses is cancelled with an incident and its held points come back', async () => {
    const emailOf = await insertActiveParticipants(sys.pool, 1, randomUUID().slice(0, 8));
    const {
      rows: [p],
    } = await sys.pool.query('SELECT id FROM participants WHERE email = $1', [emailOf(1)]);
    await inTransaction(sys.pool, (tx) =>
      postCredits(
        tx,
        [{ participantId: p.id, amount: 800, sourceType: 'adjustment', sourceId: p.id, key: `test:${randomUUID()}`, reason: 'test' }],
        sys.config.program.lotLifetimeMs,
      ),
    );
    const sku = `SKU-${randomUUID().slice(0, 8)}`;
    expect((await asAdmin('POST', '/catalog', { sku, title: 'Кружка', pricePoints: 300, stock: 5 })).status).toBe(201);
    const placed = await sys.call('POST', '/api/orders', { participantId: p.id, sku, quantity: 1 });
    expect(placed.status).toBe(201);
    const held = async () => (await sys.pool.query('SELECT status FROM holds WHERE id = $1', [placed.body.holdId])).rows[0].status;
    const balance = async () => (await participantById(sys.pool, p.id))!.balance;
    expect(await held()).toBe('held');
    expect(await balance()).toBe(500);

    const {
      rows: [order],
    } = await sys.pool.query('SELECT workflow_id FROM orders WHERE id = $1', [placed.body.id]);
    const view = await sys.temporal.workflow
      .getHandle(order.workflow_id)
      .executeUpdate(completeOrderUpdate, { args: [{ by: { type: 'api_client', id: randomUUID(), label: 'sh\u0000op' } }] });
    expect(view).toMatchObject({ status: 'cancelled', endReason: 'incident' });
    expect(await attempts(order.workflow_id)).toMatchObject({ completeOrder: 1, endOrder: 1 });
    expect(await held()).toBe('released');
    expect(await balance()).toBe(800);
    expect(await incidentsOf(placed.body.id)).toEqual([
      expect.objectContaining({
        subject_type: 'order',
        step: 'completeOrder',
        failure_type: 'InvalidInput',
        details: expect.stringContaining('points went back'),
      }),
    ]);
    const check = await asAdmin('GET', '/ledger/invariant');
    expect(check.body).toMatchObject({ holds: true });
  });

  it('a review decision the database refuses is refused with an incident; the task stays open for a reviewer', async () => {
    const { participantId, email } = await registerIntermediary(sys);
    const {
      rows: [task],
    } = await sys.pool.query(`SELECT id FROM review_tasks WHERE participant_id = $1 AND status = 'open'`, [participantId]);
    const handle = sys.temporal.workflow.getHandle(participantWorkflowId(email));
    const refused = await handle
      .executeUpdate(decideReviewUpdate, {
        args: [{ taskId: task.id, decision: 'reject', reason: 'no\u0000pe', staff: { id: randomUUID(), label: 'Reviewer' } }],
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe(StepFailedRefusal);
    expect(await incidentsOf(participantId)).toEqual([
      expect.objectContaining({ step: 'recordReviewDecision', failure_type: 'InvalidInput' }),
    ]);
    expect((await participantRow(sys, participantId)).status).toBe('pending_verification');

    // A person decides again, through the console's API: the registration goes on.
    const decided = await asAdmin('POST', `/reviews/${task.id}/decision`, { decision: 'approve' });
    expect(decided.status).toBeLessThan(300);
    await waitForStatus(sys, participantId, 'active');
  });
});

describe('an address the mail relay refuses for good (SMTP 5xx)', () => {
  let relay: SMTPServer;
  let refusing: TestSystem;

  beforeAll(async () => {
    // A relay that refuses every recipient whose address starts with "refused." for good.
    relay = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onRcptTo(address, _session, callback) {
        if (!address.address.startsWith('refused.')) return callback();
        callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
      },
      onData(stream, _session, callback) {
        stream.on('end', () => callback());
        stream.resume();
      },
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.server.address() as { port: number };
    refusing = await startTestSystem({ SMTP_URL: `smtp://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await refusing?.close();
    await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  });

  it('R1: the registration ends as failed after one attempt, with an incident, and the email is not locked out', async () => {
    const email = uniqueEmail('refused');
    const inn = randomInn();
    await addContract(refusing, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Агентство ${inn}` });
    const form = { firstName: 'Анна', lastName: 'Смирнова', email, agencyInn: inn, contractPath: 'agent' };
    const first = await refusing.call('POST', '/api/registrations', form);
    expect(first.status).toBe(201);
    await waitForStatus(refusing, first.body.participantId, 'failed');
    const [incident] = await incidentsRaised(first.body.participantId, refusing.pool);
    expect(incident).toMatchObject({ step: 'sendConfirmationLink', failure_type: 'AddressRefused' });
    const history = await refusing.temporal.workflow.getHandle(participantWorkflowId(email)).fetchHistory();
    const sendAttempts = history.events!.filter(
      (e) => e.activityTaskStartedEventAttributes && e.activityTaskStartedEventAttributes.attempt! > 1,
    );
    expect(sendAttempts).toEqual([]);

    // Registering again is allowed (the relay refuses it again, but nothing holds the email).
    const again = await refusing.call('POST', '/api/registrations', form);
    expect(again.status).toBe(201);
  });
});

describe('long emails', () => {
  /** A valid address of exactly `length` characters (labels of at most 63 characters). */
  const emailOfLength = (length: number) => {
    const local = `long.${randomUUID().slice(0, 8)}.`.padEnd(64, 'l');
    const domainLength = length - 65;
    const tld = '.example';
    let rest = domainLength - tld.length;
    const labels: string[] = [];
    while (rest > 0) {
      const label = Math.min(61, rest - (rest > 61 ? 1 : 0));
      labels.push('d'.repeat(label));
      rest -= label + (rest > label ? 1 : 0);
    }
    const email = `${local}@${labels.join('.')}${tld}`;
    if (email.length !== length) throw new Error(`built ${email.length} characters, not ${length}`);
    return email;
  };

  it('R1: an email of 254 characters registers, confirms and activates; its workflow id fits, and a second registration is refused', async () => {
    for (const length of [243, 244, 254]) {
      const email = emailOfLength(length);
      const res = await registerAgent(sys, email);
      expect(res.status, `${length} characters`).toBe(201);
      const {
        rows: [row],
      } = await sys.pool.query('SELECT workflow_id FROM participants WHERE id = $1', [res.body.participantId]);
      expect(row.workflow_id).toBe(participantWorkflowId(email));
      expect(Buffer.byteLength(row.workflow_id)).toBeLessThanOrEqual(MAX_WORKFLOW_ID_BYTES);
      expect((await sys.temporal.workflow.getHandle(row.workflow_id).describe()).status.name).toBe('RUNNING');
      // R1: the same address, in another case, joins the same workflow and is refused.
      const twice = await registerAgent(sys, email.toUpperCase());
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('email_already_registered');
      if (length === 254) {
        expect((await confirm(sys, email)).status).toBe(200);
        await waitForStatus(sys, res.body.participantId, 'active');
      }
    }
  });
});
