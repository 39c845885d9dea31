/**
 * The staff console's trust boundaries, through the HTTP API on the real PostgreSQL, Temporal and SMTP:
 * staff sign-in limits (the participants' limits, 429 with Retry-After), the second factor (TOTP,
 * RFC 6238) with its two-step sign-in, replay protection and the admins' rule, the console's session
 * (HttpOnly cookie, CSRF double submit, sign-out), the browser headers, the JSON 404 of the staff API,
 * and links that stay secret: masked in the mail view, resent instead.
 *
 * Each test signs in from its own end-user address (X-Forwarded-For) so the per-address limit of one
 * test does not reach another.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp } from '../../infra/totp.js';
import { consoleSignIn, randomAddress, setCookies, staffCall, type CookieJar } from '../support/staff-session.js';
import {
  createStaff,
  confirmationToken,
  randomInn,
  registerActiveAgent,
  signIn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  type ApiAnswer,
  type TestSystem,
} from '../support/system.js';

const K = 3; // AUTH_FAILURE_LIMIT
const IP_LIMIT = 8; // AUTH_IP_LIMIT
const WINDOW_MS = 6000; // AUTH_WINDOW_MS
const CODE_ATTEMPTS = 2; // SIGN_IN_CODE_ATTEMPTS

let sys: TestSystem;
/** The same deployment behind https (PUBLIC_URL): Secure cookies. */
let https: TestSystem;
/** The same deployment with STAFF_ADMIN_TOTP_REQUIRED=true. */
let strict: TestSystem;

