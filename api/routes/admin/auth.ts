/**
 * The staff console's sign-in (two steps when the account has a second factor), its session (an
 * HttpOnly cookie with a CSRF token, api/staff-session.ts), the staff member's own second factor, and
 * the admins' security settings. Every route answers `Cache-Control: no-store` (api/app.ts).
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../../db/audit.js';
import {
  removeSecondFactor,
  revokeStaffSession,
  setAdminSecondFactorRequired,
  staffById,
  staffSecuritySettings,
  type StaffSessionUser,
} from '../../../db/staff.js';
import { inTransaction } from '../../../db/pool.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { anyone, staffRole } from '../../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../../route-table.js';
import { record } from '../../staff-answers.js';
import {
  SecondFactorConfirmRequest,
  SecondFactorStartRequest,
  StaffLoginRequest,
  StaffLoginVerifyRequest,
  confirmSecondFactorEnrolment,
  finishStaffSignIn,
  startSecondFactorEnrolment,
  startStaffSignIn,
  type OpenedSession,
} from '../../staff-auth.js';
import { clearSessionCookies, fromBrowser, setSessionCookies } from '../../staff-session.js';

const SecuritySettingsRequest = z.strictObject({
  adminSecondFactorRequired: z.boolean('must be true or false'),
});

const StaffView = z.object({
  staff: z.object({ id: z.uuid(), email: z.string(), name: z.string(), role: z.string(), secondFactor: z.boolean() }),
  expiresAt: z.iso.datetime(),
  mustEnrolSecondFactor: z.boolean().meta({ description: 'An admin who must set up a second factor first: only enrolment is open' }),
  token: z
    .string()
    .optional()
    .meta({ description: 'The session token, for `Authorization: Bearer`: only to a program, never to a browser' }),
});
const tooMany = refused('`too_many_attempts`: `Retry-After` says when to try again');
/** Whoever is signed in, also an admin who must enrol a second factor first. */
const signedIn = staffRole('support', { allowWithoutSecondFactor: true });
const admin = staffRole('admin');

export const staffAuthRoutes = defineRoutes('/admin/api', {
  'POST /admin/api/auth/login': {
    access: anyone,
    tag: 'Staff sign-in',
    summary: 'Sign in, step one: email and password',
    description:
      'Without a second factor, the session opens (cookies; a program also gets `token`). With one, 202 and a challenge: ' +
      "step two is `POST /admin/api/auth/login/verify` with the authenticator's code.",
    body: StaffLoginRequest,
    responses: {
      200: json(StaffView, 'Signed in', { 'Set-Cookie': 'The session (HttpOnly) and the CSRF token the console echoes' }),
      202: json(
        z.object({ secondFactor: z.literal('totp'), challengeId: z.uuid(), expiresAt: z.iso.datetime() }),
        'The second factor is asked for',
      ),
      401: refused('`wrong_credentials`'),
      403: refused("`csrf_failed`: another site's page cannot sign a browser in"),
      429: tooMany,
    },
  },
  'POST /admin/api/auth/login/verify': {
    access: anyone,
    tag: 'Staff sign-in',
    summary: "Sign in, step two: the authenticator's code",
    body: StaffLoginVerifyRequest,
    responses: {
      200: json(StaffView, 'Signed in', { 'Set-Cookie': 'The session (HttpOnly) and the CSRF token the console echoes' }),
      401: refused('`code_invalid` or `code_used` (with `attemptsLeft`)'),
      404: refused('`challenge_not_found`'),
      410: refused('`code_used`, `code_expired` or `code_attempts_exhausted`: sign in again'),
      429: tooMany,
    },
  },
  'GET /admin/api/auth/me': {
    access: signedIn,
    tag: 'Staff sign-in',
    summary: 'Who is signed in, until when, and whether a second factor must be set up first',
    responses: { 200: json(StaffView, 'The staff member') },
  },
  'POST /admin/api/auth/logout': {
    access: signedIn,
    tag: 'Staff sign-in',
    summary: 'Sign out: the session is revoked and its cookies cleared (audited)',
    responses: { 200: json(z.object({ ok: z.literal(true) }), 'Signed out') },
  },
  'POST /admin/api/auth/second-factor': {
    access: signedIn,
    tag: 'Staff sign-in',
    summary: 'Start setting up the authenticator app: a new secret, shown once',
    description: 'Replacing an active second factor needs a code from the current one.',
    body: SecondFactorStartRequest,
    responses: {
      200: json(z.object({ secret: z.string(), otpauthUri: z.string() }), 'The secret, and its otpauth:// URI for a QR code'),
      400: refused('`code` is required to replace an active second factor'),
      401: refused('`code_invalid`'),
      429: tooMany,
    },
  },
  'POST /admin/api/auth/second-factor/confirm': {
    access: signedIn,
    tag: 'Staff sign-in',
    summary: "Confirm the new authenticator with its first code: it is the account's second factor from now on",
    body: SecondFactorConfirmRequest,
    responses: {
      200: json(z.object({ secondFactor: z.literal(true) }), 'Set up'),
      401: refused('`code_invalid`'),
      409: refused('`no_enrolment`: start the enrolment first'),
      429: tooMany,
    },
  },
  'DELETE /admin/api/staff/:id/second-factor': {
    access: admin,
    tag: 'Staff sign-in',
    summary: "Remove another staff member's lost authenticator (audited)",
    responses: {
      200: json(z.object({ secondFactor: z.literal(false) }), 'Removed'),
      404: refused('`staff_not_found`'),
      409: refused('`own_second_factor` (another admin removes yours), or `no_second_factor`'),
    },
  },
  'GET /admin/api/security-settings': {
    access: admin,
    tag: 'Staff sign-in',
    summary: 'Whether admins must have a second factor',
    responses: { 200: record('`{ adminSecondFactorRequired, … }`') },
  },
  'PUT /admin/api/security-settings': {
    access: admin,
    tag: 'Staff sign-in',
    summary: 'Require (or not) a second factor of every admin (audited)',
    body: SecuritySettingsRequest,
    responses: { 200: record('the settings'), 409: refused('`second_factor_missing`: set up your own second factor first') },
  },
});

