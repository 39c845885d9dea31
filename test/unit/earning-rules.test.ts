/**
 * Earning rules without a database: event point rules (R9), attendance exports (R10),
 * test results and course completions, and who is credited (R8, R9, R10).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeAttendance, readAttendanceCsv } from '../../rules/attendance-report.js';
import { courseVerdict, creditVerdict, INELIGIBILITY_LABELS, type CreditCandidate, type CreditedEvent } from '../../rules/crediting.js';
import { eventProblems, type EventDraft } from '../../rules/events.js';
import { readCourseCompletionsCsv, readTestResultsCsv } from '../../rules/results-csv.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
/** Windows-1251 for ASCII and the Russian alphabet, enough for test files. */
const cp1251 = (text: string) =>
  new Uint8Array(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0; // А..я
      if (ch === 'Ё') return 0xa8;
      if (ch === 'ё') return 0xb8;
      throw new Error(`no cp1251 byte for ${ch}`);
    }),
  );
const at = (iso: string) => new Date(iso);

describe('event kinds and points', () => {
  const webinar = (e: Partial<EventDraft>): EventDraft => ({
    kind: 'destination_webinar',
    title: 'Altai in winter',
    points: 50,
    startsAt: at('2026-11-21T10:00:00Z'),
    endsAt: at('2026-11-21T12:00:00Z'),
    passMark: null,
    ...e,
  });

  it('R9: a destination webinar outside 30–70 points is refused', () => {
    expect(eventProblems(webinar({}))).toEqual([]);
    expect(eventProblems(webinar({ points: 30 }))).toEqual([]);
    expect(eventProblems(webinar({ points: 70 }))).toEqual([]);
    expect(eventProblems(webinar({ points: 29 }))).toEqual([
      { field: 'points', message: 'must be between 30 and 70 for a destination webinar' },
    ]);
    expect(eventProblems(webinar({ points: 71 }))).toEqual([
      { field: 'points', message: 'must be between 30 and 70 for a destination webinar' },
    ]);
    expect(eventProblems(webinar({ points: 45.5 }))).toEqual([{ field: 'points', message: 'must be a whole number' }]);
  });

  it('R9: a website webinar is worth exactly 30 points', () => {
    expect(eventProblems(webinar({ kind: 'website_webinar', points: 30 }))).toEqual([]);
    expect(eventProblems(webinar({ kind: 'website_webinar', points: 40 }))).toEqual([
      { field: 'points', message: 'must be 30 for a website webinar' },
    ]);
  });

  it('R9: a marathon webinar needs 30–70 points and a pass mark; other kinds have no test', () => {
    expect(eventProblems(webinar({ kind: 'marathon_webinar', passMark: 80 }))).toEqual([]);
    expect(eventProblems(webinar({ kind: 'marathon_webinar', points: 80, passMark: null }))).toEqual([
      { field: 'points', message: 'must be between 30 and 70 for a marathon webinar' },
      { field: 'passMark', message: 'is required for a marathon webinar' },
    ]);
    expect(eventProblems(webinar({ kind: 'marathon_webinar', passMark: 101 }))).toEqual([
      { field: 'passMark', message: 'must be between 0 and 100' },
    ]);
    expect(eventProblems(webinar({ passMark: 70 }))).toEqual([
      { field: 'passMark', message: 'must be empty: a destination webinar has no test' },
    ]);
  });

  it('R9: a webinar needs a broadcast that ends after it starts', () => {
    expect(eventProblems(webinar({ endsAt: at('2026-11-21T10:00:00Z') }))).toEqual([
      { field: 'endsAt', message: 'must be after startsAt' },
    ]);
    expect(eventProblems(webinar({ startsAt: null, endsAt: null }))).toEqual([
      { field: 'startsAt', message: 'is required' },
      { field: 'endsAt', message: 'is required' },
    ]);
  });

  it('R9: a course has its own points, a designation instant and no broadcast', () => {
    const course = webinar({ kind: 'course', points: 500, endsAt: null });
    expect(eventProblems(course)).toEqual([]);
    expect(eventProblems({ ...course, points: 0 })).toEqual([{ field: 'points', message: 'must be between 1 and 10000 for a course' }]);
    expect(eventProblems({ ...course, points: 10_001 })).toEqual([
      { field: 'points', message: 'must be between 1 and 10000 for a course' },
    ]);
    expect(eventProblems({ ...course, startsAt: null, endsAt: at('2026-12-01T00:00:00Z') }).map((p) => p.field)).toEqual([
      'startsAt',
      'endsAt',
    ]);
  });
});

