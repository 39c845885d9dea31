/**
 * R28: the program has no end date. Nothing in the system ends it: an active participant's workflow
 * stays open with no timer that would close it, and it keeps serving messages; no term sets an end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { termKeys } from '../../rules/terms.js';
import { participantQuery, participantWorkflowId } from '../../workflows/messages/participant.js';
import { activeParticipant } from '../support/earning.js';
import { startTestSystem, waitFor, type TestSystem } from '../support/system.js';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.close();
});

describe('the program term', () => {
  it('R28: an active participant stays in the program with no end: its workflow runs with no pending timer, and no term is an end date', async () => {
    const { email } = await activeParticipant(sys);
    const handle = sys.temporal.workflow.getHandle(participantWorkflowId(email.toLowerCase()));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    // The database says active once the activation is stored; the workflow says so a task later.
    const stage = await waitFor(async () => {
      const { stage } = await handle.query(participantQuery);
      return stage === 'active' && stage;
    }, 30_000);
    expect(stage).toBe('active');

    const events = (await handle.fetchHistory()).events ?? [];
    const started = events.filter((e) => e.timerStartedEventAttributes).map((e) => String(e.eventId));
    const ended = new Set(
      events.flatMap((e) => {
        const done = e.timerFiredEventAttributes ?? e.timerCanceledEventAttributes;
        return done ? [String(done.startedEventId)] : [];
      }),
    );
    expect(started.filter((id) => !ended.has(id))).toEqual([]);
    expect(termKeys.filter((key) => /end|close|until/i.test(key))).toEqual([]);
  });
});
