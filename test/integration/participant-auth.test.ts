/**
 * Participants' sign-in and account through the client API, on the real PostgreSQL, Temporal and SMTP:
 * the forgotten password (R25), sign-in by member number or email with a mailed code (A6), personal
 * credentials: sessions, their limit and new-device mail (R14), rate limits counted in PostgreSQL,
 * and the participant's own account for the shop site (balance, lots, history, events, open requests).
 *
 * Each test sends its own end-user address (X-Client-IP, X-Forwarded-For) so the per-address limits
 * of one test do not reach another, and reads only the mail sent to its own participants: the tests
 * run concurrently (describe.concurrent).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../db/api-keys.js';
import { sha256 } from '../../infra/secrets.js';
import { activeParticipant, createWebinar, sendAttendance, untilEnded, waitForEventStatus } from '../support/earning.js';
import { createStaff, signIn, startTestSystem, uniqueEmail, waitFor, type ApiAnswer, type TestSystem } from '../support/system.js';

const PASSWORD = 'correct horse battery';
const K = 3; // AUTH_FAILURE_LIMIT
const IP_LIMIT = 8; // AUTH_IP_LIMIT
const WINDOW_MS = 15_000; // AUTH_WINDOW_MS: a test's whole sequence of attempts fits in it, even on a busy machine
const CODE_ATTEMPTS = 2; // SIGN_IN_CODE_ATTEMPTS
const MAX_SESSIONS = 2; // MAX_PARTICIPANT_SESSIONS
const SHORT_TTL_MS = 1000; // the short system's PASSWORD_RESET_TTL_MS and SIGN_IN_CODE_TTL_MS

let sys: TestSystem;
/** The same database, with reset links and sign-in codes that expire after a second (no worker). */
let short: TestSystem;
let admin: string;

beforeAll(async () => {
  sys = await startTestSystem({
    AUTH_FAILURE_LIMIT: String(K),
    AUTH_IP_LIMIT: String(IP_LIMIT),
    AUTH_WINDOW_MS: String(WINDOW_MS),
    SIGN_IN_CODE_ATTEMPTS: String(CODE_ATTEMPTS),
    MAX_PARTICIPANT_SESSIONS: String(MAX_SESSIONS),
    CREDITING_WINDOW_MS: '5000',
    FIRST_ORDER_MINIMUM: '0',
  });
  short = await startTestSystem(
    { PASSWORD_RESET_TTL_MS: String(SHORT_TTL_MS), SIGN_IN_CODE_TTL_MS: String(SHORT_TTL_MS) },
    { worker: false },
  );
  admin = await signIn(sys, await createStaff(sys, 'admin'));
});
afterAll(async () => {
  await short?.close();
  await sys?.close();
});

// ---- helpers ---------------------------------------------------------------------------------

const randomAddress = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

interface CallOptions {
  system?: TestSystem;
  token?: string;
  /** the API key to send: this system's by default, null for none */
  apiKey?: string | null;
  /** the end user's address (X-Client-IP and X-Forwarded-For) */
  ip?: string;
  device?: string;
  userAgent?: string;
}

