/**
 * API clients (issue 10 §3), through the API on the real servers: what a client creates (an order, a
 * claim, a registration, an email-change request, a participant session) is its own, and another
 * client gets 404 for it, exactly as for an id that names nothing; each route needs a scope, and a
 * client without it gets 403 `scope_missing` naming it; admins manage clients, keys and scopes in the
 * staff API, audited, and support cannot. The file's client (`sys.apiKey`) holds every scope.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../api/openapi.js';
import { allRoutes } from '../../api/route-tables.js';
import { createApiKey } from '../../db/api-keys.js';
import { postCredits } from '../../db/ledger.js';
import { inTransaction } from '../../db/pool.js';
import { API_SCOPES, type ApiScope } from '../../rules/api-scopes.js';
import { activeParticipant, createWebinar, sendAttendance, waitForEventStatus } from '../support/earning.js';
import { insertActiveParticipants } from '../../db/participants.js';
import {
  PDF_LETTER,
  createStaff,
  signIn,
  startTestSystem,
  uniqueEmail,
  waitFor,
  type ApiAnswer,
  type TestSystem,
} from '../support/system.js';

let sys: TestSystem;
let admin: string;
let support: string;
/** Client B: every scope, but none of client A's (the file's) rows. */
let other: string;

beforeAll(async () => {
  sys = await startTestSystem({ FIRST_ORDER_MINIMUM: '0', PAYMENT_WINDOW_MS: '600000', CREDITING_WINDOW_MS: '15000' });
  [admin, support, { key: other }] = await Promise.all([
    createStaff(sys, 'admin').then((s) => signIn(sys, s)),
    createStaff(sys, 'support').then((s) => signIn(sys, s)),
    createApiKey(sys.pool, `client B ${randomUUID()}`),
  ]);
});
afterAll(async () => {
  await sys?.close();
});

const asA = (method: string, path: string, body?: unknown) => sys.call(method, path, body);
const asB = (method: string, path: string, body?: unknown) => sys.call(method, path, body, { apiKey: other });
const asStaff = (token: string) => (method: string, path: string, body?: unknown) =>
  sys.call(method, `/admin/api${path}`, body, { apiKey: null, token });

/** The refusal an unknown id gets: another client's row must be answered exactly so. */
async function expectUnknown(res: ApiAnswer, unknown: ApiAnswer, code: string) {
  expect(res.status).toBe(404);
  expect(res.body).toEqual(unknown.body);
  expect(res.body.error.code).toBe(code);
}

async function orderingParticipant(points: number) {
  const emailOf = await insertActiveParticipants(sys.pool, 1, randomUUID().slice(0, 8));
  const { rows } = await sys.pool.query<{ id: string }>('SELECT id FROM participants WHERE email = $1', [emailOf(1)]);
  await inTransaction(sys.pool, (tx) =>
    postCredits(
      tx,
      [
        {
          participantId: rows[0].id,
          amount: points,
          sourceType: 'adjustment',
          sourceId: rows[0].id,
          key: `test:${randomUUID()}`,
          reason: 'test',
        },
      ],
      sys.config.program.lotLifetimeMs,
    ),
  );
  return rows[0].id;
}

async function catalogItem(pricePoints: number) {
  const res = await asStaff(admin)('POST', '/catalog', { sku: `SC-${randomUUID().slice(0, 8)}`, title: 'Кружка', pricePoints, stock: 10 });
  expect(res.status).toBe(201);
  return res.body as { sku: string };
}

const documents = () => {
  const form = new FormData();
  form.append('documents', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'proof.pdf');
  return form;
};

