/**
 * The role × route matrix (issue 10's proofs), generated from the route table: every declared route
 * (api/route-tables.ts) is called by every kind of caller, and each answer must be what the route's
 * access rule says: refused at the gate (401, 403, or 404 for another participant's row, with the
 * gate's code), or past it (anything else but a 5xx: a 400 for the harmless invalid body, a 404 for
 * the unknown id, a 200). A route added to the table is in the matrix at once; a route without an
 * access rule fails it (and does not type-check).
 *
 * Callers: anonymous; a client without the route's scope ("wrong client"); participant A (a client
 * key holding every scope, and A's session); participant B (the same key, B's session, and A's ids
 * where the path names a participant's own row); and staff of every role (rules/staff-roles.ts).
 * Every request carries the same harmless body (an unknown field, so every strict schema refuses
 * it) and ids that name nothing, so no call changes anything; the routes that end the caller's own
 * session (sign-out, logout) are called with a session of their own.
 *
 * Every 2xx JSON answer met on the way must also be what the document says (issue 14): its status
 * declared for the route, its body valid against the route's zod answer schema (the one the OpenAPI
 * document is generated from), and no field the schema does not name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Access } from '../../api/route-access.js';
import { pathParams, type DeclaredRoute } from '../../api/route-table.js';
import { allRoutes } from '../../api/route-tables.js';
import { createApiKey } from '../../db/api-keys.js';
import { API_SCOPES, type ApiScope } from '../../rules/api-scopes.js';
import { STAFF_ROLES, hasRole, type StaffRole } from '../../rules/staff-roles.js';
import { createStaff, registerActiveAgent, signIn, startTestSystem, waitFor, type ApiAnswer, type TestSystem } from '../support/system.js';

let sys: TestSystem;

/** Who calls: the headers it sends. */
interface Caller {
  name: string;
  headers: (route: DeclaredRoute) => Promise<Record<string, string>>;
}

/** What the matrix expects: past the gate, or refused with one of these codes. */
type Outcome = { pass: true } | { pass: false; status: number; codes: string[] };
const PASS: Outcome = { pass: true };
const refused = (status: number, ...codes: string[]): Outcome => ({ pass: false, status, codes });

/** The codes only a gate answers (api/auth.ts, api/participant-auth.ts, api/params.ts and the unknown path's 404). */
const GATE_CODES = new Set([
  'api_key_missing',
  'api_key_invalid',
  'scope_missing',
  'not_signed_in',
  'session_expired',
  'forbidden',
  'csrf_failed',
  'second_factor_required',
  'not_found',
]);

/** The password test/support/system.ts `confirm` sets. */
const PASSWORD = 'correct horse battery';
const BODY = { routeAccessMatrix: true };
/** The routes that end the caller's own session: each call gets a session of its own. */
const ENDS_SESSION = new Set(['POST /api/sign-out', 'POST /admin/api/auth/logout']);

let fullKey: string;
const keysWithout = new Map<ApiScope | 'none', string>();
let participantA: { token: string; sessionId: string };
let participantB: { token: string; sessionId: string };
const staffTokens = new Map<StaffRole, string>();
const staffAccounts = new Map<StaffRole, { email: string; password: string }>();
let participantAEmail: string;
let participantBEmail: string;

async function participantSession(email: string): Promise<{ token: string; sessionId: string }> {
  const since = sys.mail.messages.length;
  const started = await sys.call('POST', '/api/sign-in', { login: email, password: PASSWORD }, { apiKey: fullKey });
  if (started.status !== 202) throw new Error(`sign-in refused: ${started.status} ${JSON.stringify(started.body)}`);
  const mail = await waitFor(async () =>
    sys.mail.messages.slice(since).find((m) => m.to.includes(email.toLowerCase()) && /^\d{6}$/m.test(m.text)),
  );
  const code = /^(\d{6})$/m.exec(mail.text)![1];
  const verified = await sys.call('POST', '/api/sign-in/verify', { challengeId: started.body.challengeId, code }, { apiKey: fullKey });
  if (verified.status !== 200) throw new Error(`verify refused: ${verified.status} ${JSON.stringify(verified.body)}`);
  return verified.body;
}

beforeAll(async () => {
  sys = await startTestSystem();
  fullKey = (await createApiKey(sys.pool, `matrix ${randomUUID()}`, API_SCOPES)).key;
  for (const scope of [...API_SCOPES, 'none'] as const) {
    keysWithout.set(
      scope,
      (
        await createApiKey(
          sys.pool,
          `matrix without ${scope}`,
          API_SCOPES.filter((s) => s !== scope),
        )
      ).key,
    );
  }
  const [a, b] = await Promise.all([
    registerActiveAgent(sys, { firstName: 'Анна', lastName: 'Матрица', tag: 'matrix-a' }),
    registerActiveAgent(sys, { firstName: 'Борис', lastName: 'Матрица', tag: 'matrix-b' }),
  ]);
  participantAEmail = a.email;
  participantBEmail = b.email;
  [participantA, participantB] = [await participantSession(a.email), await participantSession(b.email)];
  for (const role of STAFF_ROLES) {
    const account = await createStaff(sys, role);
    staffAccounts.set(role, account);
    staffTokens.set(role, await signIn(sys, account));
  }
});
afterAll(async () => sys?.close());

const scopeOf = (access: Access): ApiScope | 'none' => (access.kind === 'client' || access.kind === 'participant' ? access.scope : 'none');