async function call(method: string, path: string, body?: unknown, o: CallOptions = {}): Promise<ApiAnswer> {
  const system = o.system ?? sys;
  const headers: Record<string, string> = { 'user-agent': o.userAgent ?? 'vitest' };
  const key = o.apiKey === undefined ? system.apiKey : o.apiKey;
  if (key) headers['x-api-key'] = key;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.ip) Object.assign(headers, { 'x-client-ip': o.ip, 'x-forwarded-for': o.ip });
  if (o.device) headers['x-device-id'] = o.device;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(system.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** The first mail to `email` matching `pattern` that arrived after the first `since` messages. */
const mailAfter = (system: TestSystem, email: string, pattern: RegExp, since: number) =>
  waitFor(async () => system.mail.messages.slice(since).find((m) => m.to.includes(email.toLowerCase()) && pattern.test(m.text)));

const CODE = /^(\d{6})$/m;
const RESET_LINK = /reset-password\?token=([A-Za-z0-9_-]+)/;

/** Step one with the right password; answers the challenge and the mailed code. */
async function requestCode(email: string, o: CallOptions & { login?: string; password?: string } = {}) {
  const system = o.system ?? sys;
  const since = system.mail.messages.length;
  const res = await call('POST', '/api/sign-in', { login: o.login ?? email, password: o.password ?? PASSWORD }, o);
  if (res.status !== 202) throw new Error(`sign-in refused: ${res.status} ${JSON.stringify(res.body)}`);
  const mail = await mailAfter(system, email, CODE, since);
  return { challengeId: res.body.challengeId as string, code: CODE.exec(mail.text)![1], answer: res };
}

/** Both steps; answers the session. */
async function signInFully(email: string, o: CallOptions & { login?: string } = {}) {
  const { challengeId, code } = await requestCode(email, o);
  const res = await call('POST', '/api/sign-in/verify', { challengeId, code }, o);
  if (res.status !== 200) throw new Error(`verify refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { token: string; sessionId: string; expiresAt: string; newDevice: boolean; revokedSessionIds: string[] };
}

async function resetLink(system: TestSystem, email: string, since: number): Promise<string> {
  const mail = await mailAfter(system, email, RESET_LINK, since);
  return RESET_LINK.exec(mail.text)![1];
}

const mailKinds = async (participantId: string, kind: string) =>
  (
    await sys.pool.query(
      'SELECT to_address, body_text, sent_at FROM sent_mail WHERE participant_id = $1 AND kind = $2 ORDER BY created_at',
      [participantId, kind],
    )
  ).rows;

const sessionRow = async (id: string) => (await sys.pool.query('SELECT * FROM participant_sessions WHERE id = $1', [id])).rows[0];

function expectRetryAfter(res: ApiAnswer) {
  expect(res.status).toBe(429);
  const seconds = Number(res.headers.get('retry-after'));
  expect(seconds).toBeGreaterThanOrEqual(1);
  expect(seconds).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / 1000));
  return seconds;
}

// ---- R25: forgotten password -----------------------------------------------------------------

describe.concurrent('forgotten password', () => {
  it('R25: the mailed link sets a new password once, is stored only hashed, ends every session, and is refused the second time', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'reset');
    const session = await signInFully(p.email, { ip });

    const since = sys.mail.messages.length;
    const asked = await call('POST', '/api/password-resets', { email: `  ${p.email.toUpperCase()} ` }, { ip });
    expect(asked.status).toBe(202);
    const token = await resetLink(sys, p.email, since);
    expect(sys.mail.messages.slice(since).find((m) => m.to.includes(p.email.toLowerCase()) && RESET_LINK.test(m.text))!.text).toContain(
      `${sys.config.publicUrl}/reset-password?token=${token}`,
    );
    // Only the hash is kept, and the console's copy of the mail does not carry the link.
    const { rows: resets } = await sys.pool.query('SELECT token_hash, used_at FROM password_resets WHERE participant_id = $1', [
      p.participantId,
    ]);
    expect(resets).toEqual([{ token_hash: sha256(token), used_at: null }]);
    const [recorded] = await mailKinds(p.participantId, 'password_reset');
    expect(recorded.body_text).not.toContain(token);
    await waitFor(async () => (await mailKinds(p.participantId, 'password_reset'))[0].sent_at);

    // The page behind the link.
    const page = await fetch(`${sys.baseUrl}/reset-password?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/api/password-resets/confirm');

    // Bad input changes nothing.
    expect((await call('POST', '/api/password-resets/confirm', { token, password: 'short' }, { apiKey: null, ip })).body.error.field).toBe(
      'password',
    );
    expect(
      (
        await call(
          'POST',
          '/api/password-resets/confirm',
          { token: 'not-a-token', password: 'another good password' },
          { apiKey: null, ip },
        )
      ).body.error.code,
    ).toBe('token_invalid');
    expect((await call('GET', '/api/me', undefined, { token: session.token, ip })).status).toBe(200);

    const done = await call('POST', '/api/password-resets/confirm', { token, password: 'a brand new password' }, { apiKey: null, ip });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ sessionsRevoked: 1 });
    expect((await call('GET', '/api/me', undefined, { token: session.token, ip })).status).toBe(401);
    expect((await sessionRow(session.sessionId)).revoked_reason).toBe('password_reset');

    const again = await call('POST', '/api/password-resets/confirm', { token, password: 'yet another password' }, { apiKey: null, ip });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('token_used');

    expect((await call('POST', '/api/sign-in', { login: p.email, password: PASSWORD }, { ip })).status).toBe(401);
    await requestCode(p.email, { ip, password: 'a brand new password' });
    await waitFor(async () => (await mailKinds(p.participantId, 'password_changed'))[0]?.sent_at);
  });

  it('R25: an expired link is refused and nothing is changed', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'expired-reset');
    const {
      rows: [before],
    } = await sys.pool.query('SELECT password_hash FROM participants WHERE id = $1', [p.participantId]);
    const since = short.mail.messages.length;
    expect((await call('POST', '/api/password-resets', { email: p.email }, { system: short, ip })).status).toBe(202);
    const token = await resetLink(short, p.email, since);
    await waitFor(async () => {
      const { rows } = await sys.pool.query('SELECT expires_at <= now() AS expired FROM password_resets WHERE token_hash = $1', [
        sha256(token),
      ]);
      return rows[0].expired;
    }, 10_000);

    const late = await call(
      'POST',
      '/api/password-resets/confirm',
      { token, password: 'a brand new password' },
      { system: short, apiKey: null, ip },
    );
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('token_expired');
    const {
      rows: [after],
    } = await sys.pool.query('SELECT password_hash FROM participants WHERE id = $1', [p.participantId]);
    expect(after.password_hash).toBe(before.password_hash);
    expect((await sys.pool.query('SELECT used_at FROM password_resets WHERE token_hash = $1', [sha256(token)])).rows[0].used_at).toBeNull();
    await requestCode(p.email, { ip }); // the old password still works
  });

  it('R25: an unknown email gets the same 202, as fast, and no mail', async () => {
    const p = await activeParticipant(sys, 'known');
    const unknown = uniqueEmail('nobody');
    const since = sys.mail.messages.length;
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await call('POST', '/api/password-resets', { email }, { ip: randomAddress() });
      return { res, ms: performance.now() - started };
    };
    const known: number[] = [];
    const stranger: number[] = [];
    let answers: ApiAnswer[] = [];
    for (let i = 0; i < K; i++) {
      const a = await timed(p.email);
      const b = await timed(unknown);
      known.push(a.ms);
      stranger.push(b.ms);
      answers = [a.res, b.res];
      expect(a.res.status).toBe(202);
      expect(b.res.status).toBe(202);
      expect(b.res.body).toEqual(a.res.body);
    }
    expect(answers[0].headers.get('content-length')).toBe(answers[1].headers.get('content-length'));
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    // The same order of magnitude: the mail leaves after the answer.
    expect(median(known)).toBeLessThan(10 * median(stranger) + 50);
    expect(median(stranger)).toBeLessThan(10 * median(known) + 50);

    // Every known request mailed a link (barrier), the unknown address got nothing, anywhere.
    await waitFor(
      async () =>
        sys.mail.messages.slice(since).filter((m) => m.to.includes(p.email.toLowerCase()) && RESET_LINK.test(m.text)).length === K,
    );
    expect(sys.mail.messages.filter((m) => m.to.includes(unknown))).toEqual([]);
    expect((await sys.pool.query('SELECT count(*)::int AS n FROM sent_mail WHERE to_address = $1', [unknown])).rows[0].n).toBe(0);
  });

  it('R25: reset requests are rate limited: past the per-address limit the same 202 mails nothing, past the per-IP limit 429 with Retry-After', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'flood');
    for (let i = 0; i < K + 2; i++) {
      expect((await call('POST', '/api/password-resets', { email: p.email }, { ip })).status).toBe(202);
    }
    const { rows } = await sys.pool.query('SELECT count(*)::int AS n FROM password_resets WHERE participant_id = $1', [p.participantId]);
    expect(rows[0].n).toBe(K);
    // The same address has used K + 2 of its IP_LIMIT requests.
    for (let i = K + 2; i < IP_LIMIT; i++) {
      expect((await call('POST', '/api/password-resets', { email: uniqueEmail('other') }, { ip })).status).toBe(202);
    }
    const refused = await call('POST', '/api/password-resets', { email: uniqueEmail('other') }, { ip });
    expectRetryAfter(refused);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect((await call('POST', '/api/password-resets', { email: uniqueEmail('other') }, { ip: randomAddress() })).status).toBe(202);
  });
});