describe('attendance exports', () => {
  it('R10: a Zoom report in Windows-1251 adds up one person’s join/leave segments', () => {
    const file = cp1251(
      [
        'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Disclaimer Response,In Waiting Room',
        'Анна Смирнова,anna@agency.example,11/21/2026 09:58:10 AM,11/21/2026 10:40:10 AM,42,No,OK,No',
        'Анна Смирнова (Телефон),Anna@Agency.example,11/21/2026 10:45:00 AM,11/21/2026 11:05:00 AM,20,No,OK,No',
        'Анна Смирнова,anna@agency.example,11/21/2026 11:10:00 AM,11/21/2026 12:00:00 PM,,No,OK,No',
        'Пётр Ёлкин,пётр@турагентство.рф,11/21/2026 10:00:00 AM,11/21/2026 10:30:00 AM,30,No,OK,No',
        'Пётр Ёлкин,пётр@турагентство.рф,11/21/2026 09:50:00 AM,11/21/2026 10:00:00 AM,10,No,OK,Yes',
        'Гость,,11/21/2026 10:00:00 AM,11/21/2026 11:30:00 AM,90,Yes,OK,No',
      ].join('\r\n'),
    );
    const report = readAttendanceCsv(file);
    expect(report.format).toBe('zoom');
    expect(report.totalRows).toBe(6);
    expect(report.lines).toEqual([
      {
        email: 'anna@agency.example',
        emailNormalized: 'anna@agency.example',
        liveMinutes: 42 + 20 + 50,
        recordingMinutes: 0,
        rows: [2, 3, 4],
      },
      // Decoded from Windows-1251; the waiting-room segment on line 6 is not presence.
      { email: 'пётр@турагентство.рф', emailNormalized: 'пётр@турагентство.рф', liveMinutes: 30, recordingMinutes: 0, rows: [5] },
    ]);
    expect(report.errors).toEqual([{ row: 7, field: 'User Email', code: 'required', message: 'is required' }]);
  });

  it('R10: a Zoom export with meeting data skips the meeting summary (the host is not an attendee)', () => {
    const file = utf8(
      [
        'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants',
        '812 3456 7890,Altai in winter,2026-11-21 10:00:00,2026-11-21 12:00:00,host@operator.example,120,2',
        '',
        'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
        'Anna,anna@agency.example,2026-11-21 10:00:00,2026-11-21 11:15:00,75,No',
      ].join('\n'),
    );
    const report = readAttendanceCsv(file);
    expect(report.lines.map((l) => [l.email, l.liveMinutes, l.rows])).toEqual([['anna@agency.example', 75, [5]]]);
    expect(report.errors).toEqual([]);
  });

  it('R10: a plain UTF-8 file with a BOM and semicolons separates live from recording minutes', () => {
    const file = withBom(
      [
        'Email;Minutes;Attendance',
        'anna@agency.example;45;live',
        'ANNA@agency.example ;30,5;',
        'anna@agency.example;90;recording',
        'ivan@agency.example;120;Recording',
        '',
      ].join('\r\n'),
    );
    const report = readAttendanceCsv(file);
    expect(report).toEqual({
      format: 'plain',
      totalRows: 4,
      errors: [],
      lines: [
        { email: 'anna@agency.example', emailNormalized: 'anna@agency.example', liveMinutes: 76, recordingMinutes: 90, rows: [2, 3, 4] },
        { email: 'ivan@agency.example', emailNormalized: 'ivan@agency.example', liveMinutes: 0, recordingMinutes: 120, rows: [5] },
      ],
    });
  });

  it('R10: rows with errors name their line and field and are not counted', () => {
    const file = utf8(
      [
        'email,join_time,leave_time,attendance',
        'anna@agency.example,2026-11-21T10:00:00Z,2026-11-21T11:05:00Z,live',
        '',
        'not-an-email,2026-11-21T10:00:00Z,2026-11-21T11:00:00Z,live',
        ',2026-11-21T10:00:00Z,2026-11-21T11:00:00Z,live',
        'ivan@agency.example,2026-11-21T11:00:00Z,2026-11-21T10:00:00Z,live',
        'ivan@agency.example,21.11.2026 10:00,21.11.2026 11:30,replay',
        '"ivan@agency.example",yesterday,2026-11-21T11:00:00Z,live',
        'ivan@agency.example,2026-11-21T10:00:00+03:00,2026-11-21T08:00:00Z,live',
      ].join('\n'),
    );
    const report = readAttendanceCsv(file);
    expect(report.errors).toEqual([
      { row: 4, field: 'email', code: 'email_invalid', params: { value: 'not-an-email' }, message: 'is not a valid email: "not-an-email"' },
      { row: 5, field: 'email', code: 'required', message: 'is required' },
      { row: 6, field: 'leave_time', code: 'before', params: { other: 'join_time' }, message: 'is before join_time' },
      {
        row: 7,
        field: 'attendance',
        code: 'one_of_not',
        params: { choices: 'live, recording', value: 'replay' },
        message: 'must be live or recording, not "replay"',
      },
      { row: 8, field: 'join_time', code: 'not_date_time', params: { value: 'yesterday' }, message: 'is not a date and time: "yesterday"' },
    ]);
    // Line 9: 10:00 at +03:00 is 07:00Z, an hour before 08:00Z.
    expect(report.lines.map((l) => [l.email, l.liveMinutes, l.rows])).toEqual([
      ['anna@agency.example', 65, [2]],
      ['ivan@agency.example', 60, [9]],
    ]);
    expect(report.totalRows).toBe(7);

    const minutes = readAttendanceCsv(utf8('email,minutes\nanna@agency.example,-5\nivan@agency.example,lots\nolga@agency.example,\n'));
    expect(minutes.errors).toEqual([
      { row: 2, field: 'minutes', code: 'negative', message: 'must not be negative' },
      { row: 3, field: 'minutes', code: 'not_minutes', params: { value: 'lots' }, message: 'must be a number of minutes, not "lots"' },
      { row: 4, field: 'minutes', code: 'required', message: 'is required' },
    ]);
    expect(minutes.lines).toEqual([]);
  });

  it('R10: a plain file with unknown or missing columns is refused at the header', () => {
    const unknown = readAttendanceCsv(utf8('email,minutes,comment,city\nanna@agency.example,60,hi,Omsk\n'));
    expect(unknown).toMatchObject({ format: 'plain', lines: [], totalRows: 0 });
    expect(unknown.errors).toHaveLength(1);
    expect(unknown.errors[0]).toMatchObject({ row: 1, field: 'header', code: 'attendance_columns', params: { unknown: 'comment, city' } });
    expect(unknown.errors[0].message).toContain('unknown comment, city');

    const missing = readAttendanceCsv(utf8('email,join_time\nanna@agency.example,2026-11-21T10:00:00Z\n'));
    expect(missing.errors[0].message).toContain('missing minutes (or join_time and leave_time)');
  });

  it('R10: an empty, header-only or unreadable file is one error on line 1', () => {
    const empty = { format: 'plain', lines: [], totalRows: 0 };
    expect(readAttendanceCsv(new Uint8Array())).toEqual({
      ...empty,
      errors: [{ row: 1, field: 'file', code: 'file_empty', message: 'the file is empty' }],
    });
    expect(readAttendanceCsv(utf8(' \r\n\r\n'))).toEqual({
      ...empty,
      errors: [{ row: 1, field: 'file', code: 'file_empty', message: 'the file is empty' }],
    });
    expect(readAttendanceCsv(utf8('email,minutes\r\n'))).toEqual({
      ...empty,
      errors: [{ row: 1, field: 'file', code: 'file_no_rows', message: 'the file has no rows' }],
    });
    const broken = readAttendanceCsv(utf8('email,minutes\n"anna@agency.example,60\n'));
    expect(broken.errors).toEqual([
      {
        row: 1,
        field: 'file',
        code: 'file_unreadable',
        params: { reason: expect.any(String) },
        message: expect.stringContaining('not a readable CSV file'),
      },
    ]);
  });

  it('R10: a 10,000-row export is read in one pass', () => {
    // 2,500 people, each in four 15-minute segments.
    const rows = Array.from({ length: 10_000 }, (_, i) => `agent${i % 2_500}@agency.example,15`);
    const report = readAttendanceCsv(utf8(['email,minutes', ...rows].join('\n')));
    expect(report.totalRows).toBe(10_000);
    expect(report.errors).toEqual([]);
    expect(report.lines).toHaveLength(2_500);
    expect(report.lines.every((l) => l.liveMinutes === 60 && l.rows.length === 4)).toBe(true);
    expect(report.lines[0]).toMatchObject({ emailNormalized: 'agent0@agency.example', rows: [2, 2_502, 5_002, 7_502] });
  });

  it('R10: summing JSON attendance is exact per email, whatever the order and case', () => {
    const email = fc.constantFrom('anna@agency.example', ' Anna@Agency.Example', 'ivan@agency.example', 'IVAN@AGENCY.EXAMPLE ');
    const entry = fc.record({
      email,
      liveMinutes: fc.option(fc.nat(600), { nil: undefined }),
      recordingMinutes: fc.option(fc.nat(600), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const lines = mergeAttendance(entries);
        for (const line of lines) {
          const mine = entries.filter((e) => e.email.trim().toLowerCase() === line.emailNormalized);
          expect(line.liveMinutes).toBe(mine.reduce((s, e) => s + (e.liveMinutes ?? 0), 0));
          expect(line.recordingMinutes).toBe(mine.reduce((s, e) => s + (e.recordingMinutes ?? 0), 0));
          expect(line.rows).toEqual(entries.flatMap((e, i) => (mine.includes(e) ? [i + 1] : [])));
        }
        expect(lines.reduce((n, l) => n + l.rows.length, 0)).toBe(entries.length);
      }),
    );
  });
});

