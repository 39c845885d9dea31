/**
 * A staff session as the console's browser holds it: the cookies the API sets at sign-in (the
 * HttpOnly session cookie and the readable CSRF cookie), sent back on every call, with the CSRF token
 * echoed in X-CSRF-Token on requests that change something. Requests carry Sec-Fetch-Site, as a
 * browser's do (so the API treats them as the console's), and an end-user address of their own
 * (X-Forwarded-For, believed from loopback), so one test's per-address limits do not reach another.
 */
import type { TestSystem, ApiAnswer } from './system.js';

export interface CookieJar {
  /** name → value of the cookies the API set and has not cleared */
  cookies: Record<string, string>;
}

export interface StaffCallOptions {
  jar?: CookieJar;
  /** send the CSRF cookie's value in X-CSRF-Token (default: for methods that change something) */
  csrf?: boolean | string;
  /** the end user's address (X-Forwarded-For) */
  ip?: string;
  /** a bearer token instead of cookies (a program, not a browser) */
  token?: string;
  /** as a browser (Sec-Fetch-Site: same-origin); default true unless `token` is given */
  browser?: boolean;
  headers?: Record<string, string>;
}

/** Set-Cookie headers as parsed attributes, by cookie name. */
export function setCookies(res: ApiAnswer): Record<string, { value: string; attributes: Record<string, string | true> }> {
  const parsed: Record<string, { value: string; attributes: Record<string, string | true> }> = {};
  for (const header of res.headers.getSetCookie()) {
    const [pair, ...attrs] = header.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const a of attrs) {
      const i = a.indexOf('=');
      attributes[(i < 0 ? a : a.slice(0, i)).toLowerCase()] = i < 0 ? true : a.slice(i + 1);
    }
    parsed[pair.slice(0, eq)] = { value: decodeURIComponent(pair.slice(eq + 1)), attributes };
  }
  return parsed;
}

/** Keeps what the answer set; drops what it cleared (an expiry in the past). */
function remember(jar: CookieJar, res: ApiAnswer): void {
  for (const [name, { value, attributes }] of Object.entries(setCookies(res))) {
    const expires = typeof attributes.expires === 'string' ? Date.parse(attributes.expires) : NaN;
    if (value === '' || attributes['max-age'] === '0' || expires <= Date.now()) delete jar.cookies[name];
    else jar.cookies[name] = value;
  }
}

export async function staffCall(
  sys: TestSystem,
  method: string,
  path: string,
  body?: unknown,
  o: StaffCallOptions = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.browser ?? !o.token) headers['sec-fetch-site'] = 'same-origin';
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.ip) headers['x-forwarded-for'] = o.ip;
  if (o.jar && Object.keys(o.jar.cookies).length) {
    headers.cookie = Object.entries(o.jar.cookies)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('; ');
  }
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
  const csrf = o.csrf ?? unsafe;
  if (typeof csrf === 'string') headers['x-csrf-token'] = csrf;
  else if (csrf && o.jar?.cookies.bk_staff_csrf) headers['x-csrf-token'] = o.jar.cookies.bk_staff_csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(sys.baseUrl + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  const answer = { status: res.status, body: parsed, headers: res.headers };
  if (o.jar) remember(o.jar, answer);
  return answer;
}

/** Signs in as the console does (password only); answers the jar holding the session's cookies. */
export async function consoleSignIn(sys: TestSystem, staff: { email: string; password: string }, ip?: string): Promise<CookieJar> {
  const jar: CookieJar = { cookies: {} };
  const res = await staffCall(sys, 'POST', '/admin/api/auth/login', { email: staff.email, password: staff.password }, { jar, ip });
  if (res.status !== 200) throw new Error(`console sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return jar;
}

export const randomAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;