const CALLERS: Caller[] = [
  { name: 'anonymous', headers: async () => ({}) },
  { name: 'wrong client', headers: async (route) => ({ 'x-api-key': keysWithout.get(scopeOf(route.spec.access))! }) },
  {
    name: 'participant',
    headers: async (route) => {
      const session = ENDS_SESSION.has(route.key) ? await participantSession(participantAEmail) : participantA;
      return { 'x-api-key': fullKey, authorization: `Bearer ${session.token}` };
    },
  },
  {
    name: 'other participant',
    headers: async (route) => {
      const session = ENDS_SESSION.has(route.key) ? await participantSession(participantBEmail) : participantB;
      return { 'x-api-key': fullKey, authorization: `Bearer ${session.token}` };
    },
  },
  ...STAFF_ROLES.map((role): Caller => ({
    name: role,
    headers: async (route) => {
      const token = ENDS_SESSION.has(route.key) ? await signIn(sys, staffAccounts.get(role)!) : staffTokens.get(role)!;
      return { authorization: `Bearer ${token}` };
    },
  })),
];

/** What the route's access rule promises this caller. */
function expected(route: DeclaredRoute, caller: string): Outcome {
  const access = route.spec.access as Access | undefined;
  const staff = STAFF_ROLES.find((r) => r === caller);
  switch (access?.kind) {
    case 'public':
      return PASS;
    case 'client':
      if (caller === 'anonymous' || staff) return refused(401, 'api_key_missing');
      if (caller === 'wrong client') return refused(403, 'scope_missing');
      return PASS;
    case 'participant':
      if (caller === 'anonymous' || staff) return refused(401, 'api_key_missing');
      if (caller === 'wrong client') return refused(403, 'scope_missing');
      // B's session with A's row (the only participant rows in a path are A's own sessions).
      if (caller === 'other participant' && pathParams(route.path).length > 0) return refused(404, 'session_not_found');
      return PASS;
    case 'staff':
      if (caller === 'anonymous' || caller === 'wrong client') return refused(401, 'not_signed_in');
      if (!staff) return refused(401, 'session_expired');
      return hasRole(staff, access.role) ? PASS : refused(403, 'forbidden');
    default:
      throw new Error(`${route.key} has no access rule`);
  }
}

/** The path with ids that name nothing (or, for another participant, participant A's own row). */
function pathFor(route: DeclaredRoute, caller: string): string {
  return route.path.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === 'entryId') return '1';
    if (caller === 'other participant' && route.spec.access.kind === 'participant') return participantA.sessionId;
    return randomUUID();
  });
}

async function callAs(route: DeclaredRoute, caller: Caller): Promise<ApiAnswer> {
  const headers = await caller.headers(route);
  const withBody = route.method !== 'GET';
  const res = await fetch(sys.baseUrl + pathFor(route, caller.name), {
    method: route.method,
    headers: { ...headers, ...(withBody && { 'content-type': 'application/json' }) },
    body: withBody ? JSON.stringify(BODY) : undefined,
    redirect: 'manual',
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a page, a file
  }
  return { status: res.status, body, headers: res.headers };
}

const routes = allRoutes();

/** The paths of `body` that the schema's parse dropped: fields the document does not name. */
function undocumented(body: unknown, parsed: unknown, at = ''): string[] {
  if (Array.isArray(body) && Array.isArray(parsed)) return body.flatMap((item, i) => undocumented(item, parsed[i], `${at}[${i}]`));
  if (body === null || typeof body !== 'object' || parsed === null || typeof parsed !== 'object') return [];
  const kept = parsed as Record<string, unknown>;
  return Object.entries(body).flatMap(([key, value]) => (key in kept ? undocumented(value, kept[key], `${at}.${key}`) : [`${at}.${key}`]));
}

/** How a 2xx answer differs from the route's document, or null when it matches. */
function answerMismatch(route: DeclaredRoute, res: ApiAnswer): string | null {
  if (res.status < 200 || res.status >= 300) return null;
  const declared = route.spec.responses[res.status];
  if (!declared) return `status ${res.status} is not in the document (${Object.keys(route.spec.responses).join(', ')})`;
  if (!declared.schema || (declared.type ?? 'application/json') !== 'application/json') return null;
  const parsed = declared.schema.safeParse(res.body);
  if (!parsed.success) return `${res.status} answer is not the document's: ${z.prettifyError(parsed.error)}`;
  const extra = undocumented(res.body, parsed.data);
  return extra.length ? `${res.status} answer has fields the document does not name: ${extra.slice(0, 10).join(', ')}` : null;
}

describe('the role × route matrix', () => {
  it('covers a route table with an access rule on every route', () => {
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) expect(() => expected(route, 'anonymous'), route.key).not.toThrow();
  });

  it.concurrent.each(routes.map((r) => [r.key, r] as const))('%s', async (_key, route) => {
    const seen: string[] = [];
    const wrong: string[] = [];
    for (const caller of CALLERS) {
      const want = expected(route, caller.name);
      const res = await callAs(route, caller);
      const code: string | undefined = res.body?.error?.code;
      seen.push(`${caller.name}: ${res.status} ${code ?? ''}`);
      const gateRefused = [401, 403, 404].includes(res.status) && GATE_CODES.has(code ?? '');
      const ok = want.pass ? res.status < 500 && !gateRefused : res.status === want.status && want.codes.includes(code ?? '');
      if (!ok)
        wrong.push(
          `${caller.name}: expected ${want.pass ? 'past the gate' : `${want.status} ${want.codes.join('|')}`}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
        );
      const mismatch = answerMismatch(route, res);
      if (mismatch) wrong.push(`${caller.name}: ${mismatch}`);
    }
    expect(wrong, `${route.key} (${JSON.stringify(route.spec.access)})\n${seen.join('\n')}`).toEqual([]);
  });
});