// ---- A6: sign-in -----------------------------------------------------------------------------

describe.concurrent('sign-in', () => {
  it('A6: a participant signs in by email with the password and the mailed code; the code works once and is not kept readable', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'by-email');
    const { challengeId, code, answer } = await requestCode(p.email, { ip, login: `  ${p.email.toUpperCase()} ` });
    expect(answer.body.sentTo).toMatch(/^.\*\*\*@agency\.example$/);
    const [recorded] = await mailKinds(p.participantId, 'sign_in_code');
    expect(recorded.body_text).not.toContain(code);
    const {
      rows: [challenge],
    } = await sys.pool.query('SELECT code_hash FROM sign_in_challenges WHERE id = $1', [challengeId]);
    expect(challenge.code_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenge.code_hash).not.toBe(sha256(code));

    expect((await call('POST', '/api/sign-in/verify', { challengeId, code: 'abc' }, { ip })).body.error.field).toBe('code');
    const verified = await call('POST', '/api/sign-in/verify', { challengeId, code }, { ip });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      token: expect.any(String),
      sessionId: expect.any(String),
      newDevice: true,
      revokedSessionIds: [],
    });
    const me = await call('GET', '/api/me', undefined, { token: verified.body.token, ip });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ participantId: p.participantId, email: p.email, status: 'active', balance: 100 });
    expect(me.body.memberNumber).toMatch(/^\d+$/);

    const reused = await call('POST', '/api/sign-in/verify', { challengeId, code }, { ip });
    expect(reused.status).toBe(410);
    expect(reused.body.error.code).toBe('code_used');
    expect((await call('POST', '/api/sign-in/verify', { challengeId: randomUUID(), code }, { ip })).status).toBe(404);
  });

  it('A6: a participant signs in by member number', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'by-number');
    const {
      rows: [row],
    } = await sys.pool.query('SELECT member_number::text AS n FROM participants WHERE id = $1', [p.participantId]);
    const session = await signInFully(p.email, { ip, login: row.n });
    const me = await call('GET', '/api/me', undefined, { token: session.token, ip });
    expect(me.body).toMatchObject({ participantId: p.participantId, memberNumber: row.n });
  });

  it('A6: a wrong password and an unknown login get the same 401; after K wrong passwords the account answers 429 with Retry-After, even to the right password, until the window passes', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'brute');
    const wrong = await call('POST', '/api/sign-in', { login: p.email, password: 'not my password' }, { ip });
    const unknown = await call('POST', '/api/sign-in', { login: uniqueEmail('nobody'), password: 'not my password' }, { ip });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);

    // The failures count per account, whatever the address: K - 1 more, from elsewhere.
    for (let i = 1; i < K; i++)
      expect((await call('POST', '/api/sign-in', { login: p.email, password: `guess ${i}` }, { ip: randomAddress() })).status).toBe(401);
    const locked = await call('POST', '/api/sign-in', { login: p.email, password: PASSWORD }, { ip });
    const seconds = expectRetryAfter(locked);
    expect(locked.body.error).toMatchObject({ code: 'too_many_attempts', retryAfterSeconds: seconds });
    // The member number is the same account.
    const {
      rows: [row],
    } = await sys.pool.query('SELECT member_number::text AS n FROM participants WHERE id = $1', [p.participantId]);
    expect((await call('POST', '/api/sign-in', { login: row.n, password: PASSWORD }, { ip })).status).toBe(429);
    // No code was mailed while locked.
    expect(await mailKinds(p.participantId, 'sign_in_code')).toEqual([]);

    await new Promise((r) => setTimeout(r, seconds * 1000 + 100));
    await signInFully(p.email, { ip });
  });

  it('A6: simultaneous guesses cannot slip past the limit: of K + 4 wrong passwords sent at once, exactly K are judged', async () => {
    const p = await activeParticipant(sys, 'parallel');
    const answers = await Promise.all(
      Array.from({ length: K + 4 }, (_, i) =>
        call('POST', '/api/sign-in', { login: p.email, password: `guess ${i}` }, { ip: randomAddress() }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(K).fill(401), ...Array(4).fill(429)]);
    const { rows } = await sys.pool.query('SELECT hits FROM auth_attempts WHERE bucket = $1', [`sign-in:account:${p.participantId}`]);
    expect(rows[0].hits).toBe(K);
  });

  it("A6: wrong codes spend the code's attempts (then 410 even for the right code), and past K failures the account answers 429", async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'codes');
    const { challengeId, code } = await requestCode(p.email, { ip });
    const wrongCode = code === '000000' ? '111111' : '000000';
    const first = await call('POST', '/api/sign-in/verify', { challengeId, code: wrongCode }, { ip });
    expect(first.status).toBe(401);
    expect(first.body.error).toMatchObject({ code: 'code_invalid', attemptsLeft: CODE_ATTEMPTS - 1 });
    for (let i = 1; i < CODE_ATTEMPTS; i++) await call('POST', '/api/sign-in/verify', { challengeId, code: wrongCode }, { ip });
    const exhausted = await call('POST', '/api/sign-in/verify', { challengeId, code }, { ip });
    expect(exhausted.status).toBe(410);
    expect(exhausted.body.error.code).toBe('code_attempts_exhausted');
    expect(
      (await sys.pool.query('SELECT count(*)::int AS n FROM participant_sessions WHERE participant_id = $1', [p.participantId])).rows[0].n,
    ).toBe(0);

    // CODE_ATTEMPTS wrong codes and one refused code: K failures for the account.
    expect(CODE_ATTEMPTS + 1).toBe(K);
    const locked = await call('POST', '/api/sign-in', { login: p.email, password: PASSWORD }, { ip: randomAddress() });
    expectRetryAfter(locked);
    const { rows } = await sys.pool.query('SELECT count(*)::int AS n FROM sign_in_challenges WHERE participant_id = $1', [p.participantId]);
    expect(rows[0].n).toBe(1);
  });

  it('A6: an expired code is refused with 410 and opens no session', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'slow');
    const { challengeId, code } = await requestCode(p.email, { ip, system: short });
    await waitFor(
      async () => (await sys.pool.query('SELECT expires_at <= now() AS e FROM sign_in_challenges WHERE id = $1', [challengeId])).rows[0].e,
      10_000,
    );
    const late = await call('POST', '/api/sign-in/verify', { challengeId, code }, { ip, system: short });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('code_expired');
    expect(
      (await sys.pool.query('SELECT count(*)::int AS n FROM participant_sessions WHERE participant_id = $1', [p.participantId])).rows[0].n,
    ).toBe(0);
  });

  it('A6: failures from one address across many logins reach the per-address limit (429), while other addresses go on', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'spray');
    for (let i = 0; i < IP_LIMIT; i++) {
      expect((await call('POST', '/api/sign-in', { login: uniqueEmail('spray'), password: 'guess' }, { ip })).status).toBe(401);
    }
    expectRetryAfter(await call('POST', '/api/sign-in', { login: p.email, password: PASSWORD }, { ip }));
    await signInFully(p.email, { ip: randomAddress() });
  });
});

