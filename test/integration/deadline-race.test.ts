/**
 * R3 at the deadline: a person confirming races the confirmation timer. The participant's workflow
 * decides between the two once, in the order it takes them; the answer says which won, and the
 * registration ends that way: confirmed (and active) or expired, never a confirmed address left
 * without its review or activation, never an expiry that keeps the email.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { participantWorkflowId } from '../../workflows/messages/participant.js';
import {
  addContract,
  confirmationToken,
  participantRow,
  randomInn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  type ApiAnswer,
  type TestSystem,
} from '../support/system.js';

const CONFIRMATION_TIMEOUT_MS = 8000;
const PEOPLE = 16;
// Each person confirms at their own deadline plus an offset spread over this range (ms): the early
// ones reach the workflow before its timer, the late ones are refused by the link's expiry, and
// those in between race the timer inside the workflow. The earliest leave the deadline seconds
// away: on a loaded machine registering 30 people and reading their mail takes seconds, and the
// race must still be run both ways.
const EARLIEST = -4500;
const LATEST = 300;

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ CONFIRMATION_TIMEOUT_MS: String(CONFIRMATION_TIMEOUT_MS), WELCOME_POINTS: '100' });
});
afterAll(async () => sys?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

interface Attempt {
  email: string;
  participantId: string;
  offsetMs: number;
  answer: ApiAnswer;
}

it('R3: confirmations sent within a few hundred ms of the deadline, many in parallel, each end confirmed or expired as their answer says; an expired email registers again', async () => {
  const inn = randomInn();
  await addContract(sys, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Дедлайн ${inn}` });
  const fields = (email: string) => ({ firstName: 'Вера', lastName: 'Сроки', email, agencyInn: inn, contractPath: 'agent' });

  const attempts: Attempt[] = await Promise.all(
    Array.from({ length: PEOPLE }, async (_, i): Promise<Attempt> => {
      const email = uniqueEmail('deadline');
      const registered = await sys.call('POST', '/api/registrations', fields(email));
      // 201; or 202 when storing it outlasts the API's wait (a loaded machine): the registration is its Location's.
      expect([201, 202], JSON.stringify(registered.body)).toContain(registered.status);
      const participantId: string = registered.status === 201 ? registered.body.participantId : registered.body.location.split('/').pop();
      const token = await confirmationToken(sys, email);
      // The link's expiry is the workflow's own deadline (it is written from it).
      const {
        rows: [link],
      } = await sys.pool.query<{ deadline: number }>(
        'SELECT (extract(epoch FROM expires_at) * 1000)::float8 AS deadline FROM confirmation_tokens WHERE participant_id = $1',
        [participantId],
      );
      const offsetMs = EARLIEST + ((LATEST - EARLIEST) * i) / (PEOPLE - 1);
      await sleep(link.deadline + offsetMs - Date.now());
      const answer = await sys.call('POST', '/api/confirmations', { token, password: 'correct horse battery' }, { apiKey: null });
      return { email, participantId, offsetMs, answer };
    }),
  );

  const summary = attempts.map(
    (a) => `${Math.round(a.offsetMs)}ms→${a.answer.status}${a.answer.body?.error ? ` ${a.answer.body.error.code}` : ''}`,
  );
  console.log(`[deadline-race] ${summary.join(', ')}`);

  for (const a of attempts) {
    const label = `${a.email} at ${Math.round(a.offsetMs)} ms: ${a.answer.status} ${JSON.stringify(a.answer.body)}`;
    // A registration has ended its race once it is active or expired (nothing else may happen to it).
    const row = await waitFor(async () => {
      const r = await participantRow(sys, a.participantId);
      return r && ['active', 'expired', 'rejected', 'failed'].includes(r.status) ? r : null;
    }, 90_000);
    const handle = sys.temporal.workflow.getHandle(participantWorkflowId(a.email.toLowerCase()));
    if (a.answer.status === 200) {
      expect(row.status, label).toBe('active');
      expect(row.confirmed_at, label).not.toBeNull();
      expect(row.balance, label).toBe(100);
      expect((await handle.describe()).status.name, label).toBe('RUNNING');
    } else {
      expect(a.answer.status, label).toBe(410);
      expect(['registration_expired', 'token_expired'], label).toContain(a.answer.body.error.code);
      expect(row.status, label).toBe('expired');
      expect(row.confirmed_at, label).toBeNull();
      expect(row.balance, label).toBe(0);
      expect(await handle.result(), label).toEqual({ outcome: 'expired' });
    }
  }
  // The race was run both ways.
  expect(attempts.some((a) => a.answer.status === 200)).toBe(true);
  expect(attempts.some((a) => a.answer.status === 410)).toBe(true);

  // Nothing half-done: no confirmed address is left waiting, no review task was opened for it.
  const ids = attempts.map((a) => a.participantId);
  const { rows: stuck } = await sys.pool.query(
    `SELECT id, status FROM participants WHERE id = ANY($1::uuid[]) AND status IN ('pending_confirmation', 'pending_verification')`,
    [ids],
  );
  expect(stuck).toEqual([]);
  const { rows: tasks } = await sys.pool.query('SELECT count(*)::int AS n FROM review_tasks WHERE participant_id = ANY($1::uuid[])', [ids]);
  expect(tasks[0].n).toBe(0);

  // An expired email is free again (R3): a new registration starts, not a 409.
  for (const a of attempts.filter((x) => x.answer.status === 410).slice(0, 3)) {
    const again = await sys.call('POST', '/api/registrations', fields(a.email));
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.participantId).not.toBe(a.participantId);
  }
}, 240_000);
