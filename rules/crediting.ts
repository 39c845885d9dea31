/**
 * Who earns an event's points (R8, R9, R10): a verdict per candidate, with the first reason that refuses.
 * Webinars: an active participant registered before the start, live for at least the minimum, and,
 * for a marathon, with a passing test. Courses: completed by an active participant after registering,
 * while the course was designated a program course.
 */
import { EVENT_KIND_LABELS, hasTest, type EventKind } from './events.js';

export type Ineligibility =
  | 'not_a_participant'
  | 'not_active'
  | 'registered_after_start'
  | 'recording_only'
  | 'below_minimum'
  | 'no_test_result'
  | 'test_not_passed'
  | 'completed_before_registration'
  | 'completed_before_designation';

export const INELIGIBILITY_LABELS: Record<Ineligibility, string> = {
  not_a_participant: 'the email is not a program participant',
  not_active: 'the participant is not active',
  registered_after_start: 'the event started before the participant registered',
  recording_only: 'watched the recording only; recordings earn nothing',
  below_minimum: 'live presence below the required minimum',
  no_test_result: 'no test result',
  test_not_passed: 'the test score is below the pass mark',
  completed_before_registration: 'the course was completed before the participant registered',
  completed_before_designation: 'the course was completed before it became a program course',
};

export type Verdict = { eligible: true } | { eligible: false; reason: Ineligibility };

export interface CreditCandidate {
  participantStatus: string | null; // null: no participant has this email
  registeredAt: Date | null;
  liveMinutes: number;
  recordingMinutes: number;
  score: number | null;
}
export interface CreditTerms {
  minLiveMinutes: number; // R10, program configuration
}
export interface CreditedEvent {
  kind: EventKind;
  startsAt: Date;
  passMark: number | null;
}

const refuse = (reason: Ineligibility): Verdict => ({ eligible: false, reason });

/** Shared by both verdicts: a participant, active, registered strictly before `instant` (R8). */
function enrolmentProblem(c: { participantStatus: string | null; registeredAt: Date | null }, instant: Date): Ineligibility | null {
  if (c.participantStatus === null) return 'not_a_participant';
  if (c.participantStatus !== 'active') return 'not_active';
  // An unknown registration time cannot show the event came after it.
  if (c.registeredAt === null || c.registeredAt >= instant) return 'registered_after_start';
  return null;
}

/** A webinar's verdict. Courses go through courseVerdict. */
export function creditVerdict(c: CreditCandidate, event: CreditedEvent, terms: CreditTerms): Verdict {
  if (event.kind === 'course') throw new Error('a course is judged by courseVerdict');
  const enrolment = enrolmentProblem(c, event.startsAt);
  if (enrolment) return refuse(enrolment);
  if (c.liveMinutes <= 0 && c.recordingMinutes > 0) return refuse('recording_only');
  if (c.liveMinutes < terms.minLiveMinutes) return refuse('below_minimum');
  if (hasTest(event.kind)) {
    if (event.passMark === null) throw new Error(`a ${EVENT_KIND_LABELS[event.kind]} needs a pass mark`);
    if (c.score === null) return refuse('no_test_result');
    if (c.score < event.passMark) return refuse('test_not_passed');
  }
  return { eligible: true };
}

/** A program course's verdict; `course.startsAt` is when the course was designated a program course. */
export function courseVerdict(
  c: { participantStatus: string | null; registeredAt: Date | null; completedAt: Date },
  course: { startsAt: Date },
): Verdict {
  const enrolment = enrolmentProblem(c, c.completedAt);
  if (enrolment) return refuse(enrolment === 'registered_after_start' ? 'completed_before_registration' : enrolment);
  if (c.completedAt < course.startsAt) return refuse('completed_before_designation');
  return { eligible: true };
}
