/**
 * Earning points, through the API, on the real Temporal server and PostgreSQL: events (R9), the
 * crediting window (R11) with its reports and corrections, who earns (R8, R10), once (R12),
 * unmatched emails (R13), incidents, and claims (A4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../db/audit.js';
import { listEvents } from '../../db/events.js';
import { entriesFromSource } from '../../db/ledger-reads.js';
import type { ListQuery } from '../../db/list-query.js';
import { listReports } from '../../db/reports.js';
import { creditingQuery, eventWorkflowId } from '../../workflows/messages/event-crediting.js';
import {
  activeParticipant,
  createWebinar,
  enrolledParticipant,
  eventCredits,
  outcome,
  sendAttendance,
  untilEnded,
  waitForEventStatus,
} from '../support/earning.js';
import { createStaff, signIn, startTestSystem, uniqueEmail, waitFor, type TestSystem } from '../support/system.js';

// After the first describe (which counts every event), the tests run concurrently: each has its own
// participants and events. The window is long enough to send every report after the broadcast even on
// a busy machine; the tests wait for it side by side.
const WINDOW_MS = 10_000;
let sys: TestSystem;
/**
 * The same database and mail with a claim deadline short enough to wait for (A4). Claims that a
 * test decides are opened on `sys`, whose deadline (the default) no slow moment can reach.
 */
let quick: TestSystem;
let support: string;

beforeAll(async () => {
  const earning = { CREDITING_WINDOW_MS: String(WINDOW_MS), MIN_LIVE_MINUTES: '60', CREDIT_BATCH_SIZE: '2' };
  [sys, quick] = await Promise.all([startTestSystem(earning), startTestSystem({ ...earning, CLAIM_DEADLINE_MS: '2000' })]);
  support = await signIn(sys, await createStaff(sys, 'support'));
});
afterAll(async () => {
  await quick?.close();
  await sys?.close();
});

/** Every row of a list, oldest first (the lists' owners in db/ read the tables). */
const everything = (filter: Record<string, unknown> = {}): ListQuery => ({
  orderBy: 'id',
  direction: 'ASC',
  offset: 0,
  limit: 1000,
  filter,
});

const staff = (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: support });

