/** Request shapes of the earning API (R9–R13, A4): one zod schema gives validation, type and OpenAPI. */
import { z } from 'zod';
import { normalizeEmail } from '../rules/email.js';
import { EVENT_KINDS } from '../rules/events.js';
import { mergeAttendance } from '../rules/attendance-report.js';
import type { ReportLine } from './earning.js';
import { email as emailField, missingOr, text } from './text.js';

const email = emailField();
const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone, e.g. 2026-11-21T10:00:00Z' });
const MAX_ROWS = 100_000;

export const EventRequest = z
  .strictObject({
    kind: z.enum(EVENT_KINDS, `must be one of ${EVENT_KINDS.join(', ')}`),
    title: text(300),
    // The range depends on the kind: rules/events.ts checks it, and names it in the message.
    points: z.number(missingOr('must be a number')).int('must be a whole number'),
    startsAt: instant.meta({ description: 'Broadcast start; for a course, when it became a program course' }),
    endsAt: instant.nullable().optional().meta({ description: 'Broadcast end; none for a course' }),
    passMark: z.number().min(0).max(100).nullable().optional().meta({ description: 'Marathon webinars: the passing test score' }),
  })
  .meta({
    id: 'EventRequest',
    description: 'An event that earns points (R9); the value is checked against the kind when the event is created.',
    example: {
      kind: 'destination_webinar',
      title: 'Турция: новые отели',
      points: 50,
      startsAt: '2026-12-01T10:00:00Z',
      endsAt: '2026-12-01T12:00:00Z',
    },
  });

export const AttendanceRequest = z
  .strictObject({
    rows: z
      .array(
        z.strictObject({
          email,
          minutes: z
            .number()
            .min(0, 'must not be negative')
            .max(24 * 60, 'must be at most 1440'),
          attendance: z.enum(['live', 'recording'], 'must be live or recording').default('live'),
        }),
      )
      .min(1, 'must hold at least one row')
      .max(MAX_ROWS, `must hold at most ${MAX_ROWS} rows`),
  })
  .meta({
    id: 'AttendanceRequest',
    description:
      "The platform's attendance report (R10): one row per join segment; one person's segments add up. " +
      'A later report for the same event replaces the earlier one while the window is open (R11).',
  });

export const TestResultsRequest = z
  .strictObject({
    rows: z
      .array(z.strictObject({ email, score: z.number().min(0).max(100) }))
      .min(1)
      .max(MAX_ROWS),
  })
  .meta({ id: 'TestResultsRequest', description: 'Marathon test scores (R9); a repeated email keeps its best score.' });

export const CourseCompletionsRequest = z
  .strictObject({
    rows: z
      .array(z.strictObject({ email, completedAt: instant }))
      .min(1)
      .max(MAX_ROWS),
  })
  .meta({ id: 'CourseCompletionsRequest', description: 'Program course completions (R9); a repeated email keeps its first completion.' });

export const ClaimRequest = z
  .strictObject({
    email,
    eventId: z.uuid('must be an event id'),
    statement: text(2000, { multiline: true }),
  })
  .meta({ id: 'ClaimRequest', description: 'A4: a participant claims the points of an event that did not credit them.' });

const byEmail = <T extends { email: string }>(rows: T[], keep: (a: T, b: T) => boolean): T[] => {
  const kept = new Map<string, T>();
  for (const row of rows) {
    const key = normalizeEmail(row.email);
    const held = kept.get(key);
    if (!held || keep(row, held)) kept.set(key, row);
  }
  return [...kept.values()];
};

export const attendanceLines = (r: z.infer<typeof AttendanceRequest>): ReportLine[] =>
  mergeAttendance(
    r.rows.map((row) => ({ email: row.email, [row.attendance === 'live' ? 'liveMinutes' : 'recordingMinutes']: row.minutes })),
  ).map(({ rows: _rows, ...line }) => line);

export const testResultLines = (r: z.infer<typeof TestResultsRequest>): ReportLine[] =>
  byEmail(r.rows, (a, b) => a.score > b.score).map((row) => ({
    email: row.email,
    emailNormalized: normalizeEmail(row.email),
    score: row.score,
  }));

export const completionLines = (r: z.infer<typeof CourseCompletionsRequest>): ReportLine[] =>
  byEmail(r.rows, (a, b) => Date.parse(a.completedAt) < Date.parse(b.completedAt)).map((row) => ({
    email: row.email,
    emailNormalized: normalizeEmail(row.email),
    completedAt: new Date(row.completedAt),
  }));