/** Another site's page cannot sign a browser in to an account of its choosing (checked before the body is read). */
const notCrossSite: RequestHandler = (req, _res, next) =>
  next(req.get('sec-fetch-site') === 'cross-site' ? new AppError(403, 'csrf_failed', 'Sign in from the console itself') : undefined);

/** What the console knows of the signed-in staff member (GET /auth/me, and a completed sign-in). */
const me = (staff: StaffSessionUser) => ({
  staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role, secondFactor: staff.secondFactor },
  expiresAt: staff.expiresAt.toISOString(),
  mustEnrolSecondFactor: staff.mustEnrolSecondFactor,
});

export function staffAuthRouter(deps: ApiDeps): Router {
  const { pool, config } = deps;
  const router = routesOf(staffAuthRoutes, deps);
  const address = (req: Request) => req.ip ?? 'unknown';

  /**
   * A browser gets the session only as cookies; a program (no Sec-Fetch-Site header, which page
   * scripts cannot send) also gets the token, for `Authorization: Bearer`.
   */
  const sendSession = (req: Request, res: Response, { token, user }: OpenedSession) => {
    setSessionCookies(res, config, { id: user.sessionId, token, expiresAt: user.expiresAt });
    res.json({ ...me(user), ...(fromBrowser(req) ? {} : { token }) });
  };

  router.on('POST /admin/api/auth/login', notCrossSite, async ({ body: { email, password } }, req, res) => {
    const step = await startStaffSignIn(deps, { email, password, address: address(req) });
    if (step.kind === 'session') return sendSession(req, res, step.session);
    res.status(202).json({ secondFactor: 'totp', challengeId: step.challengeId, expiresAt: step.expiresAt.toISOString() });
  });

  router.on('POST /admin/api/auth/login/verify', async ({ body: v }, req, res) => {
    sendSession(req, res, await finishStaffSignIn(deps, { ...v, address: address(req) }));
  });

  router.on('GET /admin/api/auth/me', (_in, req, res) => {
    res.json(me(req.staff!));
  });

  /**
   * Revokes the session and clears its cookies. Only a request that passes the session and CSRF
   * checks clears them: another site must not be able to sign anyone out. (The cookies of a session
   * that has ended are harmless: the next sign-in replaces them.)
   */
  router.on('POST /admin/api/auth/logout', async (_in, req, res) => {
    await inTransaction(pool, async (tx) => {
      await revokeStaffSession(tx, req.staff!.sessionId);
      await writeAudit(tx, staffActor(req), 'staff.sign_out', { type: 'staff', id: req.staff!.id });
    });
    clearSessionCookies(res, config);
    res.json({ ok: true });
  });

  // ---- the staff member's own second factor ----

  router.on('POST /admin/api/auth/second-factor', async ({ body: { code } }, req, res) => {
    res.json(await startSecondFactorEnrolment(deps, { staff: req.staff!, code, address: address(req) }));
  });

  router.on('POST /admin/api/auth/second-factor/confirm', async ({ body: { code } }, req, res) => {
    await confirmSecondFactorEnrolment(deps, { staff: req.staff!, code, address: address(req) });
    res.json({ secondFactor: true });
  });

  // ---- admins: another staff member's lost authenticator, and the rule for admins ----

  router.on('DELETE /admin/api/staff/:id/second-factor', async (_in, req, res) => {
    const id = String(req.params.id);
    if (id === req.staff!.id) {
      throw new AppError(409, 'own_second_factor', 'Another admin removes your second factor; you can replace it yourself', 'id');
    }
    const target = await staffById(pool, id).catch(() => null);
    if (!target) throw new AppError(404, 'staff_not_found', 'No staff member with this id', 'id');
    const removed = await inTransaction(pool, async (tx) => {
      const done = await removeSecondFactor(tx, id);
      if (done) await writeAudit(tx, staffActor(req), 'staff.second_factor_reset', { type: 'staff', id }, { email: target.email });
      return done;
    });
    if (!removed) throw new AppError(409, 'no_second_factor', 'This staff member has no second factor', 'id');
    res.json({ secondFactor: false });
  });

  router.on('GET /admin/api/security-settings', async (_in, _req, res) => {
    res.json(await staffSecuritySettings(pool, config.staffAdminTotpRequired));
  });

  router.on('PUT /admin/api/security-settings', async ({ body: { adminSecondFactorRequired } }, req, res) => {
    // Switching it on without a factor of one's own would send oneself to enrol at once.
    if (adminSecondFactorRequired && !req.staff!.secondFactor) {
      throw new AppError(409, 'second_factor_missing', 'Set up your own second factor first', 'adminSecondFactorRequired');
    }
    await inTransaction(pool, async (tx) => {
      await setAdminSecondFactorRequired(tx, adminSecondFactorRequired, req.staff!.id);
      await writeAudit(
        tx,
        staffActor(req),
        'staff.security_settings',
        { type: 'staff_settings', id: 'security' },
        { adminSecondFactorRequired },
      );
    });
    res.json(await staffSecuritySettings(pool, config.staffAdminTotpRequired));
  });
  return router.done();
}
