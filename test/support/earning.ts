/** Helpers of the earning tests: active participants, events, reports, the ledger. */
import { randomUUID } from 'node:crypto';
import { eventWorkflowId } from '../../workflows/messages/event-crediting.js';
import { insertActiveParticipants } from '../../db/participants.js';
import { registerActiveAgent, waitFor, type ApiAnswer, type TestSystem } from './system.js';

/** A participant registered, confirmed and verified through the API: active with the welcome points. */
export const activeParticipant = (sys: TestSystem, tag = 'agent') =>
  registerActiveAgent(sys, { firstName: 'Анна', lastName: 'Смирнова', tag });

/**
 * An active participant written straight to the database: registered an hour ago, no points, no
 * participant workflow. The fixture for tests about what follows enrolment (attendance, crediting,
 * claims, expiry) that read neither the welcome points nor the workflow: a tenth of the cost of
 * `activeParticipant`, which runs the whole registration.
 */
export async function enrolledParticipant(sys: TestSystem, tag = 'agent'): Promise<{ participantId: string; email: string }> {
  const email = (await insertActiveParticipants(sys.pool, 1, `${tag}-${randomUUID().slice(0, 8)}`))(1);
  const { rows } = await sys.pool.query<{ id: string }>('SELECT id FROM participants WHERE email = $1', [email]);
  return { participantId: rows[0].id, email };
}

/** A webinar (destination by default) whose broadcast starts `startInMs` from now and lasts `durationMs`. */
export async function createWebinar(
  sys: TestSystem,
  opts: { kind?: string; points?: number; passMark?: number; startInMs?: number; durationMs?: number } = {},
): Promise<{ id: string; endsAt: string; windowClosesAt: string }> {
  const startsAt = Date.now() + (opts.startInMs ?? 300);
  const res = await sys.call('POST', '/api/events', {
    kind: opts.kind ?? 'destination_webinar',
    title: `Вебинар ${startsAt}`,
    points: opts.points ?? 50,
    startsAt: new Date(startsAt).toISOString(),
    endsAt: new Date(startsAt + (opts.durationMs ?? 300)).toISOString(),
    ...(opts.passMark === undefined ? {} : { passMark: opts.passMark }),
  });
  if (res.status !== 201) throw new Error(`event creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Sends an attendance report once the broadcast has ended (reports before the end are refused). */
export async function sendAttendance(
  sys: TestSystem,
  eventId: string,
  rows: Array<{ email: string; minutes: number; attendance?: 'live' | 'recording' }>,
): Promise<ApiAnswer> {
  return sys.call('POST', `/api/events/${eventId}/attendance`, { rows });
}

export async function untilEnded(event: { endsAt: string }): Promise<void> {
  const wait = Date.parse(event.endsAt) - Date.now() + 50;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

export async function waitForEventStatus(sys: TestSystem, eventId: string, status: string, timeoutMs = 120_000) {
  let last: unknown;
  return waitFor(async () => {
    const { rows } = await sys.pool.query('SELECT * FROM events WHERE id = $1', [eventId]);
    last = rows[0]?.crediting_status;
    return last === status ? rows[0] : null;
  }, timeoutMs).catch(async (err: Error) => {
    // Where its workflow stands, for the failure's message.
    const run = await sys.temporal.workflow
      .getHandle(eventWorkflowId(eventId))
      .describe()
      .then(
        (d) => `workflow ${d.status.name}, ${d.historyLength} events, ${d.raw.pendingActivities?.length ?? 0} pending activities`,
        (e: Error) => `workflow: ${e.message}`,
      );
    throw new Error(`event ${eventId} is ${String(last)}, not ${status} (${run}): ${err.message}`);
  });
}

/** The event's ledger entries for a participant (R12: never more than one). */
export async function eventCredits(sys: TestSystem, eventId: string, participantId: string) {
  const { rows } = await sys.pool.query(
    'SELECT amount, source_type, claim_id FROM ledger_entries WHERE participant_id = $1 AND source_id = $2',
    [participantId, eventId],
  );
  return rows;
}

export async function outcome(sys: TestSystem, eventId: string, email: string) {
  const { rows } = await sys.pool.query('SELECT credited, reason FROM event_outcomes WHERE event_id = $1 AND email_normalized = $2', [
    eventId,
    email.toLowerCase(),
  ]);
  return rows[0];
}