describe.concurrent("another client's rows answer 404", () => {
  it("an order: client B cannot read, complete, cancel or document client A's order; A can", async () => {
    const participantId = await orderingParticipant(500);
    const { sku } = await catalogItem(100);
    const placed = await asA('POST', '/api/orders', { participantId, sku, quantity: 1 });
    expect(placed.status).toBe(201);
    const id = placed.body.id as string;
    const unknown = await asB('GET', `/api/orders/${randomUUID()}`);

    await expectUnknown(await asB('GET', `/api/orders/${id}`), unknown, 'order_not_found');
    await expectUnknown(await asB('POST', `/api/orders/${id}/complete`), unknown, 'order_not_found');
    await expectUnknown(await asB('POST', `/api/orders/${id}/cancel`), unknown, 'order_not_found');
    await expectUnknown(await asB('POST', `/api/orders/${id}/documents`, documents()), unknown, 'order_not_found');
    const row = await sys.pool.query('SELECT status, client_id FROM orders WHERE id = $1', [id]);
    expect(row.rows[0].status).toBe('placed');
    expect(
      (await sys.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE subject_id = $1 AND action <> 'order.place'", [id])).rows[0].n,
    ).toBe(0);

    expect(row.rows[0].client_id).not.toBeNull();
    expect((await asA('GET', `/api/orders/${id}`)).body).toMatchObject({ id, status: 'placed' });
    const completed = await asA('POST', `/api/orders/${id}/complete`);
    expect(completed.status).toBe(200);
    expect(completed.body.status).toBe('completed');
    // Staff see every client's orders.
    expect((await asStaff(support)('GET', `/orders/${id}`)).status).toBe(200);
  });

  it('A4: a claim: client A follows the claim it filed, client B gets 404 for it', async () => {
    const [missed, event] = await Promise.all([activeParticipant(sys, 'claimer'), createWebinar(sys, { points: 40 })]);
    await waitForEventStatus(sys, event.id, 'open'); // the broadcast has ended: the window takes reports
    expect((await sendAttendance(sys, event.id, [{ email: missed.email, minutes: 10 }])).status).toBe(201);
    await waitForEventStatus(sys, event.id, 'closed');
    const claim = await asA('POST', '/api/claims', {
      email: missed.email,
      eventId: event.id,
      statement: 'Связь оборвалась, смотрел вживую',
    });
    expect(claim.status).toBe(201);

    const own = await asA('GET', `/api/claims/${claim.body.id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: claim.body.id, status: 'open' });
    await expectUnknown(
      await asB('GET', `/api/claims/${claim.body.id}`),
      await asB('GET', `/api/claims/${randomUUID()}`),
      'claim_not_found',
    );
    // Events are the program's, not a client's: B reads the event A created.
    expect((await asB('GET', `/api/events/${event.id}`)).status).toBe(200);
  });

  it('a registration: only the client that registered the person reads it and its ledger; another learns only that the email is taken', async () => {
    const p = await activeParticipant(sys, 'registered');
    expect((await asA('GET', `/api/registrations/${p.participantId}`)).status).toBe(200);
    expect((await asA('GET', `/api/registrations/${p.participantId}/ledger`)).status).toBe(200);
    const unknown = await asB('GET', `/api/registrations/${randomUUID()}`);
    await expectUnknown(await asB('GET', `/api/registrations/${p.participantId}`), unknown, 'registration_not_found');
    await expectUnknown(await asB('GET', `/api/registrations/${p.participantId}/ledger`), unknown, 'registration_not_found');

    // R1 still holds across clients, without handing B the registration's id.
    const {
      rows: [agency],
    } = await sys.pool.query('SELECT a.inn FROM participants p JOIN agencies a ON a.id = p.agency_id WHERE p.id = $1', [p.participantId]);
    const again = await asB('POST', '/api/registrations', {
      firstName: 'Анна',
      lastName: 'Смирнова',
      email: p.email,
      agencyInn: agency.inn,
      contractPath: 'agent',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'email_already_registered', registration: { status: 'active' } });
    expect(again.body.error.registration.participantId).toBeUndefined();
  });

  it('R21: an email-change request: client B cannot read it or add documents; A can', async () => {
    const p = await activeParticipant(sys, 'mover');
    const opened = await asA('POST', '/api/email-changes', { email: p.email, newEmail: uniqueEmail('moved') });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const unknown = await asB('GET', `/api/email-changes/${randomUUID()}`);
    await expectUnknown(await asB('GET', `/api/email-changes/${id}`), unknown, 'email_change_not_found');
    const letter = new FormData();
    letter.append('letter', new Blob([new Uint8Array(PDF_LETTER)], { type: 'application/pdf' }), 'letter.pdf');
    await expectUnknown(await asB('POST', `/api/email-changes/${id}/documents`, letter), unknown, 'email_change_not_found');
    expect(
      (await sys.pool.query('SELECT letter_document_id FROM email_change_requests WHERE id = $1', [id])).rows[0].letter_document_id,
    ).toBeNull();
    expect((await asA('GET', `/api/email-changes/${id}`)).body).toMatchObject({ id, status: 'awaiting_documents' });
  });

  it('R14: a participant session belongs to the client it was opened through: another client neither sees nor revokes it', async () => {
    const p = await activeParticipant(sys, 'sessions');
    const viaA = await signInThrough(sys.apiKey, p.email, 'laptop');
    const viaB = await signInThrough(other, p.email, 'phone');

    const listedByB = await sys.call('GET', '/api/me/sessions', undefined, { apiKey: other, token: viaB.token });
    expect(listedByB.body.map((s: { id: string }) => s.id)).toEqual([viaB.sessionId]);
    const revoke = await sys.call('DELETE', `/api/me/sessions/${viaA.sessionId}`, undefined, { apiKey: other, token: viaB.token });
    expect(revoke.status).toBe(404);
    expect(revoke.body.error.code).toBe('session_not_found');
    expect((await sys.call('GET', '/api/me', undefined, { token: viaA.token })).status).toBe(200);
    // A's session with B's key is no session at all.
    expect((await sys.call('GET', '/api/me', undefined, { apiKey: other, token: viaA.token })).status).toBe(401);
  });
});

/** Both sign-in steps through the client with `apiKey`; answers the session. */
async function signInThrough(apiKey: string, email: string, device: string) {
  const since = sys.mail.messages.length;
  const headers = { apiKey };
  const started = await sys.call('POST', '/api/sign-in', { login: email, password: 'correct horse battery', deviceId: device }, headers);
  expect(started.status).toBe(202);
  const mail = await waitFor(async () =>
    sys.mail.messages.slice(since).find((m) => m.to.includes(email.toLowerCase()) && /^\d{6}$/m.test(m.text)),
  );
  const code = /^(\d{6})$/m.exec(mail.text)![1];
  const verified = await sys.call('POST', '/api/sign-in/verify', { challengeId: started.body.challengeId, code }, headers);
  expect(verified.status).toBe(200);
  return verified.body as { token: string; sessionId: string };
}

describe.concurrent('scopes', () => {
  it('every client route needs its scope: a client without it gets 403 scope_missing naming the scope', async () => {
    const { key: none } = await createApiKey(sys.pool, `no scopes ${randomUUID()}`, []);
    // The declared routes (api/route-tables.ts: each carries its access rule) and the documented ones,
    // as `METHOD /path/:param` → scope; a route in both is one.
    const routes = new Map<string, ApiScope>([
      ['GET /api/email-changes/:id', 'email_changes'],
      ['POST /api/email-changes', 'email_changes'],
      ['POST /api/email-changes/:id/documents', 'email_changes'],
    ]);
    for (const { key, spec } of allRoutes()) {
      if (spec.access.kind === 'client' || spec.access.kind === 'participant') routes.set(key, spec.access.scope);
    }
    for (const [path, operations] of Object.entries<Record<string, { security?: Array<Record<string, string[]>> }>>(
      openApiDocument().paths as never,
    )) {
      for (const [method, op] of Object.entries(operations)) {
        const scope = op.security?.[0]?.apiKey?.[0];
        if (scope) routes.set(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, scope as ApiScope);
      }
    }
    const named = new Set(routes.values());
    expect([...named].filter((s) => !API_SCOPES.includes(s))).toEqual([]);
    for (const scope of ['registrations', 'orders', 'events', 'email_changes', 'participants'] as const) expect(named).toContain(scope);
    for (const [key, scope] of routes) {
      const [method, path] = key.split(' ');
      const res = await sys.call(method, path.replace(/:\w+/g, randomUUID()), method === 'GET' ? undefined : {}, { apiKey: none });
      expect(res.status, key).toBe(403);
      expect(res.body.error, key).toMatchObject({ code: 'scope_missing', scope });
      expect(res.body.error.message).toContain(scope);
    }
  });

  it("a key without the orders scope gets 403 on the order routes, even for its own client's order, and works elsewhere", async () => {
    const { key: noOrders } = await createApiKey(
      sys.pool,
      `registrations only ${randomUUID()}`,
      API_SCOPES.filter((s) => s !== 'orders'),
    );
    const participantId = await orderingParticipant(300);
    const { sku } = await catalogItem(100);
    const placed = await asA('POST', '/api/orders', { participantId, sku, quantity: 1 });
    const as = (method: string, path: string, body?: unknown) => sys.call(method, path, body, { apiKey: noOrders });
    for (const [method, path] of [
      ['GET', '/api/catalog'],
      ['POST', '/api/orders'],
      ['GET', `/api/orders/${placed.body.id}`],
      ['POST', `/api/orders/${placed.body.id}/complete`],
      ['POST', `/api/orders/${placed.body.id}/cancel`],
    ]) {
      const res = await as(method, path, method === 'POST' ? { participantId, sku, quantity: 1 } : undefined);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'scope_missing', scope: 'orders' });
    }
    expect((await sys.pool.query('SELECT count(*)::int AS n FROM orders WHERE participant_id = $1', [participantId])).rows[0].n).toBe(1);
    // Its other scopes work: an unknown registration is a 404, not a 403.
    expect((await as('GET', `/api/registrations/${randomUUID()}`)).status).toBe(404);
  });
});

describe.concurrent('admins manage clients, keys and scopes', () => {
  it('an admin creates a client with scopes whose key works; issues a second key, revokes the first (401), disables and re-enables the client, changes its scopes: all audited', async () => {
    const staff = asStaff(admin);
    const name = `Платформа вебинаров ${randomUUID().slice(0, 6)}`;
    expect((await staff('POST', '/api-clients', { name, scopes: [] })).body.error.field).toBe('scopes');
    expect((await staff('POST', '/api-clients', { name, scopes: ['orders', 'wishes'] })).body.error.field).toMatch(/^scopes/);
    const created = await staff('POST', '/api-clients', { name, scopes: ['orders'] });
    expect(created.status).toBe(201);
    const client = created.body as { id: string; key: string; scopes: string[]; keys: Array<{ id: string; key_prefix: string }> };
    expect(client).toMatchObject({ name, scopes: ['orders'], disabled_at: null });
    expect(client.key).toMatch(/^bk_/);
    expect(client.key.startsWith(client.keys[0].key_prefix)).toBe(true);
    const first = client.key;
    const withKey = (key: string) => (method: string, path: string) => sys.call(method, path, undefined, { apiKey: key });

    expect((await withKey(first)('GET', '/api/catalog')).status).toBe(200);
    expect((await withKey(first)('GET', `/api/registrations/${randomUUID()}`)).body.error).toMatchObject({
      code: 'scope_missing',
      scope: 'registrations',
    });

    // The key is shown once: the client's page has its keys' prefixes only.
    const shown = await staff('GET', `/api-clients/${client.id}`);
    expect(JSON.stringify(shown.body)).not.toContain(first);
    expect(shown.body.keys).toHaveLength(1);
    const listed = await staff('GET', `/api-clients?filter=${encodeURIComponent('{}')}&range=${encodeURIComponent('[0,999]')}`);
    expect(listed.body.find((c: { id: string }) => c.id === client.id)).toMatchObject({
      name,
      live_keys: 1,
      key_prefix: client.keys[0].key_prefix,
    });

    // Rotation: a second key, then the first revoked; the second goes on working.
    const issued = await staff('POST', `/api-clients/${client.id}/keys`);
    expect(issued.status).toBe(201);
    const second = issued.body.key as string;
    expect((await withKey(second)('GET', '/api/catalog')).status).toBe(200);
    const revoked = await staff('DELETE', `/api-keys/${client.keys[0].id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    const refused = await withKey(first)('GET', '/api/catalog');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('api_key_invalid');
    expect((await withKey(second)('GET', '/api/catalog')).status).toBe(200);
    expect((await staff('DELETE', `/api-keys/${client.keys[0].id}`)).status).toBe(200); // again: nothing changes
    expect((await staff('DELETE', `/api-keys/${randomUUID()}`)).status).toBe(404);

    // Disabled: every key of the client is refused until it is enabled again.
    expect((await staff('PUT', `/api-clients/${client.id}`, { disabled: true })).body.disabled_at).not.toBeNull();
    expect((await withKey(second)('GET', '/api/catalog')).status).toBe(401);
    expect((await staff('PUT', `/api-clients/${client.id}`, { disabled: false })).body.disabled_at).toBeNull();
    expect((await withKey(second)('GET', '/api/catalog')).status).toBe(200);

    const widened = await staff('PUT', `/api-clients/${client.id}`, { scopes: ['orders', 'registrations'] });
    expect(widened.body.scopes.sort()).toEqual(['orders', 'registrations']);
    expect((await withKey(second)('GET', `/api/registrations/${randomUUID()}`)).status).toBe(404);
    expect((await staff('PUT', `/api-clients/${client.id}`, {})).status).toBe(400);
    expect((await staff('PUT', `/api-clients/${randomUUID()}`, { disabled: true })).status).toBe(404);

    const audit = await sys.pool.query(
      `SELECT action, actor_type, actor_label, details FROM audit_log WHERE subject_type = 'api_client' AND subject_id = $1 ORDER BY id`,
      [client.id],
    );
    const adminEmail = audit.rows[0].actor_label;
    expect(audit.rows.map((r) => [r.action, r.actor_type, r.actor_label])).toEqual([
      ['api_client.create', 'staff', adminEmail],
      ['api_key.create', 'staff', adminEmail],
      ['api_key.revoke', 'staff', adminEmail],
      ['api_client.update', 'staff', adminEmail],
      ['api_client.update', 'staff', adminEmail],
      ['api_client.update', 'staff', adminEmail],
    ]);
    expect(audit.rows[0].details).toMatchObject({ name, scopes: ['orders'], keyId: client.keys[0].id });
    expect(audit.rows[1].details).toMatchObject({ keyId: issued.body.id, keyPrefix: issued.body.key_prefix });
    expect(audit.rows[2].details).toMatchObject({ keyId: client.keys[0].id });
    expect(audit.rows[3].details).toEqual({ disabled: { from: false, to: true } });
    expect(audit.rows[4].details).toEqual({ disabled: { from: true, to: false } });
    expect(audit.rows[5].details).toEqual({ scopes: { from: ['orders'], to: ['orders', 'registrations'] } });
    expect(JSON.stringify(audit.rows)).not.toContain(second);
  });

  it('support staff cannot manage clients or keys (403), and nothing changes', async () => {
    const staff = asStaff(support);
    const { client, apiKey } = await createApiKey(sys.pool, `untouched ${randomUUID()}`, ['orders']);
    const name = `Магазин ${randomUUID()}`;
    for (const [method, path, body] of [
      ['GET', '/api-clients'],
      ['GET', `/api-clients/${client.id}`],
      ['POST', '/api-clients', { name, scopes: ['orders'] }],
      ['PUT', `/api-clients/${client.id}`, { disabled: true }],
      ['POST', `/api-clients/${client.id}/keys`],
      ['DELETE', `/api-keys/${apiKey.id}`],
    ] as const) {
      const res = await staff(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await sys.pool.query('SELECT count(*)::int AS n FROM api_clients WHERE name = $1', [name])).rows[0].n).toBe(0);
    expect((await sys.pool.query('SELECT count(*)::int AS n FROM api_keys WHERE client_id = $1', [client.id])).rows[0].n).toBe(1);
    expect(
      (
        await sys.pool.query('SELECT revoked_at, c.disabled_at FROM api_keys k JOIN api_clients c ON c.id = k.client_id WHERE k.id = $1', [
          apiKey.id,
        ])
      ).rows[0],
    ).toEqual({ revoked_at: null, disabled_at: null });
  });
});