// ---- R14: personal credentials ---------------------------------------------------------------

describe.concurrent('sessions', () => {
  it("R14: the participant lists their sessions and revokes one; a revoked or signed-out token gets 401, another client's key too", async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'sessions');
    const laptop = await signInFully(p.email, { ip, device: 'laptop' });
    const phone = await signInFully(p.email, { ip, device: 'phone' });

    const listed = await call('GET', '/api/me/sessions', undefined, { token: phone.token, ip });
    expect(listed.status).toBe(200);
    expect(listed.body.map((s: { id: string; current: boolean }) => [s.id, s.current])).toEqual([
      [phone.sessionId, true],
      [laptop.sessionId, false],
    ]);

    const { key: otherKey } = await createApiKey(sys.pool, `other ${randomUUID()}`);
    expect((await call('GET', '/api/me', undefined, { token: phone.token, apiKey: otherKey, ip })).status).toBe(401);
    expect((await call('GET', '/api/me', undefined, { token: phone.token, apiKey: null, ip })).body.error.code).toBe('api_key_missing');
    expect((await call('GET', '/api/me', undefined, { ip })).body.error.code).toBe('not_signed_in');

    expect((await call('DELETE', `/api/me/sessions/${laptop.sessionId}`, undefined, { token: phone.token, ip })).status).toBe(204);
    expect((await call('GET', '/api/me', undefined, { token: laptop.token, ip })).body.error.code).toBe('session_expired');
    expect((await call('DELETE', `/api/me/sessions/${laptop.sessionId}`, undefined, { token: phone.token, ip })).status).toBe(404);
    expect((await call('DELETE', '/api/me/sessions/not-an-id', undefined, { token: phone.token, ip })).status).toBe(404);
    expect((await sessionRow(laptop.sessionId)).revoked_reason).toBe('revoked');

    expect((await call('POST', '/api/sign-out', undefined, { token: phone.token, ip })).status).toBe(204);
    expect((await call('GET', '/api/me/sessions', undefined, { token: phone.token, ip })).status).toBe(401);
    expect((await sessionRow(phone.sessionId)).revoked_reason).toBe('sign_out');
  });

  it('R14: at most MAX_PARTICIPANT_SESSIONS live sessions: a new sign-in revokes the oldest', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'limit');
    const sessions = [];
    for (let i = 0; i <= MAX_SESSIONS; i++) sessions.push(await signInFully(p.email, { ip, device: `device-${i}` }));
    const [oldest, ...rest] = sessions;
    expect(sessions.at(-1)!.revokedSessionIds).toEqual([oldest.sessionId]);
    expect((await call('GET', '/api/me', undefined, { token: oldest.token, ip })).status).toBe(401);
    expect((await sessionRow(oldest.sessionId)).revoked_reason).toBe('session_limit');
    for (const s of rest) expect((await call('GET', '/api/me', undefined, { token: s.token, ip })).status).toBe(200);
    const listed = await call('GET', '/api/me/sessions', undefined, { token: rest[0].token, ip });
    expect(listed.body.map((s: { id: string }) => s.id).sort()).toEqual(rest.map((s) => s.sessionId).sort());
    const { rows } = await sys.pool.query(
      'SELECT count(*)::int AS n FROM participant_sessions WHERE participant_id = $1 AND revoked_at IS NULL',
      [p.participantId],
    );
    expect(rows[0].n).toBe(MAX_SESSIONS);
  });

  it('R14: a sign-in from a new device is mailed to the participant; from a known device it is not', async () => {
    const ip = randomAddress();
    const p = await activeParticipant(sys, 'devices');
    const first = await signInFully(p.email, { ip, device: 'home-pc' });
    expect(first.newDevice).toBe(true);
    const mail = await mailAfter(sys, p.email, /нового устройства/, 0);
    expect(mail.text).toContain(ip);
    expect(await mailKinds(p.participantId, 'new_device')).toHaveLength(1);

    const again = await signInFully(p.email, { ip: randomAddress(), device: 'home-pc' });
    expect(again.newDevice).toBe(false);
    expect(await mailKinds(p.participantId, 'new_device')).toHaveLength(1);

    // No device id: the User-Agent names the device.
    const other = await signInFully(p.email, { ip, userAgent: 'Mozilla/5.0 (Stranger)' });
    expect(other.newDevice).toBe(true);
    const same = await signInFully(p.email, { ip, userAgent: 'Mozilla/5.0 (Stranger)' });
    expect(same.newDevice).toBe(false);
    await waitFor(
      async () => sys.mail.messages.filter((m) => m.to.includes(p.email.toLowerCase()) && /Stranger/.test(m.text)).length === 1,
    );
    const kinds = await mailKinds(p.participantId, 'new_device');
    expect(kinds).toHaveLength(2);
    expect(kinds.every((m) => m.to_address === p.email)).toBe(true);
  });
});

