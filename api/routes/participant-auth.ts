/**
 * The participant's side of the client API (A6, R14, R25): sign-in with a mailed code, sessions,
 * the forgotten password, and the participant's own account for the shop site (balance, lots, history,
 * events attended, open requests). Every route needs the client's API key, and the /api/me routes also
 * the participant's session (`Authorization: Bearer …`); the reset link's page and its confirmation
 * need neither: the link's token is the credential, as for /confirm.
 */
import type { Request, Router } from 'express';
import { z } from 'zod';
import { balanceOf } from '../../db/ledger.js';
import { nextExpiry } from '../../db/ledger-reads.js';
import { attendedEvents, liveSessions, openRequests, revokeSession } from '../../db/participant-auth.js';
import { participantById } from '../../db/participants.js';
import {
  Account,
  AttendedEvent,
  Ledger,
  OpenRequests,
  ParticipantSession,
  SignInChallenge,
  SignedIn,
  accountView,
  attendedEventView,
  openRequestsView,
  sessionView,
} from '../client-answers.js';
import type { ApiDeps } from '../deps.js';
import { isUuid } from '../earning.js';
import { AppError } from '../errors.js';
import { LEDGER_PAGE_HEADERS, LedgerPageQuery, readLedger, sendLedger } from '../ledger-history.js';
import {
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  SignInRequest,
  SignInVerifyRequest,
  confirmPasswordReset,
  deviceOf,
  endUserAddress,
  finishSignIn,
  requestPasswordReset,
  startSignIn,
} from '../participant-auth.js';
import { anyone, apiClient, participantSession } from '../route-access.js';
import { defineRoutes, json, noContent, refused, routesOf } from '../route-table.js';
import { TierAnswer, participantTier } from '../tiers.js';
import { showLinkPage } from '../link-states.js';

// Every route with the client's key needs its `participants` scope, and sessions belong to that client.
const client = apiClient('participants');
const tooMany = refused(
  'Too many attempts (`too_many_attempts`, or `too_many_codes`): the `Retry-After` header says in how many seconds to try again',
);
const deviceHeader = z.object({
  'x-device-id': z.string().optional().meta({ description: "R14: a stable id of the participant's device (else the User-Agent names it)" }),
  'x-client-ip': z.string().optional().meta({
    description:
      "The participant's IP address, for a client calling from its own server: rate limits count per participant address, not per client",
  }),
});

export const participantRoutes = defineRoutes('', {
  'GET /reset-password': {
    access: anyone,
    tag: 'Participant sign-in',
    page: true,
    summary: 'The page behind the emailed reset link (R25): asks for a new password, posts it to /api/password-resets/confirm',
    responses: { 200: { description: 'The page', type: 'text/html' } },
  },
  'POST /api/password-resets': {
    access: client,
    tag: 'Participant sign-in',
    summary: 'Forgotten password: mail a one-time reset link (R25)',
    description:
      'Always the same 202, as fast, whether or not the email is registered. A registered address gets a link to ' +
      '`{PUBLIC_URL}/reset-password?token=…`, valid once until PASSWORD_RESET_TTL_MS; a few links per address a window, no more.',
    headers: deviceHeader.pick({ 'x-client-ip': true }),
    body: PasswordResetRequest,
    responses: { 202: json(z.object({ message: z.string() }), 'Accepted'), 400: refused('Not an email address'), 429: tooMany },
  },
  'POST /api/password-resets/confirm': {
    access: anyone,
    tag: 'Participant sign-in',
    summary: "Set a new password with the emailed link's token (R25)",
    description: "No API key: the token is the credential (the link's page posts here). Every session of the participant ends.",
    body: PasswordResetConfirmRequest,
    responses: {
      200: json(z.object({ sessionsRevoked: z.number().int() }), 'The password is changed'),
      400: refused('Password too short, or too common'),
      404: refused('`token_invalid`'),
      409: refused('`participant_not_active`'),
      410: refused('`token_used` or `token_expired`'),
      429: tooMany,
    },
  },
  'POST /api/sign-in': {
    access: client,
    tag: 'Participant sign-in',
    summary: 'Sign a participant in, step one: member number or email, and password (A6)',
    description:
      'A right password mails a six-digit code to the participant (step two: `POST /api/sign-in/verify`). A wrong password, an unknown ' +
      'login and an inactive account get the same 401. Wrong passwords and codes are counted per account and per address: over the ' +
      'limit within the window, 429 with `Retry-After`.',
    headers: deviceHeader,
    body: SignInRequest,
    responses: {
      202: json(SignInChallenge, 'The code is mailed'),
      401: refused('`invalid_credentials`'),
      429: tooMany,
      503: refused('The code could not be mailed; nothing was kept'),
    },
  },
  'POST /api/sign-in/verify': {
    access: client,
    tag: 'Participant sign-in',
    summary: 'Sign a participant in, step two: the mailed code opens a session (A6, R14)',
    description:
      'A code works once, until it expires, and a few wrong tries void it. The session answers for `/api/me…` with the same API key. ' +
      'R14: a participant has at most MAX_PARTICIPANT_SESSIONS live sessions; a new one revokes the oldest (`revokedSessionIds`). ' +
      'A device the participant never signed in from is mailed to them (`newDevice`).',
    body: SignInVerifyRequest,
    responses: {
      200: json(SignedIn, 'Signed in'),
      400: refused('Not a challenge id or not a six-digit code'),
      401: refused('`code_invalid` (with `attemptsLeft`)'),
      404: refused('`challenge_not_found`'),
      410: refused('`code_used`, `code_expired` or `code_attempts_exhausted`: sign in again'),
      429: tooMany,
    },
  },
  'POST /api/sign-out': {
    access: participantSession,
    tag: 'Participant sign-in',
    summary: 'End the current session',
    responses: { 204: noContent('Signed out') },
  },
  'GET /api/me/sessions': {
    access: participantSession,
    tag: 'Participant sign-in',
    summary: "The participant's live sessions opened through this client (R14)",
    responses: { 200: json(z.array(ParticipantSession), 'Newest first; `current` marks the one asking') },
  },
  'DELETE /api/me/sessions/:id': {
    access: participantSession,
    tag: 'Participant sign-in',
    summary: "Revoke one of the participant's sessions (R14)",
    responses: {
      204: noContent('Revoked: its token answers 401 from now on'),
      404: refused('`session_not_found`: no live session of this participant with this id'),
    },
  },
  'GET /api/me': {
    access: participantSession,
    tag: 'Participant account',
    summary: 'The signed-in participant: profile, balance and the next expiry (R20)',
    responses: { 200: json(Account, 'The participant') },
  },
  'GET /api/me/ledger': {
    access: participantSession,
    tag: 'Participant account',
    summary: "The signed-in participant's lots with their expiry, and history with sources",
    description: 'The same shape and paging (`limit`, `after`) as `GET /api/registrations/{id}/ledger`.',
    query: LedgerPageQuery,
    responses: { 200: json(Ledger, 'The ledger', LEDGER_PAGE_HEADERS) },
  },
  'GET /api/me/events': {
    access: participantSession,
    tag: 'Participant account',
    summary: 'Events the signed-in participant attended and was credited for',
    responses: { 200: json(z.array(AttendedEvent), 'Newest first') },
  },
  'GET /api/me/requests': {
    access: participantSession,
    tag: 'Participant account',
    summary: "The signed-in participant's open claims (A4), orders (A5, R17) and email changes (R21)",
    responses: { 200: json(OpenRequests, 'What the participant is waiting for') },
  },
  'GET /api/me/tier': {
    access: participantSession,
    tag: 'Participant account',
    summary: "The signed-in participant's status tier and progress in the qualification period (A1)",
    description:
      'The tier held and through which day, its accrual bonus, the qualifying points and activities of the current period, what is left to the next tier, and when the period ends.',
    responses: { 200: json(TierAnswer, 'The tier and progress') },
  },
});

