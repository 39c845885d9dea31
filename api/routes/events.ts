/**
 * Client API for earning: the webinar platform and partners create events (R9), send attendance,
 * test results and course completions (R10, R11), and file claims (A4); the shop explains a balance.
 */
import express, { type Request, type Response, type Router } from 'express';
import { ledgerOwner } from '../../db/ledger-reads.js';
import { liveParticipantByEmail } from '../../db/participants.js';
import { normalizeEmail } from '../../rules/email.js';
import { clientActor, visibleTo } from '../auth.js';
import { Claim, Event, Ledger, Report, claimView, eventView, reportView } from '../client-answers.js';
import type { ApiDeps } from '../deps.js';
import { createEvent, isUuid, openClaim, receiveReport, requireClaim, requireEvent, type IncomingReport } from '../earning.js';
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
import { LEDGER_PAGE_HEADERS, LedgerPageQuery, readLedger, sendLedger } from '../ledger-history.js';
import { apiClient } from '../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../route-table.js';

const events = apiClient('events');
const reportAnswers = {
  201: json(Report, "Stored and confirmed; it replaces the event's earlier report of this kind (R11)"),
  400: refused('A row is malformed; `field` names it, e.g. `rows.3.email`'),
  404: refused('`event_not_found`'),
  409: refused('`broadcast_not_ended`, `crediting_window_closed` (file a claim instead: `claimsUrl`), or `report_kind_mismatch`'),
  422: refused('`report_empty`: no usable line'),
};

export const eventRoutes = defineRoutes('/api', {
  'POST /api/events': {
    access: events,
    tag: 'Events',
    summary: 'Create an event that earns points (R9)',
    description: "Starts the event's crediting workflow: it waits for the broadcast to end, then keeps the crediting window open (R11).",
    body: EventRequest,
    responses: {
      201: json(Event, 'Created', { Location: 'The event: `/api/events/{id}`' }),
      400: refused("Points outside the kind's range, an end before the start, …; `field` names it"),
    },
  },
  'GET /api/events/:id': {
    access: events,
    tag: 'Events',
    summary: 'An event and the state of its crediting',
    responses: { 200: json(Event, 'The event'), 404: refused('`event_not_found`') },
  },
  'POST /api/events/:id/attendance': {
    access: events,
    tag: 'Events',
    summary: 'Send the attendance report (R10, R11)',
    body: AttendanceRequest,
    responses: reportAnswers,
  },
  'POST /api/events/:id/test-results': {
    access: events,
    tag: 'Events',
    summary: 'Send marathon test results (R9)',
    body: TestResultsRequest,
    responses: reportAnswers,
  },
  'POST /api/events/:id/course-completions': {
    access: events,
    tag: 'Events',
    summary: 'Send program course completions (R9)',
    body: CourseCompletionsRequest,
    responses: reportAnswers,
  },
  'POST /api/claims': {
    access: events,
    tag: 'Claims',
    summary: 'Claim missing points for an event (A4)',
    description: "A reviewer decides before the claim's deadline; an approval credits the event's points once (R12).",
    body: ClaimRequest,
    responses: {
      201: json(Claim, 'The claim waits for a reviewer'),
      404: refused('`participant_not_found` (no active participant with this email), `event_not_found`'),
      409: refused('`crediting_window_open`, `already_credited` (R12), or `claim_already_open`'),
    },
  },
  'GET /api/claims/:id': {
    access: events,
    tag: 'Claims',
    summary: 'A claim this client filed, and its state (A4)',
    responses: { 200: json(Claim, 'The claim'), 404: refused("`claim_not_found`: no claim with this id, or another client's") },
  },
  'GET /api/registrations/:id/ledger': {
    access: apiClient('registrations'),
    tag: 'Ledger',
    summary: 'The balance explained: lots with their expiry (R20), what expires next, and every entry with its source',
    description:
      'The history whole, or one page at a time by key: `?limit=N` answers the newest N entries, and `Link: <…&after=ID>; rel="next"` the next page while older ones remain. Entries written between two pages never shift them.',
    query: LedgerPageQuery,
    responses: {
      200: json(Ledger, 'The ledger', LEDGER_PAGE_HEADERS),
      404: refused("`registration_not_found`: no registration with this id, or another client's"),
    },
  },
});