beforeAll(async () => {
  const limits = {
    AUTH_FAILURE_LIMIT: String(K),
    AUTH_IP_LIMIT: String(IP_LIMIT),
    AUTH_WINDOW_MS: String(WINDOW_MS),
    SIGN_IN_CODE_ATTEMPTS: String(CODE_ATTEMPTS),
  };
  [sys, https, strict] = await Promise.all([
    startTestSystem(limits),
    startTestSystem({ ...limits, PUBLIC_URL: 'https://bonus.example' }, { worker: false }),
    startTestSystem({ ...limits, STAFF_ADMIN_TOTP_REQUIRED: 'true' }, { worker: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([https?.close(), strict?.close()]);
  await sys?.close();
});

// ---- helpers ---------------------------------------------------------------------------------

const login = (system: TestSystem, email: string, password: string, ip: string, jar?: CookieJar) =>
  staffCall(system, 'POST', '/admin/api/auth/login', { email, password }, { ip, jar });

function expectRetryAfter(res: ApiAnswer) {
  expect(res.status).toBe(429);
  expect(res.body.error.code).toBe('too_many_attempts');
  const seconds = Number(res.headers.get('retry-after'));
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
  return seconds;
}

const STEP_MS = 30_000;
const codeAt = (secret: string, step: number) => hotp(base32Decode(secret), step);
const stepNow = () => Math.floor(Date.now() / STEP_MS);

/** Enrols a second factor for the session's staff member; answers the secret and the step its confirming code used. */
async function enrol(system: TestSystem, token: string): Promise<{ secret: string; step: number }> {
  const started = await staffCall(system, 'POST', '/admin/api/auth/second-factor', {}, { token });
  expect(started.status).toBe(200);
  const step = stepNow();
  const confirmed = await staffCall(
    system,
    'POST',
    '/admin/api/auth/second-factor/confirm',
    { code: codeAt(started.body.secret, step) },
    { token },
  );
  expect(confirmed.status).toBe(200);
  return { secret: started.body.secret, step };
}

const auditCount = async (action: string, subjectId: string) =>
  (
    await sys.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND subject_id = $2', [
      action,
      subjectId,
    ])
  ).rows[0].n;

// ---- sign-in limits --------------------------------------------------------------------------

describe('staff sign-in limits', () => {
  it(`wrong passwords: ${K} answers 401, then 429 with Retry-After, even for the right password from elsewhere, until the window ends`, async () => {
    const staff = await createStaff(sys, 'support');
    const ip = randomAddress();
    for (let i = 0; i < K; i++) {
      const wrong = await login(sys, staff.email, 'not the password', ip);
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('wrong_credentials');
    }
    expectRetryAfter(await login(sys, staff.email, 'not the password', ip));
    // The limit is the account's: the right password from another address waits too.
    const seconds = expectRetryAfter(await login(sys, staff.email, staff.password, randomAddress()));
    await new Promise((r) => setTimeout(r, seconds * 1000 + 200));
    expect((await login(sys, staff.email, staff.password, randomAddress())).status).toBe(200);
  });

  it('an unknown email answers as a wrong password does: the same 401 body, then the same 429', async () => {
    const known = await createStaff(sys, 'support');
    const ip = randomAddress();
    const wrong = await login(sys, known.email, 'not the password', ip);
    const unknown = `nobody-${Date.now()}@operator.example`;
    const answers: ApiAnswer[] = [];
    for (let i = 0; i < K; i++) answers.push(await login(sys, unknown, 'not the password', ip));
    for (const a of answers) {
      expect(a.status).toBe(401);
      expect(a.body).toEqual(wrong.body);
    }
    expectRetryAfter(await login(sys, unknown, 'not the password', ip));
  });

  it(`per address: ${IP_LIMIT} failed sign-ins from one address, whatever the accounts, then 429 for everyone there; other addresses go on`, async () => {
    const staff = await createStaff(sys, 'support');
    const ip = randomAddress();
    for (let i = 0; i < IP_LIMIT; i++) {
      expect((await login(sys, `guess-${i}-${Date.now()}@operator.example`, 'not the password', ip)).status).toBe(401);
    }
    expectRetryAfter(await login(sys, staff.email, staff.password, ip));
    expect((await login(sys, staff.email, staff.password, randomAddress())).status).toBe(200);
  });
});

// ---- the console's session -------------------------------------------------------------------

describe('the console session: cookie and CSRF', () => {
  it('a browser sign-in gets the session only as an HttpOnly, SameSite=Strict cookie on /admin, and a readable CSRF cookie; a program gets a bearer token', async () => {
    const staff = await createStaff(sys, 'support');
    const jar: CookieJar = { cookies: {} };
    const res = await login(sys, staff.email, staff.password, randomAddress(), jar);
    expect(res.status).toBe(200);
    expect(res.body.token).toBeUndefined();
    expect(res.body.staff).toMatchObject({ email: staff.email, role: 'support', secondFactor: false });
    const cookies = setCookies(res);
    expect(cookies.bk_staff_session.attributes).toMatchObject({ httponly: true, samesite: 'Strict', path: '/admin' });
    expect(cookies.bk_staff_session.attributes.secure).toBeUndefined(); // PUBLIC_URL is http here
    expect(cookies.bk_staff_csrf.attributes).toMatchObject({ samesite: 'Strict', path: '/admin' });
    expect(cookies.bk_staff_csrf.attributes.httponly).toBeUndefined();
    expect(cookies.bk_staff_csrf.value).not.toBe(cookies.bk_staff_session.value);
    // The cookie is the session: /auth/me answers with it alone.
    expect((await staffCall(sys, 'GET', '/admin/api/auth/me', undefined, { jar })).body.staff.email).toBe(staff.email);

    const program = await staffCall(
      sys,
      'POST',
      '/admin/api/auth/login',
      { email: staff.email, password: staff.password },
      { browser: false, ip: randomAddress() },
    );
    expect(program.status).toBe(200);
    expect(typeof program.body.token).toBe('string');
  });

  it('behind https (PUBLIC_URL) both cookies are Secure', async () => {
    const staff = await createStaff(https, 'support');
    const res = await login(https, staff.email, staff.password, randomAddress());
    const cookies = setCookies(res);
    expect(cookies.bk_staff_session.attributes.secure).toBe(true);
    expect(cookies.bk_staff_csrf.attributes.secure).toBe(true);
  });

  it("a request that changes something is refused 403 csrf_failed without the CSRF header, with a wrong one, or with another session's; GETs and bearer tokens need none", async () => {
    const staff = await createStaff(sys, 'support');
    const jar = await consoleSignIn(sys, staff, randomAddress());
    const other = await consoleSignIn(sys, await createStaff(sys, 'support'), randomAddress());

    const change = (o: Parameters<typeof staffCall>[4]) => staffCall(sys, 'POST', '/admin/api/auth/second-factor', {}, o);
    for (const refused of [
      await change({ jar, csrf: false }),
      await change({ jar, csrf: 'forged' }),
      // Header and cookie agree, but belong to another session: the token is bound to its session.
      await change({ jar: { cookies: { ...jar.cookies, bk_staff_csrf: other.cookies.bk_staff_csrf } }, csrf: other.cookies.bk_staff_csrf }),
    ]) {
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('csrf_failed');
    }
    expect((await staffCall(sys, 'GET', '/admin/api/participants', undefined, { jar })).status).toBe(200);
    expect((await change({ jar })).status).toBe(200);
    const token = await signIn(sys, staff);
    expect((await staffCall(sys, 'POST', '/admin/api/auth/second-factor', {}, { token })).status).toBe(200);
  });

  it('sign-out revokes the session in the database and clears both cookies; the old cookie is refused after', async () => {
    const staff = await createStaff(sys, 'support');
    const jar = await consoleSignIn(sys, staff, randomAddress());
    const stolen = { cookies: { ...jar.cookies } };
    expect((await staffCall(sys, 'POST', '/admin/api/auth/logout', undefined, { jar, csrf: false })).status).toBe(403);

    const out = await staffCall(sys, 'POST', '/admin/api/auth/logout', undefined, { jar });
    expect(out.status).toBe(200);
    const cleared = setCookies(out);
    for (const name of ['bk_staff_session', 'bk_staff_csrf']) {
      expect(cleared[name].value).toBe('');
      expect(Date.parse(String(cleared[name].attributes.expires))).toBeLessThan(Date.now());
    }
    expect(jar.cookies).toEqual({});
    const { rows } = await sys.pool.query(
      'SELECT revoked_at FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id WHERE u.email = $1',
      [staff.email],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].revoked_at).not.toBeNull();
    const again = await staffCall(sys, 'GET', '/admin/api/auth/me', undefined, { jar: stolen });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe('session_expired');
  });
});

// ---- the second factor -----------------------------------------------------------------------

describe('second factor (TOTP)', () => {
  it('enrolment shows the secret once and a code confirms it; sign-in is then two steps, password then code; a used code is refused', async () => {
    const staff = await createStaff(sys, 'support');
    const token = await signIn(sys, staff);
    const started = await staffCall(sys, 'POST', '/admin/api/auth/second-factor', {}, { token });
    expect(started.status).toBe(200);
    expect(started.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(started.body.otpauthUri);
    expect(uri.searchParams.get('secret')).toBe(started.body.secret);
    expect(decodeURIComponent(uri.pathname)).toContain(staff.email);

    const wrongCode = String((Number(codeAt(started.body.secret, stepNow())) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await staffCall(sys, 'POST', '/admin/api/auth/second-factor/confirm', { code: wrongCode }, { token });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('code_invalid');
    const step = stepNow();
    expect(
      (await staffCall(sys, 'POST', '/admin/api/auth/second-factor/confirm', { code: codeAt(started.body.secret, step) }, { token }))
        .status,
    ).toBe(200);
    expect(await auditCount('staff.second_factor_enrol', staff.id)).toBe(1);
    // Kept sealed, never as the secret itself.
    const {
      rows: [row],
    } = await sys.pool.query('SELECT totp_secret_sealed, totp_pending_sealed FROM staff_users WHERE id = $1', [staff.id]);
    expect(row.totp_pending_sealed).toBeNull();
    expect(row.totp_secret_sealed).not.toContain(started.body.secret);
    expect((await staffCall(sys, 'GET', '/admin/api/auth/me', undefined, { token })).body.staff.secondFactor).toBe(true);

    // Step one: the password answers a challenge, and no session yet.
    const ip = randomAddress();
    const jar: CookieJar = { cookies: {} };
    const first = await login(sys, staff.email, staff.password, ip, jar);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ secondFactor: 'totp', challengeId: expect.any(String) });
    expect(jar.cookies).toEqual({});

    const badCode = await staffCall(
      sys,
      'POST',
      '/admin/api/auth/login/verify',
      { challengeId: first.body.challengeId, code: wrongCode },
      { ip, jar },
    );
    expect(badCode.status).toBe(401);
    expect(badCode.body.error).toMatchObject({ code: 'code_invalid', attemptsLeft: CODE_ATTEMPTS - 1 });

    // The confirming code used step `step`; the next step's code is within the ±1 window.
    const next = codeAt(started.body.secret, step + 1);
    const second = await staffCall(
      sys,
      'POST',
      '/admin/api/auth/login/verify',
      { challengeId: first.body.challengeId, code: next },
      { ip, jar },
    );
    expect(second.status).toBe(200);
    expect(jar.cookies.bk_staff_session).toBeTruthy();
    expect(second.body.staff.secondFactor).toBe(true);
    expect((await staffCall(sys, 'GET', '/admin/api/auth/me', undefined, { jar })).status).toBe(200);

    // The same code again, in a new sign-in: refused, it has been used (replay protection).
    const again = await login(sys, staff.email, staff.password, ip);
    const replay = await staffCall(
      sys,
      'POST',
      '/admin/api/auth/login/verify',
      { challengeId: again.body.challengeId, code: next },
      { ip },
    );
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('code_used');
    // The challenge's attempts run out; then it is void.
    expect(
      (await staffCall(sys, 'POST', '/admin/api/auth/login/verify', { challengeId: again.body.challengeId, code: wrongCode }, { ip }))
        .status,
    ).toBe(401);
    const exhausted = await staffCall(
      sys,
      'POST',
      '/admin/api/auth/login/verify',
      { challengeId: again.body.challengeId, code: codeAt(started.body.secret, stepNow() + 1) },
      { ip },
    );
    expect(exhausted.status).toBe(410);
    expect(exhausted.body.error.code).toBe('code_attempts_exhausted');
  });

  it(`wrong codes count against the account like wrong passwords: ${K}, then 429 with Retry-After`, async () => {
    const staff = await createStaff(sys, 'support');
    const { secret } = await enrol(sys, await signIn(sys, staff));
    const wrong = String((Number(codeAt(secret, stepNow())) + 500_000) % 1_000_000).padStart(6, '0');
    const ip = randomAddress();
    let challengeId = '';
    for (let i = 0; i < K; i++) {
      if (i % CODE_ATTEMPTS === 0) challengeId = (await login(sys, staff.email, staff.password, ip)).body.challengeId;
      expect((await staffCall(sys, 'POST', '/admin/api/auth/login/verify', { challengeId, code: wrong }, { ip })).status).toBe(401);
    }
    // The account is locked for both steps, from any address: the next code is not even judged, nor a password.
    expectRetryAfter(
      await staffCall(
        sys,
        'POST',
        '/admin/api/auth/login/verify',
        { challengeId, code: codeAt(secret, stepNow()) },
        { ip: randomAddress() },
      ),
    );
    expectRetryAfter(await login(sys, staff.email, staff.password, randomAddress()));
  });

  it("replacing a factor takes a code from the current one; an admin removes another staff member's factor (audited), never their own", async () => {
    const staff = await createStaff(sys, 'support');
    const token = await signIn(sys, staff);
    const { secret, step } = await enrol(sys, token);
    const noCode = await staffCall(sys, 'POST', '/admin/api/auth/second-factor', {}, { token });
    expect(noCode.status).toBe(400);
    expect(noCode.body.error.field).toBe('code');
    expect((await staffCall(sys, 'POST', '/admin/api/auth/second-factor', { code: codeAt(secret, step + 1) }, { token })).status).toBe(200);

    const admin = await createStaff(sys, 'admin');
    const adminToken = await signIn(sys, admin);
    expect((await staffCall(sys, 'DELETE', `/admin/api/staff/${staff.id}/second-factor`, undefined, { token })).status).toBe(403);
    expect((await staffCall(sys, 'DELETE', `/admin/api/staff/${admin.id}/second-factor`, undefined, { token: adminToken })).status).toBe(
      409,
    );
    const removed = await staffCall(sys, 'DELETE', `/admin/api/staff/${staff.id}/second-factor`, undefined, { token: adminToken });
    expect(removed.status).toBe(200);
    expect(await auditCount('staff.second_factor_reset', staff.id)).toBe(1);
    expect((await login(sys, staff.email, staff.password, randomAddress())).status).toBe(200);
    const list = await staffCall(sys, 'GET', '/admin/api/staff?range=[0,999]', undefined, { token: adminToken });
    expect(list.body.find((s: { id: string }) => s.id === staff.id)).toMatchObject({ second_factor: false });
  });
});

// ---- admins must have one --------------------------------------------------------------------

describe('admins must have a second factor', () => {
  it('with STAFF_ADMIN_TOTP_REQUIRED, an admin without one may only enrol: everything else answers 403 second_factor_required until a code confirms it; support is not asked', async () => {
    const admin = await createStaff(strict, 'admin');
    const support = await createStaff(strict, 'support');
    const jar = await consoleSignIn(strict, admin, randomAddress());
    const me = await staffCall(strict, 'GET', '/admin/api/auth/me', undefined, { jar });
    expect(me.body).toMatchObject({ mustEnrolSecondFactor: true, staff: { secondFactor: false } });
    const refused = await staffCall(strict, 'GET', '/admin/api/participants', undefined, { jar });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('second_factor_required');

    const started = await staffCall(strict, 'POST', '/admin/api/auth/second-factor', {}, { jar });
    expect(started.status).toBe(200);
    const confirmed = await staffCall(
      strict,
      'POST',
      '/admin/api/auth/second-factor/confirm',
      { code: codeAt(started.body.secret, stepNow()) },
      { jar },
    );
    expect(confirmed.status).toBe(200);
    expect((await staffCall(strict, 'GET', '/admin/api/participants', undefined, { jar })).status).toBe(200);

    const supportJar = await consoleSignIn(strict, support, randomAddress());
    expect((await staffCall(strict, 'GET', '/admin/api/participants', undefined, { jar: supportJar })).status).toBe(200);
  });

  it("an admin sets the rule in the console (audited): it needs their own factor first, and holds from every admin's next request", async () => {
    const withFactor = await createStaff(sys, 'admin');
    const withFactorToken = await signIn(sys, withFactor);
    const without = await createStaff(sys, 'admin');
    const withoutToken = await signIn(sys, without);

    const early = await staffCall(sys, 'PUT', '/admin/api/security-settings', { adminSecondFactorRequired: true }, { token: withoutToken });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('second_factor_missing');

    await enrol(sys, withFactorToken);
    try {
      const on = await staffCall(
        sys,
        'PUT',
        '/admin/api/security-settings',
        { adminSecondFactorRequired: true },
        { token: withFactorToken },
      );
      expect(on.status).toBe(200);
      expect(on.body).toMatchObject({ adminSecondFactorRequired: true, setInConsole: true });
      const blocked = await staffCall(sys, 'GET', '/admin/api/participants', undefined, { token: withoutToken });
      expect(blocked.body.error.code).toBe('second_factor_required');
      expect((await staffCall(sys, 'GET', '/admin/api/participants', undefined, { token: withFactorToken })).status).toBe(200);
    } finally {
      await staffCall(sys, 'PUT', '/admin/api/security-settings', { adminSecondFactorRequired: false }, { token: withFactorToken });
    }
    expect((await staffCall(sys, 'GET', '/admin/api/participants', undefined, { token: withoutToken })).status).toBe(200);
    const { rows } = await sys.pool.query(
      `SELECT details FROM audit_log WHERE action = 'staff.security_settings' AND actor_id = $1 ORDER BY id`,
      [withFactor.id],
    );
    expect(rows.map((r) => r.details)).toEqual([{ adminSecondFactorRequired: true }, { adminSecondFactorRequired: false }]);
  });
});

// ---- the browser -----------------------------------------------------------------------------

describe('browser headers', () => {
  const csp = (res: { headers: Headers }) => res.headers.get('content-security-policy') ?? '';
  const common = (res: { headers: Headers }) => {
    expect(csp(res)).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  };
  const inlineHashes = (html: string, tag: string) =>
    [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
      (m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`,
    );

  it('the link pages allow exactly their own inline script and style, nothing else; they are not stored', async () => {
    for (const path of ['/confirm', '/reset-password', '/confirm-email-change']) {
      const res = await fetch(`${sys.baseUrl}${path}?token=x`);
      const html = await res.text();
      common(res);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const policy = csp(res);
      expect(policy).toContain("default-src 'none'");
      expect(policy).toContain("connect-src 'self'");
      expect(policy).not.toContain('unsafe-inline');
      for (const hash of [...inlineHashes(html, 'script'), ...inlineHashes(html, 'style')]) expect(policy).toContain(hash);
    }
  });

  it("the console's page runs its own scripts only (styles inline, for MUI); its hashed assets may be cached, its page not", async () => {
    const page = await fetch(`${sys.baseUrl}/admin/`);
    if (page.status === 404) return; // no console build: the API serves none (the browser tests need one)
    common(page);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(csp(page)).toMatch(/script-src 'self'(;|$)/);
    expect(csp(page)).toContain("style-src 'self' 'unsafe-inline'");
    const asset = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(await page.text())![1];
    const js = await fetch(`${sys.baseUrl}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).not.toBe('no-store');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the API documentation page allows its one inline script by hash', async () => {
    const res = await fetch(`${sys.baseUrl}/api/docs`);
    common(res);
    for (const hash of inlineHashes(await res.text(), 'script')) expect(csp(res)).toContain(hash);
    expect(csp(res)).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('personal answers are not stored and may run nothing: the staff API, /api/me, sign-in', async () => {
    const token = await signIn(sys, await createStaff(sys, 'support'));
    for (const res of [
      await staffCall(sys, 'GET', '/admin/api/auth/me', undefined, { token }),
      await sys.call('GET', '/api/me'),
      await sys.call('POST', '/api/sign-in', { login: 'nobody@agency.example', password: 'x' }),
    ]) {
      common(res);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(csp(res)).toContain("default-src 'none'");
    }
  });

  it("an unknown /admin/api path is a JSON 404, never the console's page", async () => {
    const token = await signIn(sys, await createStaff(sys, 'support'));
    for (const path of ['/admin/api/no-such-thing', '/admin/api/participants/x/y/z']) {
      const res = await staffCall(sys, 'GET', path, undefined, { token });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body.error.code).toBe('not_found');
    }
    const anonymous = await staffCall(sys, 'GET', '/admin/api/no-such-thing');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

// ---- links stay secret -----------------------------------------------------------------------

describe('links stay secret', () => {
  /** The console's view of the mails to `email` of a kind (the list, then each one opened). */
  async function mailView(token: string, email: string, kind: string) {
    const list = await staffCall(
      sys,
      'GET',
      `/admin/api/mail?filter=${encodeURIComponent(JSON.stringify({ q: email }))}&range=[0,99]`,
      undefined,
      { token },
    );
    expect(list.status).toBe(200);
    const ids = (list.body as Array<{ id: string; kind: string }>).filter((m) => m.kind === kind).map((m) => m.id);
    return Promise.all(ids.map(async (id) => (await staffCall(sys, 'GET', `/admin/api/mail/${id}`, undefined, { token })).body));
  }

  async function pendingRegistration(): Promise<{ participantId: string; email: string }> {
    const email = uniqueEmail('masked');
    const res = await sys.call('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email,
      agencyInn: randomInn(),
      contractPath: 'agent',
    });
    expect(res.status).toBe(201);
    return { participantId: res.body.participantId, email };
  }

  const confirmationMails = (email: string) =>
    sys.mail.messages.filter((m) => m.to.includes(email) && /confirm\?token=/.test(m.text)).length;

  it('R3: the mail view shows the confirmation link masked; support resends it from there (one mail per Idempotency-Key, audited) and the fresh link confirms', async () => {
    const token = await signIn(sys, await createStaff(sys, 'support'));
    const { participantId, email } = await pendingRegistration();
    const real = await confirmationToken(sys, email);
    const [shown] = await mailView(token, email, 'confirmation');
    expect(shown.body_text).toContain('/confirm?token=•••');
    expect(shown.body_text).not.toContain(real);

    const key = { 'idempotency-key': `resend-${participantId}` };
    const resent = await staffCall(sys, 'POST', `/admin/api/mail/${shown.id}/resend`, undefined, { token, headers: key });
    expect(resent.status).toBe(200);
    const fresh = await confirmationToken(sys, email, 2);
    expect(fresh).not.toBe(real);
    // The same key again (a retried request): nothing more is sent.
    expect((await staffCall(sys, 'POST', `/admin/api/mail/${shown.id}/resend`, undefined, { token, headers: key })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(confirmationMails(email)).toBe(2);
    expect(await auditCount('participant.resend_confirmation', participantId)).toBe(1);
    for (const mail of await mailView(token, email, 'confirmation')) expect(mail.body_text).not.toContain(fresh);

    expect(
      (await sys.call('POST', '/api/confirmations', { token: real, password: 'correct horse battery' }, { apiKey: null })).status,
    ).toBe(410);
    expect(
      (await sys.call('POST', '/api/confirmations', { token: fresh, password: 'correct horse battery' }, { apiKey: null })).status,
    ).toBe(200);
  });

  it(`R3: resends are limited per registration: ${K} within the window, then 429 with Retry-After`, async () => {
    const token = await signIn(sys, await createStaff(sys, 'support'));
    const { participantId, email } = await pendingRegistration();
    await confirmationToken(sys, email);
    for (let i = 0; i < K; i++) {
      expect(
        (await staffCall(sys, 'POST', `/admin/api/participants/${participantId}/resend-confirmation`, undefined, { token })).status,
      ).toBe(200);
    }
    const limited = await staffCall(sys, 'POST', `/admin/api/participants/${participantId}/resend-confirmation`, undefined, { token });
    expectRetryAfter(limited);
    await waitFor(async () => confirmationMails(email) === K + 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(confirmationMails(email)).toBe(K + 1);
  });

  it("R21: the new address's confirmation link is masked in the mail view; support resends it (once per Idempotency-Key, audited) while the change waits for it", async () => {
    const token = await signIn(sys, await createStaff(sys, 'support'));
    const p = await registerActiveAgent(sys, { firstName: 'Анна', lastName: 'Смирнова', tag: 'moving' });
    const newAddress = uniqueEmail('moved');
    const opened = await sys.call('POST', '/api/email-changes', { email: p.email, newEmail: newAddress });
    expect(opened.status).toBe(201);
    const id = opened.body.id;
    const form = new FormData();
    form.append('letter', new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'))], { type: 'application/pdf' }), 'letter.pdf');
    form.append(
      'employmentRecord',
      new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'))], { type: 'application/pdf' }),
      'record.pdf',
    );
    expect((await sys.call('POST', `/api/email-changes/${id}/documents`, form)).status).toBeLessThan(300);
    await waitFor(async () => (await sys.call('GET', `/api/email-changes/${id}`)).body.status === 'awaiting_review');
    expect((await staffCall(sys, 'POST', `/admin/api/email-changes/${id}/decision`, { decision: 'approve' }, { token })).status).toBe(200);
    const LINK = /confirm-email-change\?token=([A-Za-z0-9_-]+)/;
    const linksTo = () => sys.mail.messages.filter((m) => m.to.includes(newAddress) && LINK.test(m.text)).map((m) => LINK.exec(m.text)![1]);
    const [link] = await waitFor(async () => (linksTo().length ? linksTo() : null));

    const [shown] = await mailView(token, newAddress, 'email_change_confirmation');
    expect(shown.body_text).toContain('confirm-email-change?token=•••');
    expect(shown.body_text).not.toContain(link);

    const key = { 'idempotency-key': `resend-${id}` };
    expect(
      (await staffCall(sys, 'POST', `/admin/api/email-changes/${id}/resend-confirmation`, undefined, { token, headers: key })).status,
    ).toBe(200);
    expect(
      (await staffCall(sys, 'POST', `/admin/api/email-changes/${id}/resend-confirmation`, undefined, { token, headers: key })).status,
    ).toBe(200);
    await waitFor(async () => linksTo().length === 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(linksTo()).toEqual([link, link]);
    expect(await auditCount('email_change.resend_confirmation', id)).toBe(1);
    for (const mail of await mailView(token, newAddress, 'email_change_confirmation')) expect(mail.body_text).not.toContain(link);

    expect((await sys.call('POST', '/api/email-change-confirmations', { token: link }, { apiKey: null })).status).toBe(200);
    await waitFor(async () => (await sys.call('GET', `/api/email-changes/${id}`)).body.status !== 'awaiting_confirmation');
    const late = await staffCall(sys, 'POST', `/admin/api/email-changes/${id}/resend-confirmation`, undefined, { token });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('not_awaiting_confirmation');
  });

  it('a token that is not a link token is refused before anything else, as an unknown one is', async () => {
    for (const token of ['nonsense', 'x'.repeat(43).replace(/x/g, '!'), 'A'.repeat(44)]) {
      const res = await sys.call('POST', '/api/confirmations', { token, password: 'correct horse battery' }, { apiKey: null });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('token_invalid');
    }
  });

  it('A6 and R25: the sign-in code and the reset link reach the participant only; the mail view shows neither, and will not resend them', async () => {
    const token = await signIn(sys, await createStaff(sys, 'support'));
    const p = await registerActiveAgent(sys, { firstName: 'Анна', lastName: 'Смирнова', tag: 'secret-mail' });
    const headers = { 'x-client-ip': randomAddress() };
    const since = sys.mail.messages.length;
    const signInAnswer = await fetch(`${sys.baseUrl}/api/sign-in`, {
      method: 'POST',
      headers: { ...headers, 'x-api-key': sys.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ login: p.email, password: 'correct horse battery' }),
    });
    expect(signInAnswer.status).toBe(202);
    const codeMail = await waitFor(async () =>
      sys.mail.messages.slice(since).find((m) => m.to.includes(p.email) && /^\d{6}$/m.test(m.text)),
    );
    const code = /^(\d{6})$/m.exec(codeMail.text)![1];
    expect((await sys.call('POST', '/api/password-resets', { email: p.email })).status).toBe(202);
    const resetMail = await waitFor(async () =>
      sys.mail.messages.slice(since).find((m) => m.to.includes(p.email) && /reset-password\?token=/.test(m.text)),
    );
    const resetToken = /reset-password\?token=([A-Za-z0-9_-]+)/.exec(resetMail.text)![1];

    const [codeShown] = await mailView(token, p.email, 'sign_in_code');
    expect(codeShown.body_text).not.toContain(code);
    const [resetShown] = await waitFor(async () => {
      const found = await mailView(token, p.email, 'password_reset');
      return found.length ? found : null;
    });
    expect(resetShown.body_text).toContain('reset-password?token=•••');
    expect(resetShown.body_text).not.toContain(resetToken);
    const refused = await staffCall(sys, 'POST', `/admin/api/mail/${resetShown.id}/resend`, undefined, { token });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('not_resendable');
  });
});