export function participantAuthRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = routesOf(participantRoutes, deps);
  const me = (req: Request) => req.participantSession!.participantId;

  // ---- forgotten password (R25) ----

  router.on('GET /reset-password', async (_in, req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    await showLinkPage(pool, 'password_reset', req, res);
  });

  /** Always 202 with the same body: whether the email is registered is not told. */
  router.on('POST /api/password-resets', async ({ body: { email } }, req, res) => {
    await requestPasswordReset(deps, { email, address: endUserAddress(req) });
    res.status(202).json({ message: 'If this email belongs to a participant, a reset link is on its way' });
  });

  router.on('POST /api/password-resets/confirm', async ({ body: r }, req, res) => {
    res.json(await confirmPasswordReset(deps, { ...r, address: endUserAddress(req) }));
  });

  // ---- sign-in (A6) and sessions (R14) ----

  router.on('POST /api/sign-in', async ({ body: s }, req, res) => {
    res.status(202).json(
      await startSignIn(deps, {
        login: s.login,
        password: s.password,
        device: deviceOf(req, s.deviceId),
        apiClientId: req.apiClient!.id,
      }),
    );
  });

  router.on('POST /api/sign-in/verify', async ({ body: v }, req, res) => {
    res.json(await finishSignIn(deps, { ...v, apiClientId: req.apiClient!.id, address: endUserAddress(req) }));
  });

  router.on('POST /api/sign-out', async (_in, req, res) => {
    await revokeSession(
      pool,
      { participantId: me(req), apiClientId: req.apiClient!.id, sessionId: req.participantSession!.sessionId },
      'sign_out',
    );
    res.status(204).end();
  });

  router.on('GET /api/me/sessions', async (_in, req, res) => {
    const sessions = await liveSessions(pool, me(req), req.apiClient!.id);
    res.json(sessions.map((s) => sessionView(s, req.participantSession!.sessionId)));
  });

  router.on('DELETE /api/me/sessions/:id', async (_in, req, res) => {
    const id = String(req.params.id);
    if (!isUuid(id) || !(await revokeSession(pool, { participantId: me(req), apiClientId: req.apiClient!.id, sessionId: id }, 'revoked'))) {
      throw new AppError(404, 'session_not_found', 'The participant has no live session with this id', 'id');
    }
    res.status(204).end();
  });

  // ---- the participant's own account ----

  router.on('GET /api/me', async (_in, req, res) => {
    // The profile, the stored balance (never summed over the ledger) and the next expiry, side by side.
    const [p, balance, next] = await Promise.all([participantById(pool, me(req)), balanceOf(pool, me(req)), nextExpiry(pool, me(req))]);
    res.json(accountView({ ...p!, balance: balance.available }, next, req.participantSession!));
  });

  /** The same shape as GET /api/registrations/{id}/ledger: lots with their expiry (R20) and every entry with its source. */
  router.on('GET /api/me/ledger', async ({ query }, req, res) => {
    sendLedger(await readLedger(pool, me(req), query), req, res);
  });

  router.on('GET /api/me/events', async (_in, req, res) => {
    res.json((await attendedEvents(pool, me(req))).map(attendedEventView));
  });

  router.on('GET /api/me/requests', async (_in, req, res) => {
    res.json(openRequestsView(await openRequests(pool, me(req))));
  });

  router.on('GET /api/me/tier', async (_in, req, res) => {
    res.json(await participantTier(deps, me(req)));
  });

  return router.done();
}