describe('events', () => {
  it("R9: point values outside the kind's range, a missing pass mark and an end before the start are refused, naming the field", async () => {
    const base = { title: 'Турция', startsAt: '2026-12-01T10:00:00Z', endsAt: '2026-12-01T12:00:00Z' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, kind: 'destination_webinar', points: 80 }, 'points'],
      [{ ...base, kind: 'destination_webinar', points: 20 }, 'points'],
      [{ ...base, kind: 'website_webinar', points: 40 }, 'points'],
      [{ ...base, kind: 'marathon_webinar', points: 50 }, 'passMark'],
      [{ ...base, kind: 'destination_webinar', points: 50, endsAt: '2026-12-01T09:00:00Z' }, 'endsAt'],
      [{ ...base, kind: 'masterclass', points: 50 }, 'kind'],
    ];
    const events = async () => (await listEvents(sys.pool, everything())).total;
    const before = await events();
    for (const [body, field] of cases) {
      const res = await sys.call('POST', '/api/events', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field).toBe(field);
    }
    expect(await events()).toBe(before);
    const ok = await sys.call('POST', '/api/events', { ...base, kind: 'website_webinar', points: 30 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ kind: 'website_webinar', points: 30, creditingStatus: 'scheduled' });
  });

  it('R11: a report for an unknown event, before the broadcast ends, or malformed, is refused and stores nothing', async () => {
    const unknown = await sendAttendance(sys, '00000000-0000-4000-8000-000000000000', [{ email: 'a@b.example', minutes: 70 }]);
    expect(unknown.status).toBe(404);
    const event = await createWebinar(sys, { startInMs: 60_000 });
    const early = await sendAttendance(sys, event.id, [{ email: 'a@b.example', minutes: 70 }]);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('broadcast_not_ended');
    const bad = await sys.call('POST', `/api/events/${event.id}/attendance`, {
      rows: [
        { email: 'a@b.example', minutes: 70 },
        { email: 'nope', minutes: -1 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('rows.1.email');
    const misnamed = await sys.call('POST', `/api/events/${event.id}/attendance`, { attendees: [{ email: 'a@b.example', minutes: 70 }] });
    expect(misnamed.status).toBe(400);
    expect(misnamed.body.error.issues).toEqual([
      { field: 'rows', message: 'is required' },
      { field: 'attendees', message: 'is not a field of this request' },
    ]);
    expect((await listReports(sys.pool, everything({ event_id: event.id }))).total).toBe(0);
  });

  it('R11: a report of tens of thousands of attendees (over the 1 MB of other bodies) is read and judged, not refused as too large', async () => {
    const event = await createWebinar(sys, { startInMs: 60_000 });
    const rows = Array.from({ length: 30_000 }, (_, i) => ({ email: `attendee-${String(i).padStart(6, '0')}@bulk.example`, minutes: 75 }));
    expect(JSON.stringify({ rows }).length).toBeGreaterThan(1024 * 1024);
    const early = await sendAttendance(sys, event.id, rows);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('broadcast_not_ended');
  });
});

describe.concurrent('the crediting window', () => {
  it('R12: the same report imported three times and a correction during the window credit once, with the corrected figures', async () => {
    const anna = await enrolledParticipant(sys);
    const boris = await enrolledParticipant(sys);
    const event = await createWebinar(sys, { points: 50 });
    await untilEnded(event);
    const report = [
      { email: anna.email, minutes: 70 },
      { email: boris.email, minutes: 40 },
    ];
    for (let i = 0; i < 3; i++) expect((await sendAttendance(sys, event.id, report)).status).toBe(201);
    // The correction: Boris's second segment was missing; together 40 + 25 minutes.
    expect((await sendAttendance(sys, event.id, [...report, { email: boris.email.toUpperCase(), minutes: 25 }])).status).toBe(201);

    const handle = sys.temporal.workflow.getHandle(eventWorkflowId(event.id));
    const preview = await waitFor(async () => {
      const view = await handle.query(creditingQuery);
      return view.preview?.eligible === 2 ? view : null;
    });
    expect(preview).toMatchObject({ stage: 'open', preview: { reported: 2, eligible: 2, points: 100 } });

    const closed = await waitForEventStatus(sys, event.id, 'closed');
    expect(closed.credited_count).toBe(2);
    expect(await eventCredits(sys, event.id, anna.participantId)).toEqual([{ amount: 50, source_type: 'webinar', claim_id: null }]);
    expect(await eventCredits(sys, event.id, boris.participantId)).toEqual([{ amount: 50, source_type: 'webinar', claim_id: null }]);
    const reports = (await listReports(sys.pool, everything({ event_id: event.id }))).rows.map((r) => String(r.status));
    const statuses = [...new Set(reports)].sort().map((status) => ({ status, n: reports.filter((s) => s === status).length }));
    expect(statuses).toEqual([
      { status: 'confirmed', n: 1 },
      { status: 'superseded', n: 3 },
    ]);
  });

  it('R10: a recording earns nothing and live presence under the minimum earns nothing', async () => {
    const live = await enrolledParticipant(sys);
    const recording = await enrolledParticipant(sys);
    const short = await enrolledParticipant(sys);
    const event = await createWebinar(sys);
    await untilEnded(event);
    await sendAttendance(sys, event.id, [
      { email: live.email, minutes: 60 },
      { email: recording.email, minutes: 120, attendance: 'recording' },
      { email: short.email, minutes: 59 },
    ]);
    await waitForEventStatus(sys, event.id, 'closed');
    expect(await eventCredits(sys, event.id, live.participantId)).toHaveLength(1);
    expect(await eventCredits(sys, event.id, recording.participantId)).toEqual([]);
    expect(await eventCredits(sys, event.id, short.participantId)).toEqual([]);
    expect(await outcome(sys, event.id, recording.email)).toEqual({ credited: false, reason: 'recording_only' });
    expect(await outcome(sys, event.id, short.email)).toEqual({ credited: false, reason: 'below_minimum' });
  });

  it('R8: an event that started before the participant registered earns nothing', async () => {
    // The broadcast starts, then the participant registers: the event is announced with that start once
    // the registration is done, so a slow registration cannot run past the crediting window.
    const startedAt = Date.now();
    await new Promise((r) => setTimeout(r, 50));
    const late = await activeParticipant(sys, 'late');
    const event = await createWebinar(sys, { startInMs: startedAt - Date.now(), durationMs: Date.now() - startedAt + 300 });
    await untilEnded(event);
    expect((await sendAttendance(sys, event.id, [{ email: late.email, minutes: 90 }])).status).toBe(201);
    await waitForEventStatus(sys, event.id, 'closed');
    expect(await eventCredits(sys, event.id, late.participantId)).toEqual([]);
    expect(await outcome(sys, event.id, late.email)).toEqual({ credited: false, reason: 'registered_after_start' });
  });

  it('R13: attendance by an unknown email is recorded as unmatched, visible to staff, and credits nobody', async () => {
    const known = await enrolledParticipant(sys);
    const stranger = uniqueEmail('stranger');
    const event = await createWebinar(sys);
    await untilEnded(event);
    await sendAttendance(sys, event.id, [
      { email: known.email, minutes: 70 },
      { email: stranger, minutes: 90 },
    ]);
    await waitForEventStatus(sys, event.id, 'closed');
    const unmatched = await staff(
      'GET',
      `/outcomes?filter=${encodeURIComponent(JSON.stringify({ event_id: event.id, reason: 'not_a_participant' }))}`,
    );
    expect(unmatched.body.map((o: { email_normalized: string }) => o.email_normalized)).toEqual([stranger]);
    expect(await entriesFromSource(sys.pool, event.id)).toBe(1);
    // The stored status is written by the workflow's last activity; the window (the workflow's own view)
    // follows at its next task, a moment later.
    const shown = await waitFor(async () => {
      const res = await staff('GET', `/events/${event.id}`);
      return res.body.window?.stage === 'closed' ? res : null;
    });
    expect(shown.body).toMatchObject({ unmatched_count: 1, credited_count: 1, window: { stage: 'closed', credited: 1 } });
  });

  it('R11: a report after the window closed is refused and points to a claim; a window with no report raises an incident staff resolve', async () => {
    const event = await createWebinar(sys);
    const closed = await waitForEventStatus(sys, event.id, 'closed');
    expect(closed.credited_count).toBe(0);
    const late = await sendAttendance(sys, event.id, [{ email: 'someone@agency.example', minutes: 70 }]);
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({ code: 'crediting_window_closed', claimsUrl: '/api/claims' });

    const list = await staff('GET', `/incidents?filter=${encodeURIComponent(JSON.stringify({ event_id: event.id }))}`);
    expect(list.body).toEqual([expect.objectContaining({ kind: 'no_attendance_report', status: 'open' })]);
    const incident = list.body[0];
    expect((await staff('POST', `/incidents/${incident.id}/resolve`, {})).body.error.field).toBe('resolution');
    const resolved = await staff('POST', `/incidents/${incident.id}/resolve`, {
      resolution: 'The platform lost the report; claims will follow',
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'The platform lost the report; claims will follow' });
    expect((await staff('POST', `/incidents/${incident.id}/resolve`, { resolution: 'again' })).status).toBe(409);
    const audit = await listAudit(sys.pool, everything({ subject_id: incident.id }));
    expect(audit.rows.map(({ action }) => ({ action }))).toEqual([{ action: 'incident.resolve' }]);
  });

  it('R9: a marathon webinar earns only with a passed test; a course earns for completions after registration and designation', async () => {
    const passed = await enrolledParticipant(sys);
    const failed = await enrolledParticipant(sys);
    const marathon = await createWebinar(sys, { kind: 'marathon_webinar', points: 60, passMark: 70 });
    await untilEnded(marathon);
    await sendAttendance(sys, marathon.id, [
      { email: passed.email, minutes: 75 },
      { email: failed.email, minutes: 75 },
    ]);
    const tests = await sys.call('POST', `/api/events/${marathon.id}/test-results`, {
      rows: [
        { email: passed.email, score: 70 },
        { email: failed.email, score: 69.5 },
      ],
    });
    expect(tests.status).toBe(201);
    await waitForEventStatus(sys, marathon.id, 'closed');
    expect(await eventCredits(sys, marathon.id, passed.participantId)).toEqual([{ amount: 60, source_type: 'test', claim_id: null }]);
    expect(await outcome(sys, marathon.id, failed.email)).toEqual({ credited: false, reason: 'test_not_passed' });

    const designatedAt = new Date(Date.now() - 3_600_000);
    const course = await sys.call('POST', '/api/events', {
      kind: 'course',
      title: 'Курс: продажи Турции',
      points: 120,
      startsAt: designatedAt.toISOString(),
    });
    expect(course.status).toBe(201);
    const completions = await sys.call('POST', `/api/events/${course.body.id}/course-completions`, {
      rows: [
        { email: passed.email, completedAt: new Date().toISOString() },
        { email: failed.email, completedAt: new Date(Date.now() - 86_400_000).toISOString() },
      ],
    });
    expect(completions.status).toBe(201);
    // The two rows are credited in batches of their own (each its own transaction): wait for both.
    await waitFor(async () => (await eventCredits(sys, course.body.id, passed.participantId)).length > 0);
    await waitFor(() => outcome(sys, course.body.id, failed.email));
    expect(await eventCredits(sys, course.body.id, passed.participantId)).toEqual([{ amount: 120, source_type: 'course', claim_id: null }]);
    expect(await outcome(sys, course.body.id, failed.email)).toEqual({ credited: false, reason: 'completed_before_registration' });
  });
});

describe.concurrent('claims', () => {
  it('A4: a claim shows the reviewer the evidence; an approval credits once, a second decision is refused, a credited event cannot be claimed', async () => {
    const credited = await enrolledParticipant(sys);
    const missed = await activeParticipant(sys);
    const event = await createWebinar(sys, { points: 40 });
    const early = await sys.call('POST', '/api/claims', { email: missed.email, eventId: event.id, statement: 'I was there' });
    expect(early.body.error.code).toBe('crediting_window_open');
    await untilEnded(event);
    await sendAttendance(sys, event.id, [
      { email: credited.email, minutes: 70 },
      { email: missed.email, minutes: 45 },
    ]);
    await waitForEventStatus(sys, event.id, 'closed');

    const refused = await sys.call('POST', '/api/claims', { email: credited.email, eventId: event.id, statement: 'Again please' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('already_credited');

    const claim = await sys.call('POST', '/api/claims', {
      email: missed.email,
      eventId: event.id,
      statement: 'My connection dropped; I watched live for 70 minutes',
    });
    expect(claim.status).toBe(201);
    expect((await sys.call('POST', '/api/claims', { email: missed.email, eventId: event.id, statement: 'twice' })).body.error.code).toBe(
      'claim_already_open',
    );

    const shown = await staff('GET', `/claims/${claim.body.id}`);
    expect(shown.body).toMatchObject({ status: 'open', outcome: { credited: false, reason: 'below_minimum', live_minutes: 45 } });
    expect(shown.body.evidence).toEqual([expect.objectContaining({ kind: 'attendance', live_minutes: 45 })]);

    expect((await staff('POST', `/claims/${claim.body.id}/decision`, { decision: 'reject' })).body.error.field).toBe('reason');
    const [first, second] = await Promise.all([
      staff('POST', `/claims/${claim.body.id}/decision`, { decision: 'approve' }),
      staff('POST', `/claims/${claim.body.id}/decision`, { decision: 'approve' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect((await staff('POST', `/claims/${claim.body.id}/decision`, { decision: 'reject', reason: 'late' })).status).toBe(409);
    expect(await eventCredits(sys, event.id, missed.participantId)).toEqual([
      { amount: 40, source_type: 'webinar', claim_id: claim.body.id },
    ]);
    const audit = await listAudit(sys.pool, everything({ subject_id: claim.body.id }));
    expect(audit.rows.map(({ action, actor_type }) => ({ action, actor_type }))).toEqual([
      { action: 'claim.open', actor_type: 'api_client' },
      { action: 'claim.approve', actor_type: 'staff' },
    ]);
    // Whose claim it is, found through the claim (the audit entry names the claim only).
    expect(audit.rows.map((r) => r.participant_id)).toEqual([missed.participantId, missed.participantId]);

    const ledger = await sys.call('GET', `/api/registrations/${missed.participantId}/ledger`);
    expect(ledger.body.balance).toBe(140);
    expect(ledger.body.entries.map((e: { sourceType: string }) => e.sourceType)).toEqual(['webinar', 'welcome']);
  });

  it('A4: a claim nobody decides before its deadline closes as expired and credits nothing', async () => {
    const missed = await enrolledParticipant(sys);
    const event = await createWebinar(sys);
    await waitForEventStatus(sys, event.id, 'closed');
    const claim = await quick.call(
      'POST',
      '/admin/api/claims',
      { participantId: missed.participantId, eventId: event.id, statement: 'Support files it by phone' },
      { apiKey: null, token: support },
    );
    expect(claim.status).toBe(201);
    await waitFor(async () => (await staff('GET', `/claims/${claim.body.id}`)).body.status === 'expired', 30_000);
    expect(await eventCredits(sys, event.id, missed.participantId)).toEqual([]);
    expect((await staff('POST', `/claims/${claim.body.id}/decision`, { decision: 'approve' })).status).toBe(409);
  });
});

describe.concurrent('uploaded reports', () => {
  /** Windows-1251 bytes of a text (Cyrillic and ASCII only). */
  const cp1251 = (text: string) =>
    Buffer.from(
      [...text].map((ch) => {
        const code = ch.codePointAt(0)!;
        if (code < 0x80) return code;
        if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
        if (code === 0x401) return 0xa8;
        if (code === 0x451) return 0xb8;
        throw new Error(`no cp1251 byte for ${ch}`);
      }),
    );
  const upload = (eventId: string, kind: string, content: Buffer, filename = 'report.csv') => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', new Blob([new Uint8Array(content)], { type: 'text/csv' }), filename);
    return staff('POST', `/events/${eventId}/reports`, form);
  };

  it('R10: a Zoom export in Windows-1251 shows a preview with per-row errors; segments add up; nothing counts until staff confirm', async () => {
    const anna = await enrolledParticipant(sys);
    const event = await createWebinar(sys, { points: 45 });
    await untilEnded(event);
    const zoom = [
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
      `Анна Смирнова,${anna.email},11/21/2026 10:00:00 AM,11/21/2026 10:40:00 AM,40,No`,
      `Анна Смирнова,${anna.email.toUpperCase()},11/21/2026 10:45:00 AM,11/21/2026 11:10:00 AM,25,No`,
      'Гость Без Почты,не-почта,11/21/2026 10:00:00 AM,11/21/2026 11:30:00 AM,90,Yes',
    ].join('\r\n');
    const preview = await upload(event.id, 'attendance', cp1251(zoom), 'участники.csv');
    expect(preview.status).toBe(201);
    expect(preview.body).toMatchObject({
      status: 'preview',
      format: 'zoom',
      filename: 'участники.csv',
      line_count: 1,
      row_count: 3,
      error_count: 1,
    });
    expect(preview.body.errors[0]).toMatchObject({ row: 4, field: 'User Email' });
    const shown = await staff('GET', `/reports/${preview.body.id}`);
    expect(shown.body.lines).toEqual([expect.objectContaining({ email: anna.email, live_minutes: 65 })]);

    const handle = sys.temporal.workflow.getHandle(eventWorkflowId(event.id));
    expect((await handle.query(creditingQuery)).preview).toBeNull();
    const confirmed = await staff('POST', `/reports/${preview.body.id}/confirm`);
    expect(confirmed.body.status).toBe('confirmed');
    expect((await staff('POST', `/reports/${preview.body.id}/confirm`)).status).toBe(409);
    await waitForEventStatus(sys, event.id, 'closed');
    expect(await eventCredits(sys, event.id, anna.participantId)).toEqual([{ amount: 45, source_type: 'webinar', claim_id: null }]);
  });

  it('R11: an empty file, unknown columns, a binary file or one too large is refused naming the problem; nothing is stored', async () => {
    const event = await createWebinar(sys);
    await untilEnded(event);
    const empty = await upload(event.id, 'attendance', Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.body.error.errors[0]).toMatchObject({ row: 1, field: 'file' });
    const unknown = await upload(event.id, 'attendance', Buffer.from('email,minutes,shoe_size\na@b.example,70,42\n'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.errors[0]).toMatchObject({ row: 1, field: 'header' });
    const binary = await upload(
      event.id,
      'attendance',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'photo.png',
    );
    expect(binary.status).toBe(400);
    const tooLarge = await upload(event.id, 'attendance', Buffer.alloc(sys.config.maxUploadBytes + 1, 'a'));
    expect(tooLarge.status).toBe(413);
    const wrongKind = await upload(event.id, 'course_completions', Buffer.from('email,completed_at\na@b.example,2026-11-21T10:00:00Z\n'));
    expect(wrongKind.status).toBe(409);
    expect((await upload(event.id, 'minutes', Buffer.from('x'))).body.error.field).toBe('kind');
    expect((await listReports(sys.pool, everything({ event_id: event.id }))).total).toBe(0);
  });
});
