/**
 * Client API for earning: the webinar platform and partners create events (R9), send attendance,
 * test results and course completions (R10, R11), and file claims (A4); the shop explains a balance.
 */
import express, { Router } from 'express';
import { openLots, participantLedger } from '../../db/ledger.js';
import { liveParticipantByEmail, participantById } from '../../db/participants.js';
import { normalizeEmail } from '../../rules/email.js';
import { clientActor } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { createEvent, isUuid, openClaim, receiveReport, requireEvent, type IncomingReport } from '../earning.js';
import {
  AttendanceRequest,
  ClaimRequest,
  CourseCompletionsRequest,
  EventRequest,
  TestResultsRequest,
  attendanceLines,
  completionLines,
  testResultLines,
} from '../earning-schemas.js';
import { AppError } from '../errors.js';
import { parse } from '../validate.js';

export function eventsRouter(deps: ApiDeps): Router {
  const router = Router();
  // Reports of 10,000 attendees and more.
  const bigJson = express.json({ limit: '20mb' });

  router.post('/events', async (req, res) => {
    const e = parse(EventRequest, req.body ?? {});
    const event = await createEvent(
      deps,
      { ...e, startsAt: new Date(e.startsAt), endsAt: e.endsAt ? new Date(e.endsAt) : null, passMark: e.passMark ?? null },
      clientActor(req),
    );
    res.status(201).location(`/api/events/${event.id}`).json(event);
  });

  router.get('/events/:id', async (req, res) => {
    res.json(await requireEvent(deps.pool, req.params.id));
  });

  const reportRoute = (path: string, build: (body: unknown) => Pick<IncomingReport, 'kind' | 'lines' | 'rowCount'>) =>
    router.post(`/events/:id/${path}`, bigJson, async (req, res) => {
      const report = build(req.body ?? {});
      const stored = await receiveReport(
        deps,
        req.params.id,
        { ...report, source: 'api', format: 'json', filename: null, errors: [] },
        clientActor(req),
        true,
      );
      res.status(201).json(stored);
    });
  reportRoute('attendance', (body) => {
    const r = parse(AttendanceRequest, body);
    return { kind: 'attendance', lines: attendanceLines(r), rowCount: r.rows.length };
  });
  reportRoute('test-results', (body) => {
    const r = parse(TestResultsRequest, body);
    return { kind: 'test_results', lines: testResultLines(r), rowCount: r.rows.length };
  });
  reportRoute('course-completions', (body) => {
    const r = parse(CourseCompletionsRequest, body);
    return { kind: 'course_completions', lines: completionLines(r), rowCount: r.rows.length };
  });

  router.post('/claims', async (req, res) => {
    const c = parse(ClaimRequest, req.body ?? {});
    const participant = await liveParticipantByEmail(deps.pool, normalizeEmail(c.email));
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this email', 'email');
    const claim = await openClaim(deps, { participantId: participant.id, eventId: c.eventId, statement: c.statement }, clientActor(req));
    res.status(201).json(claim);
  });

  /** The balance explained: lots with their expiry (R20), what expires next, and every entry with its source. */
  router.get('/registrations/:id/ledger', async (req, res) => {
    const participant = isUuid(req.params.id) ? await participantById(deps.pool, req.params.id) : null;
    if (!participant) throw new AppError(404, 'registration_not_found', 'No registration with this id', 'id');
    const { lots, nextExpiry } = await openLots(deps.pool, participant.id);
    res.json({ balance: participant.balance, nextExpiry, lots, entries: await participantLedger(deps.pool, participant.id) });
  });

  return router;
}
