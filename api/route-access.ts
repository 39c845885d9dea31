/**
 * Who may call a route: every route of the route table (api/route-table.ts) carries exactly one of
 * these rules, and its gate is built from the rule alone.
 *
 *  - `anyone` (public): the pages behind emailed links and what they post (the link's token is the
 *    credential), the staff sign-in steps;
 *  - `apiClient(scope)`: an API client's key (`X-Api-Key`) whose client holds `scope`
 *    (rules/api-scopes.ts; api/auth.ts `requireScope`: 403 `scope_missing` otherwise);
 *  - `participantSession`: a participant's session (`Authorization: Bearer …`) opened through the same
 *    client (/api/me…), whose client holds the `participants` scope;
 *  - `staffRole(role)`: a staff session with at least `role` (rules/staff-roles.ts: support < manager < admin;
 *    each may do everything the roles before it may).
 *
 * The gates are idempotent: a prefix may already have checked the API key or the staff session
 * (api/app.ts mounts `/api` behind the key and `/admin/api` behind the session, so unknown paths there
 * answer 401 as before); the route's own rule then checks what is left (scope, role), and holds on its
 * own wherever the route is mounted. test/integration/route-access.test.ts proves every rule.
 */
import type { Request, RequestHandler } from 'express';
import type { ApiScope } from '../rules/api-scopes.js';
import type { StaffRole } from '../rules/staff-roles.js';
import { requireApiKey, requireRole, requireScope, requireStaff } from './auth.js';
import type { ApiDeps } from './deps.js';
import { requireParticipant } from './participant-auth.js';

export type { StaffRole };

export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'client'; readonly scope: ApiScope }
  | { readonly kind: 'participant'; readonly scope: 'participants' }
  | { readonly kind: 'staff'; readonly role: StaffRole; readonly allowWithoutSecondFactor?: boolean };

export const ACCESS_KINDS = ['public', 'client', 'participant', 'staff'] as const satisfies ReadonlyArray<Access['kind']>;

/** Anyone, without credentials: the token in the body (a link's) or the sign-in itself is the check. */
export const anyone = { kind: 'public' } as const satisfies Access;
/** An API client holding `scope`. */
export const apiClient = <S extends ApiScope>(scope: S) => ({ kind: 'client', scope }) as const satisfies Access;
/** A participant signed in through the calling client (A6, R14). */
export const participantSession = { kind: 'participant', scope: 'participants' } as const satisfies Access;
/**
 * Staff with at least `role`. `allowWithoutSecondFactor`: also an admin who must enrol a second
 * factor and has not yet (only what enrolling needs: who am I, sign out, enrol).
 */
export const staffRole = (role: StaffRole, opts: { allowWithoutSecondFactor?: true } = {}) =>
  ({ kind: 'staff', role, ...opts }) as const satisfies Access;

/** `gate` unless `done(req)` says a prefix's gate has already run it. */
const unlessDone =
  (done: (req: Request) => boolean, gate: RequestHandler): RequestHandler =>
  (req, res, next) =>
    done(req) ? next() : gate(req, res, next);

/** The middleware that enforces `access`, in order. */
export function accessGate(deps: Pick<ApiDeps, 'pool' | 'config'>, access: Access): RequestHandler[] {
  const apiKey = unlessDone((req) => req.apiClient !== undefined, requireApiKey(deps.pool));
  switch (access.kind) {
    case 'public':
      return [];
    case 'client':
      return [apiKey, requireScope(access.scope) as RequestHandler];
    case 'participant':
      return [apiKey, requireScope(access.scope) as RequestHandler, requireParticipant(deps.pool)];
    case 'staff': {
      const session = requireStaff(deps, { allowWithoutSecondFactor: access.allowWithoutSecondFactor ?? false });
      return [unlessDone((req) => req.staff !== undefined, session), ...(access.role === 'support' ? [] : [requireRole(access.role)])];
    }
  }
}
