/**
 * The participant's side of the client API (A6, R14, R25): sign-in with a mailed code, sessions,
 * the forgotten password, and the participant's own account for the shop site (balance, lots, history,
 * events attended, open requests). Every route needs the client's API key, and the /api/me routes also
 * the participant's session (`Authorization: Bearer …`); the reset link's page and its confirmation
 * need neither: the link's token is the credential, as for /confirm.
 */
import { Router, type ErrorRequestHandler, type Request } from 'express';
import { openLots, participantLedger } from '../../db/ledger.js';
import { attendedEvents, liveSessions, openRequests, revokeSession } from '../../db/participant-auth.js';
import { participantById } from '../../db/participants.js';
import { requireApiKey } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { isUuid } from '../earning.js';
import { AppError } from '../errors.js';
import {
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  RateLimited,
  SignInRequest,
  SignInVerifyRequest,
  confirmPasswordReset,
  deviceOf,
  endUserAddress,
  finishSignIn,
  requestPasswordReset,
  requireParticipant,
  startSignIn,
} from '../participant-auth.js';
import { parse } from '../validate.js';
import { resetPasswordPage } from './link-pages.js';

export function participantAuthRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = Router();
  const client = requireApiKey(pool);
  const participant = [client, requireParticipant(pool)];
  const me = (req: Request) => req.participantSession!.participantId;

  // ---- forgotten password (R25) ----

  router.get('/reset-password', (_req, res) => {
    res.type('html').set('Referrer-Policy', 'no-referrer').send(resetPasswordPage);
  });

  /** Always 202 with the same body: whether the email is registered is not told. */
  router.post('/api/password-resets', client, async (req, res) => {
    const { email } = parse(PasswordResetRequest, req.body ?? {});
    await requestPasswordReset(deps, { email, address: endUserAddress(req) });
    res.status(202).json({ message: 'If this email belongs to a participant, a reset link is on its way' });
  });

  router.post('/api/password-resets/confirm', async (req, res) => {
    const r = parse(PasswordResetConfirmRequest, req.body ?? {});
    res.json(await confirmPasswordReset(deps, { ...r, address: endUserAddress(req) }));
  });

  // ---- sign-in (A6) and sessions (R14) ----

  router.post('/api/sign-in', client, async (req, res) => {
    const s = parse(SignInRequest, req.body ?? {});
    res.status(202).json(await startSignIn(deps, {
      login: s.login, password: s.password, device: deviceOf(req, s.deviceId), apiClientId: req.apiClient!.id,
    }));
  });

  router.post('/api/sign-in/verify', client, async (req, res) => {
    const v = parse(SignInVerifyRequest, req.body ?? {});
    res.json(await finishSignIn(deps, { ...v, apiClientId: req.apiClient!.id, address: endUserAddress(req) }));
  });

  router.post('/api/sign-out', ...participant, async (req, res) => {
    await revokeSession(pool, me(req), req.participantSession!.sessionId, 'sign_out');
    res.status(204).end();
  });

  router.get('/api/me/sessions', ...participant, async (req, res) => {
    const sessions = await liveSessions(pool, me(req));
    res.json(sessions.map((s) => ({ ...s, current: s.id === req.participantSession!.sessionId })));
  });

  router.delete('/api/me/sessions/:id', ...participant, async (req, res) => {
    const id = String(req.params.id);
    if (!isUuid(id) || !(await revokeSession(pool, me(req), id, 'revoked'))) {
      throw new AppError(404, 'session_not_found', 'The participant has no live session with this id', 'id');
    }
    res.status(204).end();
  });

  // ---- the participant's own account ----

  router.get('/api/me', ...participant, async (req, res) => {
    const p = (await participantById(pool, me(req)))!;
    const { nextExpiry } = await openLots(pool, p.id);
    res.json({
      participantId: p.id,
      memberNumber: p.member_number,
      email: p.email,
      firstName: p.first_name,
      lastName: p.last_name,
      status: p.status,
      agency: { inn: p.agency_inn, legalName: p.agency_name },
      balance: p.balance,
      nextExpiry,
      session: { id: req.participantSession!.sessionId, expiresAt: req.participantSession!.expiresAt },
    });
  });

  /** The same shape as GET /api/registrations/{id}/ledger: lots with their expiry (R20) and every entry with its source. */
  router.get('/api/me/ledger', ...participant, async (req, res) => {
    const p = (await participantById(pool, me(req)))!;
    const { lots, nextExpiry } = await openLots(pool, p.id);
    res.json({ balance: p.balance, nextExpiry, lots, entries: await participantLedger(pool, p.id) });
  });

  router.get('/api/me/events', ...participant, async (req, res) => {
    res.json(await attendedEvents(pool, me(req)));
  });

  router.get('/api/me/requests', ...participant, async (req, res) => {
    res.json(await openRequests(pool, me(req)));
  });

  // 429s say when to come back.
  const retryAfter: ErrorRequestHandler = (err, _req, res, next) => {
    if (err instanceof RateLimited) res.set('Retry-After', String(err.retryAfterSeconds));
    next(err);
  };
  router.use(retryAfter);
  return router;
}