// ---- the participant's own account ------------------------------------------------------------

describe.concurrent("the participant's account", () => {
  it('A6: /api/me, its ledger, events and requests answer for the signed-in participant only', async () => {
    const ip = randomAddress();
    const [p, q] = await Promise.all([activeParticipant(sys, 'owner'), activeParticipant(sys, 'neighbour')]);

    // p attends one webinar (credited), misses another (claimed), and orders an item (held).
    const attended = await createWebinar(sys, { points: 50 });
    const missed = await createWebinar(sys, { points: 40 });
    await untilEnded(missed);
    expect((await sendAttendance(sys, attended.id, [{ email: p.email, minutes: 75 }])).status).toBe(201);
    expect((await sendAttendance(sys, missed.id, [{ email: uniqueEmail('someone'), minutes: 75 }])).status).toBe(201);
    await waitForEventStatus(sys, attended.id, 'closed');
    await waitForEventStatus(sys, missed.id, 'closed');
    const claim = await sys.call('POST', '/api/claims', {
      email: p.email,
      eventId: missed.id,
      statement: 'I was there, my camera was off',
    });
    expect(claim.status).toBe(201);
    const item = await sys.call(
      'POST',
      '/admin/api/catalog',
      { sku: `SKU-${randomUUID().slice(0, 8)}`, title: 'Кружка', pricePoints: 30, stock: 5 },
      { apiKey: null, token: admin },
    );
    expect(item.status).toBe(201);
    const order = await sys.call('POST', '/api/orders', { email: p.email, sku: item.body.sku, quantity: 1 });
    expect(order.status).toBe(201);

    const mine = await signInFully(p.email, { ip });
    const theirs = await signInFully(q.email, { ip });
    const asP = (path: string) => call('GET', path, undefined, { token: mine.token, ip });
    const asQ = (path: string) => call('GET', path, undefined, { token: theirs.token, ip });

    const me = await asP('/api/me');
    expect(me.body).toMatchObject({ participantId: p.participantId, balance: 100 + 50 - 30 });
    expect(me.body.nextExpiry).toMatchObject({ at: expect.any(String) });

    const ledger = await asP('/api/me/ledger');
    expect(ledger.status).toBe(200);
    expect(ledger.body.balance).toBe(120);
    expect(
      ledger.body.lots.map((l: { sourceType: string; remaining: number; expiresAt: string }) => [
        l.sourceType,
        l.remaining,
        typeof l.expiresAt,
      ]),
    ).toEqual([
      ['welcome', 70, 'string'],
      ['webinar', 50, 'string'],
    ]);
    expect(ledger.body.entries.map((e: { sourceType: string; amount: number }) => [e.sourceType, e.amount])).toEqual(
      expect.arrayContaining([
        ['welcome', 100],
        ['webinar', 50],
      ]),
    );
    expect(ledger.body.entries.find((e: { sourceType: string }) => e.sourceType === 'webinar').sourceTitle).toMatch(/^Вебинар/);

    const events = await asP('/api/me/events');
    expect(events.body.map((e: { id: string; points: number; liveMinutes: number }) => [e.id, e.points, e.liveMinutes])).toEqual([
      [attended.id, 50, 75],
    ]);

    const requests = await asP('/api/me/requests');
    expect(requests.body.claims).toEqual([expect.objectContaining({ id: claim.body.id, eventId: missed.id, status: 'open' })]);
    expect(requests.body.orders).toEqual([
      expect.objectContaining({ id: order.body.id, sku: item.body.sku, status: 'placed', totalPoints: 30 }),
    ]);

    // The neighbour sees only their own account, and cannot touch p's sessions.
    expect((await asQ('/api/me')).body).toMatchObject({ participantId: q.participantId, balance: 100 });
    expect((await asQ('/api/me/events')).body).toEqual([]);
    expect((await asQ('/api/me/requests')).body).toEqual({ claims: [], orders: [], emailChanges: [] });
    expect((await asQ('/api/me/ledger')).body.entries.map((e: { sourceType: string }) => e.sourceType)).toEqual(['welcome']);
    expect((await asQ('/api/me/sessions')).body.map((s: { id: string }) => s.id)).toEqual([theirs.sessionId]);
    expect((await call('DELETE', `/api/me/sessions/${mine.sessionId}`, undefined, { token: theirs.token, ip })).status).toBe(404);
    expect((await asP('/api/me')).status).toBe(200);
  });
});