describe('test results and course completions', () => {
  it('R9: a repeated test result keeps the highest score; bad scores are row errors', () => {
    const file = utf8(
      'email;score\nanna@agency.example;55\nAnna@agency.example;85,5\nanna@agency.example;70\nivan@agency.example;101\nolga@agency.example;\nbad;50\n',
    );
    const results = readTestResultsCsv(file);
    expect(results.lines).toEqual([{ email: 'Anna@agency.example', emailNormalized: 'anna@agency.example', score: 85.5, row: 3 }]);
    expect(results.errors).toEqual([
      { row: 5, field: 'score', code: 'not_score', params: { value: '101' }, message: 'must be a number from 0 to 100, not "101"' },
      { row: 6, field: 'score', code: 'required', message: 'is required' },
      { row: 7, field: 'email', code: 'email_invalid', params: { value: 'bad' }, message: 'is not a valid email: "bad"' },
    ]);
    expect(results.totalRows).toBe(6);
    expect(readTestResultsCsv(utf8('email,score,name\na@b.example,5,A\n')).errors[0]).toMatchObject({ row: 1, field: 'header' });
  });

  it('R9: course completions read ISO and Russian dates and keep the earliest', () => {
    const file = cp1251(
      'email;completed_at\nanna@agency.example;2026-11-21T10:00:00+03:00\nanna@agency.example;21.11.2026 06:30\nivan@agency.example;05.01.2027 09:15\nolga@agency.example;31.02.2026 10:00\nolga@agency.example;21.11.2026\n',
    );
    const completions = readCourseCompletionsCsv(file);
    expect(completions.lines).toEqual([
      { email: 'anna@agency.example', emailNormalized: 'anna@agency.example', completedAt: at('2026-11-21T06:30:00Z'), row: 3 },
      { email: 'ivan@agency.example', emailNormalized: 'ivan@agency.example', completedAt: at('2027-01-05T09:15:00Z'), row: 4 },
    ]);
    expect(completions.errors.map((e) => [e.row, e.field])).toEqual([
      [5, 'completed_at'],
      [6, 'completed_at'],
    ]);
  });
});