/**
 * The report routes read bodies of up to 20 MB (100,000 attendees and more), once the API key is
 * checked; the app's 1 MB JSON parser leaves them alone (api/app.ts).
 */
export const REPORT_BODY_PATH = /^\/api\/events\/[^/]+\/(?:attendance|test-results|course-completions)\/?$/;

export function eventsRouter(deps: ApiDeps): Router {
  const router = routesOf(eventRoutes, deps);
  const bigJson = express.json({ limit: '20mb' });

  router.on('POST /api/events', async ({ body: e }, req, res) => {
    const event = await createEvent(
      deps,
      { ...e, startsAt: new Date(e.startsAt), endsAt: e.endsAt ? new Date(e.endsAt) : null, passMark: e.passMark ?? null },
      clientActor(req),
    );
    res.status(201).location(`/api/events/${event.id}`).json(eventView(event));
  });

  router.on('GET /api/events/:id', async (_in, req, res) => {
    res.json(eventView(await requireEvent(deps.pool, req.params.id)));
  });

  /** A report through the API is confirmed at once (an upload in the console waits in preview). */
  const receive = async (req: Request<{ id: string }>, res: Response, report: Pick<IncomingReport, 'kind' | 'lines' | 'rowCount'>) => {
    const stored = await receiveReport(
      deps,
      req.params.id,
      { ...report, source: 'api', format: 'json', filename: null, errors: [] },
      clientActor(req),
      true,
    );
    res.status(201).json(reportView(stored));
  };
  router.on('POST /api/events/:id/attendance', bigJson, ({ body: r }, req, res) =>
    receive(req, res, { kind: 'attendance', lines: attendanceLines(r), rowCount: r.rows.length }),
  );
  router.on('POST /api/events/:id/test-results', bigJson, ({ body: r }, req, res) =>
    receive(req, res, { kind: 'test_results', lines: testResultLines(r), rowCount: r.rows.length }),
  );
  router.on('POST /api/events/:id/course-completions', bigJson, ({ body: r }, req, res) =>
    receive(req, res, { kind: 'course_completions', lines: completionLines(r), rowCount: r.rows.length }),
  );

  router.on('POST /api/claims', async ({ body: c }, req, res) => {
    const participant = await liveParticipantByEmail(deps.pool, normalizeEmail(c.email));
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this email', 'email');
    const claim = await openClaim(deps, { participantId: participant.id, eventId: c.eventId, statement: c.statement }, clientActor(req));
    res.status(201).json(claimView(claim));
  });

  /** A4: the client follows a claim it filed; another client's claim answers 404. */
  router.on('GET /api/claims/:id', async (_in, req, res) => {
    res.json(claimView(await requireClaim(deps.pool, req.params.id, req.apiClient!.id)));
  });

  /** The balance explained: lots with their expiry (R20), what expires next, and every entry with its source. */
  router.on('GET /api/registrations/:id/ledger', async ({ query }, req, res) => {
    // Whose it is and the ledger, side by side: a participant this client did not register answers 404, its reads unused.
    const id = req.params.id;
    const [participant, ledger] = isUuid(id)
      ? await Promise.all([ledgerOwner(deps.pool, id), readLedger(deps.pool, id, query)])
      : [null, null];
    if (!participant || !ledger || !visibleTo(participant, req.apiClient!.id))
      throw new AppError(404, 'registration_not_found', 'No registration with this id', 'id');
    sendLedger(ledger, req, res);
  });

  return router.done();
}
