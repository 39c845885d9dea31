import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { apiClientByKey, type AuthenticatedClient } from '../db/api-keys.js';
import type { Actor } from '../db/audit.js';
import type { ApiScope } from '../rules/api-scopes.js';
import { hasRole } from '../rules/staff-roles.js';
import type { ActorRef } from '../workflows/messages/shared.js';
import { staffBySessionToken, type StaffRole, type StaffSessionUser } from '../db/staff.js';
import type { Pool } from '../db/pool.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { CSRF_HEADER, SESSION_COOKIE, csrfHolds, isSafeMethod, requestCookies } from './staff-session.js';

declare module 'express-serve-static-core' {
  interface Request {
    apiClient?: AuthenticatedClient;
    staff?: StaffSessionUser;
  }
}

/** API clients send `X-Api-Key: bk_…`; only its hash is stored. */
export const requireApiKey =
  (pool: Pool): RequestHandler =>
  async (req, _res, next) => {
    const key = req.get('x-api-key');
    if (!key) return next(new AppError(401, 'api_key_missing', 'Send your API key in the X-Api-Key header', 'X-Api-Key'));
    const client = await apiClientByKey(pool, key);
    if (!client)
      return next(new AppError(401, 'api_key_invalid', 'The API key is unknown or revoked, or its client is disabled', 'X-Api-Key'));
    req.apiClient = client;
    next();
  };

/**
 * A client route's scope (rules/api-scopes.ts), after `requireApiKey`: a client without it gets 403
 * `scope_missing` naming the scope. Every client route declares its scope in the route table
 * (api/route-access.ts `apiClient(scope)`), whose gate runs this.
 */
export const requireScope =
  (scope: ApiScope): RequestHandler =>
  (req, _res, next) => {
    if (req.apiClient?.scopes.includes(scope)) return next();
    next(
      new AppError(403, 'scope_missing', `This API client lacks the scope "${scope}"; an admin can grant it in the console`, 'X-Api-Key', {
        scope,
      }),
    );
  };

/**
 * The client that owns what this actor opens and may touch: an API client's own id; undefined for
 * staff and the system, who are not confined to one client's rows. What a client did not open
 * answers it 404, as if it did not exist (use `visibleTo`).
 */
export const owningClient = (actor: Actor): string | undefined => (actor.type === 'api_client' ? (actor.id ?? '') : undefined);

/** Whether a row with `client_id` may be shown to (or changed by) `client` (undefined: staff or the system). */
export const visibleTo = (row: { client_id: string | null }, client: string | undefined): boolean =>
  client === undefined || row.client_id === client;

/**
 * A staff session: the console's HttpOnly cookie, with the CSRF token echoed on every request that
 * changes something (api/staff-session.ts), or `Authorization: Bearer <session token>` from a program.
 * Sessions expire and can be revoked. An admin who must have a second factor and has none may only
 * enrol one (routes marked `allowWithoutSecondFactor`): 403 `second_factor_required` elsewhere.
 */
export const requireStaff =
  ({ pool, config }: Pick<ApiDeps, 'pool' | 'config'>, { allowWithoutSecondFactor = false } = {}): RequestHandler =>
  async (req, _res, next) => {
    const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    const token = bearer ?? requestCookies(req)[SESSION_COOKIE];
    if (!token) return next(new AppError(401, 'not_signed_in', 'Sign in first', 'Authorization'));
    const needsCsrf = !bearer && !isSafeMethod(req.method);
    // Without the header there is nothing to compare: refused before the session is even looked up.
    if (needsCsrf && !req.get(CSRF_HEADER)) return next(csrfFailed());
    const staff = await staffBySessionToken(pool, token, config.staffAdminTotpRequired);
    if (!staff) return next(new AppError(401, 'session_expired', 'The session has expired; sign in again', 'Authorization'));
    if (needsCsrf && !csrfHolds(req, config, staff.sessionId)) return next(csrfFailed());
    if (staff.mustEnrolSecondFactor && !allowWithoutSecondFactor) {
      return next(new AppError(403, 'second_factor_required', 'Admins must set up a second factor first (the authenticator app)'));
    }
    req.staff = staff;
    next();
  };

const csrfFailed = () =>
  new AppError(403, 'csrf_failed', `This request must carry the console's CSRF token in the ${CSRF_HEADER} header`, CSRF_HEADER);

/** At least `role` (rules/staff-roles.ts: support < manager < admin; each may do what the roles before it may). */
export const requireRole =
  (role: StaffRole): RequestHandler =>
  (req: Request, _res: Response, next: NextFunction) => {
    if (!hasRole(req.staff?.role, role)) {
      return next(new AppError(403, 'forbidden', `This needs the ${role} role`));
    }
    next();
  };

export const staffActor = (req: Request): ActorRef => ({ type: 'staff', id: req.staff!.id, label: req.staff!.email });
/** The API client making the request, as the audit log and the workflows name it. */
export const clientActor = (req: Request): ActorRef => ({ type: 'api_client', id: req.apiClient!.id, label: `api:${req.apiClient!.name}` });