describe('crediting', () => {
  const startsAt = at('2026-11-21T10:00:00Z');
  const destination: CreditedEvent = { kind: 'destination_webinar', startsAt, passMark: null };
  const marathon: CreditedEvent = { kind: 'marathon_webinar', startsAt, passMark: 70 };
  const terms = { minLiveMinutes: 60 };
  const candidate = (c: Partial<CreditCandidate>): CreditCandidate => ({
    participantStatus: 'active',
    registeredAt: at('2026-11-01T00:00:00Z'),
    liveMinutes: 75,
    recordingMinutes: 0,
    score: null,
    ...c,
  });

  it('R4: only an active participant earns; an unknown email or an inactive account earns nothing', () => {
    expect(creditVerdict(candidate({ participantStatus: null }), destination, terms)).toEqual({
      eligible: false,
      reason: 'not_a_participant',
    });
    expect(creditVerdict(candidate({ participantStatus: 'closed' }), destination, terms)).toEqual({
      eligible: false,
      reason: 'not_active',
    });
  });

  it('R8: an event that started before the registration earns nothing', () => {
    expect(creditVerdict(candidate({}), destination, terms)).toEqual({ eligible: true });
    expect(creditVerdict(candidate({ registeredAt: startsAt }), destination, terms)).toEqual({
      eligible: false,
      reason: 'registered_after_start',
    });
    expect(creditVerdict(candidate({ registeredAt: at('2026-11-21T10:30:00Z') }), destination, terms)).toEqual({
      eligible: false,
      reason: 'registered_after_start',
    });
  });

  it('R10: a recording earns nothing; live presence under the minimum earns nothing', () => {
    expect(creditVerdict(candidate({ liveMinutes: 0, recordingMinutes: 120 }), destination, terms)).toEqual({
      eligible: false,
      reason: 'recording_only',
    });
    expect(creditVerdict(candidate({ liveMinutes: 59, recordingMinutes: 120 }), destination, terms)).toEqual({
      eligible: false,
      reason: 'below_minimum',
    });
    expect(creditVerdict(candidate({ liveMinutes: 0 }), destination, terms)).toEqual({ eligible: false, reason: 'below_minimum' });
    expect(creditVerdict(candidate({ liveMinutes: 60 }), destination, terms)).toEqual({ eligible: true });
  });

  it('R9: a marathon webinar earns only with a test at or above the pass mark', () => {
    expect(creditVerdict(candidate({ score: null }), marathon, terms)).toEqual({ eligible: false, reason: 'no_test_result' });
    expect(creditVerdict(candidate({ score: 69.5 }), marathon, terms)).toEqual({ eligible: false, reason: 'test_not_passed' });
    expect(creditVerdict(candidate({ score: 70 }), marathon, terms)).toEqual({ eligible: true });
    expect(creditVerdict(candidate({ score: 10 }), destination, terms)).toEqual({ eligible: true });
  });

  it('R9: a course earns only when completed by an active participant after registering, once designated', () => {
    const course = { startsAt: at('2026-10-01T00:00:00Z') };
    const completion = (c: Partial<Parameters<typeof courseVerdict>[0]>) =>
      courseVerdict(
        { participantStatus: 'active', registeredAt: at('2026-11-01T00:00:00Z'), completedAt: at('2026-11-05T00:00:00Z'), ...c },
        course,
      );
    expect(completion({})).toEqual({ eligible: true });
    expect(completion({ participantStatus: null })).toEqual({ eligible: false, reason: 'not_a_participant' });
    expect(completion({ participantStatus: 'pending' })).toEqual({ eligible: false, reason: 'not_active' });
    expect(completion({ completedAt: at('2026-10-20T00:00:00Z') })).toEqual({ eligible: false, reason: 'completed_before_registration' });
    expect(completion({ registeredAt: at('2026-08-01T00:00:00Z'), completedAt: at('2026-09-01T00:00:00Z') })).toEqual({
      eligible: false,
      reason: 'completed_before_designation',
    });
  });

  it('R9: every refusal has an explanation for staff', () => {
    for (const label of Object.values(INELIGIBILITY_LABELS)) expect(label.length).toBeGreaterThan(5);
  });
});
