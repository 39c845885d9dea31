/**
 * How the console holds a staff session in the browser: an HttpOnly cookie the page's scripts cannot
 * read (so no script, injected or not, can carry the session away), SameSite=Strict, Path=/admin,
 * Secure when PUBLIC_URL is https. Because a browser sends a cookie by itself, every state-changing
 * request also proves it comes from the console: the console echoes a second, readable cookie in the
 * X-CSRF-Token header (double submit), and that token is an HMAC of the session id with TOKEN_SECRET,
 * so it cannot be planted or reused for another session. A request without both, or with a
 * mismatch, is refused with 403 `csrf_failed`.
 *
 * Programs (scripts, tests) may send the session token as `Authorization: Bearer …` instead: a
 * browser never adds that header on its own, so those requests need no CSRF token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import type { Config } from '../infra/config.js';
import { derivedToken } from '../infra/secrets.js';

export const SESSION_COOKIE = 'bk_staff_session';
export const CSRF_COOKIE = 'bk_staff_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const cookiePath = '/admin';

/** The cookies of a request (no cookie-parser: two names are all the staff API reads). */
export function requestCookies(req: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in cookies) continue;
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a malformed value is no value
    }
  }
  return cookies;
}

/** The CSRF token of a session: derived, so the server keeps nothing more. */
export const csrfTokenFor = (config: Config, sessionId: string) => derivedToken(config.tokenSecret, `staff-csrf:${sessionId}`);

const sameString = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Methods that change nothing need no CSRF token. */
export const isSafeMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

/** The header matches the readable cookie and is this session's token. */
export function csrfHolds(req: Request, config: Config, sessionId: string): boolean {
  const header = req.get(CSRF_HEADER) ?? '';
  const cookie = requestCookies(req)[CSRF_COOKIE] ?? '';
  return header !== '' && sameString(header, cookie) && sameString(header, csrfTokenFor(config, sessionId));
}

const options = (config: Config, httpOnly: boolean, expiresAt?: Date): CookieOptions => ({
  httpOnly,
  sameSite: 'strict',
  secure: config.publicUrl.startsWith('https:'),
  path: cookiePath,
  ...(expiresAt ? { expires: expiresAt } : {}),
});

/** After a sign-in: the session in an HttpOnly cookie, its CSRF token in a readable one; both end with the session. */
export function setSessionCookies(res: Response, config: Config, session: { id: string; token: string; expiresAt: Date }): void {
  res.cookie(SESSION_COOKIE, session.token, options(config, true, session.expiresAt));
  res.cookie(CSRF_COOKIE, csrfTokenFor(config, session.id), options(config, false, session.expiresAt));
}

export function clearSessionCookies(res: Response, config: Config): void {
  res.clearCookie(SESSION_COOKIE, options(config, true));
  res.clearCookie(CSRF_COOKIE, options(config, false));
}

/**
 * A request from a page in a browser: browsers send Sec-Fetch-Site with every request, and no page
 * script can set or remove it. Such a caller gets its session only as the cookie, never in the body.
 */
export const fromBrowser = (req: Request) => req.get('sec-fetch-site') !== undefined;
