/** Helpers of the earning tests: active participants, events, reports, the ledger. */
import { registerActiveAgent, waitFor, type ApiAnswer, type TestSystem } from './system.js';

/** A participant registered, confirmed and verified through the API: active with the welcome points. */
export const activeParticipant = (sys: TestSystem, tag = 'agent') => registerActiveAgent(sys, { firstName: 'Анна', lastName: 'Смирнова', tag });

/** A webinar (destination by default) whose broadcast starts `startInMs` from now and lasts `durationMs`. */
export async function createWebinar(
  sys: TestSystem,
  opts: { kind?: string; points?: number; passMark?: number; startInMs?: number; durationMs?: number } = {},
): Promise<{ id: string; ends_at: string; window_closes_at: string }> {
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
export async function sendAttendance(sys: TestSystem, eventId: string, rows: Array<{ email: string; minutes: number; attendance?: 'live' | 'recording' }>): Promise<ApiAnswer> {
  return sys.call('POST', `/api/events/${eventId}/attendance`, { rows });
}

export async function untilEnded(event: { ends_at: string }): Promise<void> {
  const wait = Date.parse(event.ends_at) - Date.now() + 50;
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

export async function waitForEventStatus(sys: TestSystem, eventId: string, status: string, timeoutMs = 60_000) {
  return waitFor(async () => {
    const { rows } = await sys.pool.query('SELECT * FROM events WHERE id = $1', [eventId]);
    return rows[0]?.crediting_status === status ? rows[0] : null;
  }, timeoutMs);
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
  const { rows } = await sys.pool.query('SELECT credited, reason FROM event_outcomes WHERE event_id = $1 AND email_normalized = $2', [eventId, email.toLowerCase()]);
  return rows[0];
}
