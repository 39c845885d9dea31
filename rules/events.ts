/**
 * Event kinds and the points each may carry (R9), checked when an event is created.
 * A webinar has a broadcast (startsAt..endsAt); a course has none: its startsAt is the instant it was
 * designated a program course, and completions before that earn nothing.
 */
export const EVENT_KINDS = ['destination_webinar', 'marathon_webinar', 'website_webinar', 'course'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_KIND_LABELS: Record<EventKind, string> = {
  destination_webinar: 'destination webinar',
  marathon_webinar: 'marathon webinar',
  website_webinar: 'website webinar',
  course: 'course',
};

/** Allowed points per kind; null: any positive whole number up to COURSE_MAX_POINTS. */
export const POINT_RANGES: Record<EventKind, { min: number; max: number } | null> = {
  destination_webinar: { min: 30, max: 70 },
  marathon_webinar: { min: 30, max: 70 },
  website_webinar: { min: 30, max: 30 },
  course: null,
};
export const COURSE_MAX_POINTS = 10_000;

/** The marathon ("Discover Russia", near abroad) webinars carry a test with a pass mark. */
export const hasTest = (kind: EventKind): boolean => kind === 'marathon_webinar';

export interface EventDraft {
  kind: EventKind;
  title: string;
  points: number;
  startsAt: Date | null;
  endsAt: Date | null;
  passMark: number | null;
}

export interface EventProblem {
  field: string;
  message: string;
}

const isValidDate = (d: Date) => !Number.isNaN(d.getTime());

export function eventProblems(e: EventDraft): EventProblem[] {
  if (!(EVENT_KINDS as readonly string[]).includes(e.kind)) return [{ field: 'kind', message: `must be one of ${EVENT_KINDS.join(', ')}` }];
  const problems: EventProblem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  const label = EVENT_KIND_LABELS[e.kind];

  if (!e.title?.trim()) fail('title', 'is required');

  const range = POINT_RANGES[e.kind] ?? { min: 1, max: COURSE_MAX_POINTS };
  if (!Number.isInteger(e.points)) fail('points', 'must be a whole number');
  else if (e.points < range.min || e.points > range.max) {
    fail(
      'points',
      range.min === range.max ? `must be ${range.min} for a ${label}` : `must be between ${range.min} and ${range.max} for a ${label}`,
    );
  }

  for (const field of ['startsAt', 'endsAt'] as const) {
    const value = e[field];
    if (value !== null && !isValidDate(value)) fail(field, 'is not a valid date');
  }
  if (e.kind === 'course') {
    if (e.startsAt === null) fail('startsAt', 'is required: the instant the course was designated a program course');
    if (e.endsAt !== null) fail('endsAt', 'must be empty: a course has no broadcast');
  } else {
    if (e.startsAt === null) fail('startsAt', 'is required');
    if (e.endsAt === null) fail('endsAt', 'is required');
    if (e.startsAt && e.endsAt && isValidDate(e.startsAt) && isValidDate(e.endsAt) && e.endsAt <= e.startsAt) {
      fail('endsAt', 'must be after startsAt');
    }
  }

  if (hasTest(e.kind)) {
    if (e.passMark === null) fail('passMark', `is required for a ${label}`);
    else if (!Number.isFinite(e.passMark) || e.passMark < 0 || e.passMark > 100) fail('passMark', 'must be between 0 and 100');
  } else if (e.passMark !== null) {
    fail('passMark', `must be empty: a ${label} has no test`);
  }
  return problems;
}
