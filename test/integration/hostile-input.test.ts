/**
 * The hostile-input suite (issue 10): requests generated from the OpenAPI document and the staff
 * routes, every string field given control characters, unpaired surrogates, over-long and odd
 * Unicode, every number negative, huge, fractional and not-a-number, every id a non-UUID or a
 * traversal, every body the wrong content type and encoding; and, for the seven causes of the 5xx
 * answers seen in production, one request each that reproduces it. Seeded: the same requests on
 * every run (HOSTILE_SEED picks another set, HOSTILE_BUDGET sends more per route).
 *
 * It asserts that bad input is always a 4xx, never a 5xx (a 5xx is our own fault); that the server
 * still answers; that the ledger invariant holds; and that no workflow the barrage started has an
 * activity retrying past a few attempts, or has failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerInvariant } from '../../db/ledger.js';
import { openApiDocument } from '../../api/openapi.js';
import {
  BAD_BODY_IDS,
  BAD_LIST_QUERIES,
  BAD_NUMBERS,
  BAD_PATH_IDS,
  BAD_STRINGS,
  HOSTILE_FILE_NAMES,
  ODD_STRINGS,
  PDF,
  RAW_NUMBER_LITERALS,
  WRONG_TYPES,
  hostileCsvFiles,
  hostileRegistryFiles,
  jsonBody,
  leaves,
  multipart,
  rawLiteralBody,
  sample,
  seeded,
  send,
  setAt,
  wrongEncodings,
  type Answer,
  type Body,
  type Part,
  type Probe,
  type Rng,
} from '../support/hostile.js';
import { createStaff, registerActiveAgent, registerIntermediary, signIn, startTestSystem, type TestSystem } from '../support/system.js';

const SEED = Number(process.env.HOSTILE_SEED ?? 20261129);
const BUDGET = Number(process.env.HOSTILE_BUDGET ?? 1);
const PER_ROUTE = { mutations: 7 * BUDGET, encodings: 2 * BUDGET, paths: 3 * BUDGET, lists: 5 * BUDGET, files: 3 * BUDGET };
const CONCURRENCY = 4;
// The sender's address as the server sees it (it trusts X-Forwarded-For from loopback): the barrage's
// failed sign-ins count against this address, not against 127.0.0.1.
const SENDER = '198.51.100.23';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Fixtures {
  participant: string;
  email: string;
  intermediary: string;
  review: string;
  event: string;
  course: string;
  claim: string;
  item: string;
  sku: string;
  order: string;
  emailChange: string;
}

/** One route under attack: how it is called, a valid body to start from, and which real row its `:id` can name. */
interface Route {
  method: string;
  /** express style: `/api/orders/:id` */
  path: string;
  auth: 'client' | 'staff' | 'none';
  json?: () => unknown;
  form?: () => Part[];
  list?: boolean;
  fixture?: keyof Fixtures;
  /** each request gets a new email (so a valid one registers instead of meeting a 409) */
  freshEmail?: boolean;
}

let sys: TestSystem;
let staffToken: string;
let fx: Fixtures;
let emails = 0;
const freshEmail = () => `hostile.${SEED}.${++emails}@agency.example`;
// Ids no row has, the same on every run (a random one would make the run differ from the last).
let ids = 0;
const unknownId = () => `00000000-0000-4000-8000-${(++ids).toString(16).padStart(12, '0')}`;

beforeAll(async () => {
  // The API's own bound on waiting for a workflow (then 202 with where to look), well inside the
  // 30 s this suite gives a request to answer: a slow step under load is an answer, not a hang.
  sys = await startTestSystem({ API_WORKFLOW_WAIT_MS: '20000' });
  staffToken = await signIn(sys, await createStaff(sys, 'admin'));
  fx = await makeFixtures();
});
afterAll(async () => sys?.close());

async function makeFixtures(): Promise<Fixtures> {
  const staff = (method: string, path: string, body?: unknown) =>
    sys.call(method, `/admin/api${path}`, body, { apiKey: null, token: staffToken });
  const ok = <T extends { status: number; body: any }>(res: T, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const agent = await registerActiveAgent(sys, { firstName: 'Анна', lastName: 'Смирнова', tag: 'hostile' });
  const intermediary = await registerIntermediary(sys);
  const {
    rows: [review],
  } = await sys.pool.query(`SELECT id FROM review_tasks WHERE participant_id = $1`, [intermediary.participantId]);
  // An event whose broadcast has ended: its crediting window is open, so reports go deep.
  const event = ok(
    await sys.call('POST', '/api/events', {
      kind: 'destination_webinar',
      title: 'Вебинар для нападения',
      points: 50,
      startsAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
      endsAt: new Date(Date.now() - 3600_000).toISOString(),
    }),
    'event',
  );
  // A course credits as its reports come: it takes claims at once (a webinar only once its window has closed).
  const course = ok(
    await sys.call('POST', '/api/events', { kind: 'course', title: 'Курс для нападения', points: 100, startsAt: '2026-11-01T10:00:00Z' }),
    'course',
  );
  const claim = ok(await sys.call('POST', '/api/claims', { email: agent.email, eventId: course.id, statement: 'Прошёл курс' }), 'claim');
  const item = ok(await staff('POST', '/catalog', { sku: `HOSTILE-${SEED}`, title: 'Кружка', pricePoints: 10, stock: 1000 }), 'item');
  ok(await staff('POST', `/participants/${agent.participantId}/adjustments`, { amount: 1000, reason: 'Для проверки' }), 'adjustment');
  const order = ok(
    await sys.call('POST', '/api/orders', { email: agent.email, sku: item.sku, quantity: 1, affiliationCheck: true }),
    'order',
  );
  const change = ok(await sys.call('POST', '/api/email-changes', { email: agent.email, newEmail: freshEmail() }), 'email change');
  return {
    participant: agent.participantId,
    email: agent.email,
    intermediary: intermediary.participantId,
    review: review.id,
    event: event.id,
    course: course.id,
    claim: claim.id,
    item: item.id,
    sku: item.sku,
    order: order.id,
    emailChange: change.id,
  };
}

// ---- the routes ----------------------------------------------------------------------------------

/** Valid bodies the OpenAPI samples cannot guess: they name the fixtures. */
function clientOverrides(): Record<string, () => unknown> {
  return {
    'POST /api/events/:id/attendance': () => ({ rows: [{ email: fx.email, minutes: 90 }] }),
    'POST /api/events/:id/test-results': () => ({ rows: [{ email: fx.email, score: 80 }] }),
    'POST /api/events/:id/course-completions': () => ({ rows: [{ email: fx.email, completedAt: '2026-11-01T10:00:00Z' }] }),
    'POST /api/claims': () => ({ email: fx.email, eventId: fx.course, statement: 'Не начислили баллы' }),
    'POST /api/orders': () => ({ email: fx.email, sku: fx.sku, quantity: 1 }),
    'POST /api/sign-in': () => ({ login: 'nobody@agency.example', password: 'not the password', deviceId: 'hostile-device' }),
    'POST /api/sign-in/verify': () => ({ challengeId: unknownId(), code: '123456' }),
    'POST /api/confirmations': () => ({ token: 'no-such-token', password: 'correct horse battery' }),
    'POST /api/password-resets/confirm': () => ({ token: 'no-such-token', password: 'correct horse battery' }),
  };
}

const FIXTURE_OF: Record<string, keyof Fixtures> = {
  registrations: 'participant',
  participants: 'participant',
  events: 'event',
  orders: 'order',
  claims: 'claim',
  catalog: 'item',
  reviews: 'review',
  'email-changes': 'emailChange',
};
const fixtureFor = (path: string): keyof Fixtures | undefined => FIXTURE_OF[/\/([^/]+)\/:id/.exec(path)?.[1] ?? ''];

/** The client API as the OpenAPI document describes it, plus the R21 routes it leaves out. */
function clientRoutes(): Route[] {
  const doc: any = openApiDocument();
  const overrides = clientOverrides();
  const named = (name: string) => (name === 'email' || name === 'newEmail' ? freshEmail() : undefined);
  const routes: Route[] = [];
  for (const [openPath, operations] of Object.entries<any>(doc.paths)) {
    const path = openPath.replace(/\{(\w+)\}/g, ':$1');
    for (const [method, op] of Object.entries<any>(operations)) {
      const key = `${method.toUpperCase()} ${path}`;
      const content = op.requestBody?.content ?? {};
      const route: Route = { method: method.toUpperCase(), path, auth: op.security ? 'client' : 'none', fixture: fixtureFor(path) };
      if (content['application/json']) {
        const schema = content['application/json'].schema;
        route.json = overrides[key] ?? (() => sample(doc, schema, named));
        route.freshEmail = !overrides[key];
      }
      if (content['multipart/form-data']) {
        const fields = content['application/json'] ? (route.json!() as Record<string, unknown>) : {};
        const fileField =
          Object.entries<any>(content['multipart/form-data'].schema.properties ?? {}).find(
            ([, s]) => s.format === 'binary' || s.items?.format === 'binary',
          )?.[0] ?? 'file';
        route.form = () => [...textParts(fields), { name: fileField, filename: 'letter.pdf', type: 'application/pdf', content: PDF }];
      }
      routes.push(route);
    }
  }
  routes.push(
    { method: 'POST', path: '/api/email-changes', auth: 'client', json: () => ({ email: fx.email, newEmail: freshEmail() }) },
    { method: 'GET', path: '/api/email-changes/:id', auth: 'client', fixture: 'emailChange' },
    {
      method: 'POST',
      path: '/api/email-changes/:id/documents',
      auth: 'client',
      fixture: 'emailChange',
      form: () => [{ name: 'letter', filename: 'letter.pdf', type: 'application/pdf', content: PDF }],
    },
    { method: 'POST', path: '/api/email-change-confirmations', auth: 'none', json: () => ({ token: 'no-such-token' }) },
  );
  return routes;
}

/** The staff API under /admin/api (not in the OpenAPI document), every route that takes input. */
function staffRoutes(): Route[] {
  const s = (method: string, p: string, extra: Partial<Route> = {}): Route => ({
    method,
    path: `/admin/api${p}`,
    auth: 'staff',
    fixture: fixtureFor(p),
    ...extra,
  });
  const reason = 'Причина для журнала';
  const lists = [
    '/participants',
    '/reviews',
    '/mail',
    '/audit',
    '/contracts',
    '/events',
    '/reports',
    '/outcomes',
    '/incidents',
    '/claims',
    '/email-changes',
    '/catalog',
    '/orders',
    '/staff',
    '/api-clients',
  ];
  return [
    ...lists.map((p) => s('GET', p, { list: true })),
    ...[
      '/participants/:id',
      '/participants/:id/lots',
      '/participants/:id/ledger',
      '/reviews/:id',
      '/mail/:id',
      '/documents/:id/content',
      '/events/:id',
      '/reports/:id',
      '/incidents/:id',
      '/claims/:id',
      '/email-changes/:id',
      '/catalog/:id',
      '/orders/:id',
      '/api-clients/:id',
    ].map((p) => s('GET', p)),
    ...[
      '/ledger/invariant',
      '/ledger/expiry-forecast',
      '/ledger/export.csv',
      '/balances/export.csv',
      '/terms',
      '/terms/current',
      '/settings',
      '/auth/me',
    ].map((p) => s('GET', p)),
    s('POST', '/participants/:id/resend-confirmation', { fixture: 'intermediary' }),
    s('POST', '/reviews/:id/decision', { json: () => ({ decision: 'reject', reason: 'Нет договора' }) }),
    s('POST', '/events', { json: () => ({ kind: 'course', title: 'Курс', points: 100, startsAt: '2026-11-01T10:00:00Z' }) }),
    s('POST', '/events/:id/reports', { form: () => [{ name: 'kind', value: 'attendance' }, csvPart(`${fx.email};90`)] }),
    s('POST', '/reports/:id/confirm'),
    s('POST', '/reports/:id/discard'),
    s('POST', '/incidents/:id/resolve', { json: () => ({ resolution: 'Разобрались' }) }),
    s('POST', '/claims', { json: () => ({ participantId: fx.participant, eventId: fx.course, statement: 'Прошёл курс' }) }),
    s('POST', '/claims/:id/decision', { json: () => ({ decision: 'reject', reason: 'Не был' }) }),
    s('POST', '/email-changes', { json: () => ({ participantId: fx.participant, newEmail: freshEmail() }) }),
    s('POST', '/email-changes/:id/documents', {
      form: () => [{ name: 'employmentRecord', filename: 'record.pdf', type: 'application/pdf', content: PDF }],
    }),
    s('POST', '/email-changes/:id/decision', { json: () => ({ decision: 'reject', reason: 'Документы не те' }) }),
    s('POST', '/catalog', {
      json: () => ({ sku: `H-${++emails}`, title: 'Футболка', description: 'Хлопок', pricePoints: 100, stock: 5, active: true }),
    }),
    s('PUT', '/catalog/:id', { json: () => ({ title: 'Кружка', pricePoints: 10, stock: 1000 }) }),
    s('POST', '/orders/:id/decision', { json: () => ({ decision: 'reject', reason: 'Не работает в агентстве' }) }),
    s('POST', '/participants/:id/adjustments', { json: () => ({ amount: 5, reason }) }),
    // Never a real entry or participant: a valid reversal or closing would be a legitimate change, not an attack.
    s('POST', '/ledger/:entryId/reverse', { json: () => ({ reason }), fixture: undefined }),
    s('POST', '/participants/:id/close', { json: () => ({ reason }), fixture: undefined }),
    s('POST', '/staff', { json: () => ({ email: freshEmail(), name: 'Сотрудник', role: 'support', password: 'a long enough password' }) }),
    s('POST', '/api-clients', { json: () => ({ name: 'Магазин', scopes: ['orders'] }) }),
    // Never a real client or key: a valid change would switch off the test system's own client.
    s('PUT', '/api-clients/:id', { json: () => ({ name: 'Магазин', scopes: ['orders'], disabled: true }) }),
    s('POST', '/api-clients/:id/keys'),
    s('DELETE', '/api-keys/:id'),
    // Always in the past: refused after every field is checked, so the barrage never changes the terms.
    s('POST', '/terms', { json: () => ({ effectiveFrom: '2001-01-01T00:00:00Z', reason, settings: { welcomePoints: 100 } }) }),
    // Every file carries a refused row: the registry is never replaced.
    s('POST', '/contracts/import', {
      form: () => [{ name: 'file', filename: 'registry.csv', type: 'text/csv', content: hostileRegistryFiles()[0].content }],
    }),
    // A dry run: never writes, whatever the file.
    s('POST', '/contracts/import/preview', {
      form: () => [{ name: 'file', filename: 'registry.csv', type: 'text/csv', content: hostileRegistryFiles()[0].content }],
    }),
    s('POST', '/auth/login', { json: () => ({ email: 'nobody@operator.example', password: 'not the password' }) }),
    s('POST', '/auth/login/verify', { json: () => ({ challengeId: unknownId(), code: '123456' }) }),
    s('DELETE', '/staff/:id/second-factor'),
    // Left out: PUT /security-settings and the second-factor enrolment, whose valid bodies lock this admin out.
  ];
}

const csvPart = (row: string, content?: Buffer): Part => ({
  name: 'file',
  filename: 'attendance.csv',
  type: 'text/csv',
  content: content ?? Buffer.from(`email;minutes\n${row}\n`),
});
const textParts = (fields: Record<string, unknown>): Part[] =>
  Object.entries(fields).map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) }));

// ---- the requests ------------------------------------------------------------------------------

function probe(
  route: Route,
  label: string,
  opts: { id?: string; body?: Body; query?: string; headers?: Record<string, string> } = {},
): Probe {
  const id = opts.id ?? (route.fixture ? fx[route.fixture] : unknownId());
  const headers: Record<string, string> = { 'x-forwarded-for': SENDER, ...opts.body?.headers, ...opts.headers };
  if (route.auth === 'client') Object.assign(headers, { 'x-api-key': sys.apiKey, 'x-client-ip': SENDER });
  if (route.auth === 'staff') headers.authorization = `Bearer ${staffToken}`;
  const p = route.path.replace(':id', id).replace(':entryId', opts.id ?? '9223372036854775807') + (opts.query ? `?${opts.query}` : '');
  return { label: `${route.method} ${route.path} ${label}`, method: route.method, path: p, headers, body: opts.body?.bytes };
}

/** A JSON body with a new email where the route wants one, so a valid variant gets past the 409. */
function refreshed(route: Route, value: unknown): unknown {
  if (!route.freshEmail || !value || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  return typeof v.email === 'string' && v.email.startsWith('hostile.') ? { ...v, email: freshEmail() } : v;
}

/** The values one leaf gets, by what it holds now. */
function valuesFor(leaf: unknown): Array<{ label: string; value: unknown; raw?: string }> {
  if (typeof leaf === 'number') {
    return [
      ...BAD_NUMBERS.map((value) => ({ label: `number ${JSON.stringify(value)}`, value })),
      ...RAW_NUMBER_LITERALS.map((raw) => ({ label: `literal ${raw}`, value: 0, raw })),
    ];
  }
  if (typeof leaf === 'string' && UUID.test(leaf))
    return BAD_BODY_IDS.map((value) => ({ label: `id ${JSON.stringify(value).slice(0, 40)}`, value }));
  const strings = [...BAD_STRINGS, ...ODD_STRINGS].map((value) => ({ label: `string ${JSON.stringify(value).slice(0, 40)}`, value }));
  return [...strings, ...WRONG_TYPES.map((value) => ({ label: `type ${JSON.stringify(value)}`, value }))];
}

function bodyProbes(route: Route, rng: Rng): Probe[] {
  const probes: Probe[] = [];
  if (route.json) {
    const base = route.json();
    probes.push(probe(route, 'valid', { body: jsonBody(refreshed(route, base)) }));
    const candidates: Array<{ label: string; body: () => Body }> = [];
    for (const { path: at } of leaves(base)) {
      const where = at.join('.');
      const current = at.reduce<any>((v, k) => v?.[k], base);
      for (const v of valuesFor(current)) {
        candidates.push({
          label: `${where}=${v.label}`,
          body: () => (v.raw ? rawLiteralBody(refreshed(route, base), at, v.raw) : jsonBody(refreshed(route, setAt(base, at, v.value)))),
        });
      }
      candidates.push({ label: `${where} left out`, body: () => jsonBody(refreshed(route, setAt(base, at, undefined))) });
    }
    candidates.push({ label: 'unknown field', body: () => jsonBody({ ...(base as object), ['\u0000extra']: 1 }) });
    for (const c of rng.sample(candidates, PER_ROUTE.mutations)) probes.push(probe(route, c.label, { body: c.body() }));
    for (const b of rng.sample(wrongEncodings(refreshed(route, base)), PER_ROUTE.encodings))
      probes.push(probe(route, b.label, { body: b }));
  }
  if (route.form) {
    const base = route.form();
    const candidates: Array<{ label: string; parts: Part[] }> = [];
    base.forEach((part, i) => {
      const swap = (changed: Partial<Part>) => base.map((p, j) => (j === i ? { ...p, ...changed } : p));
      if (part.content) {
        for (const name of HOSTILE_FILE_NAMES)
          candidates.push({
            label: `${part.name} file name: ${name.label}`,
            parts: swap({ filename: name.filename, filenameStar: name.filenameStar }),
          });
        for (const csv of hostileCsvFiles(fx.email))
          candidates.push({ label: `${part.name} csv: ${csv.label}`, parts: swap({ content: csv.content }) });
        if (route.path.endsWith('/contracts/import') || route.path.endsWith('/contracts/import/preview')) {
          for (const csv of hostileRegistryFiles())
            candidates.push({ label: `registry: ${csv.label}`, parts: swap({ content: csv.content }) });
        }
      } else {
        for (const value of rng.sample([...BAD_STRINGS, ...ODD_STRINGS], 12)) {
          candidates.push({ label: `${part.name}=${JSON.stringify(value).slice(0, 40)}`, parts: swap({ value }) });
        }
      }
    });
    probes.push(probe(route, 'multipart valid', { body: multipart(withFreshEmail(route, base)) }));
    for (const c of rng.sample(candidates, PER_ROUTE.files + PER_ROUTE.mutations)) {
      probes.push(probe(route, c.label, { body: multipart(withFreshEmail(route, c.parts)) }));
    }
  }
  if (!route.json && !route.form && route.method !== 'GET') {
    // A route that takes no body still gets one.
    for (const b of rng.sample(wrongEncodings({ x: BAD_STRINGS[0] }), PER_ROUTE.encodings)) probes.push(probe(route, b.label, { body: b }));
  }
  return probes;
}

const withFreshEmail = (route: Route, parts: Part[]): Part[] =>
  route.freshEmail ? parts.map((p) => (p.name === 'email' && p.value?.startsWith('hostile.') ? { ...p, value: freshEmail() } : p)) : parts;

function pathProbes(route: Route, rng: Rng): Probe[] {
  if (!/:(id|entryId)/.test(route.path)) return [];
  const body = route.json ? jsonBody(refreshed(route, route.json())) : route.form ? multipart(route.form()) : undefined;
  return [
    ...rng.sample(BAD_PATH_IDS, PER_ROUTE.paths).map((id) => probe(route, `id ${id.slice(0, 40)}`, { id, body })),
    probe(route, 'unknown id', { id: unknownId(), body }),
  ];
}

function listProbes(route: Route, rng: Rng): Probe[] {
  return route.list
    ? rng.sample(BAD_LIST_QUERIES, PER_ROUTE.lists).map((query) => probe(route, `query ${query.slice(0, 60)}`, { query }))
    : [];
}

/**
 * Odd but well-formed text, each in a registration that is otherwise valid: these are taken, so they
 * travel on into the participant's workflow and its activities, which must store and mail them.
 */
function oddRegistrations(routes: Route[]): Probe[] {
  const registration = routes.find((r) => `${r.method} ${r.path}` === 'POST /api/registrations')!;
  const fields = ['firstName', 'lastName', 'agencyName'];
  return ODD_STRINGS.map((value, i) => {
    const field = fields[i % fields.length];
    const body = { ...(registration.json!() as Record<string, unknown>), email: freshEmail(), [field]: value };
    return probe(registration, `odd ${field} ${JSON.stringify(value).slice(0, 40)}`, { body: jsonBody(body) });
  });
}

/** The seven causes of the 5xx answers of issue 10, each reproduced by one request, whatever the sample. */
function knownCauses(routes: Route[]): Probe[] {
  const at = (key: string) => routes.find((r) => `${r.method} ${r.path}` === key)!;
  const registration = at('POST /api/registrations');
  const base = registration.json!() as Record<string, unknown>;
  const adjustments = at('POST /admin/api/participants/:id/adjustments');
  const reports = at('POST /admin/api/events/:id/reports');
  return [
    probe(registration, 'cause 1: NUL in a name', { body: jsonBody({ ...base, email: freshEmail(), firstName: 'Ан\u0000на' }) }),
    probe(at('GET /api/registrations/:id'), 'cause 2: malformed %-escape in the path', { id: '%E0%A4%A' }),
    probe(at('GET /admin/api/participants/:id'), 'cause 2: malformed %-escape in the path', { id: '%' }),
    probe(registration, 'cause 3: charset latin1', {
      body: { ...jsonBody(base), headers: { 'content-type': 'application/json; charset=latin1' } },
    }),
    probe(registration, 'cause 3: unknown content encoding', {
      body: { ...jsonBody(base), headers: { 'content-type': 'application/json', 'content-encoding': 'compress' } },
    }),
    probe(registration, 'cause 4: multipart cut short', {
      body: { ...multipart(textParts(base)), bytes: multipart(textParts(base)).bytes.subarray(0, 80) },
    }),
    probe(registration, 'cause 4: multipart without boundary', {
      body: { ...multipart(textParts(base)), headers: { 'content-type': 'multipart/form-data' } },
    }),
    probe(at('GET /admin/api/participants/:id'), 'cause 5: non-UUID id', { id: 'not-a-uuid' }),
    probe(at('GET /admin/api/mail/:id'), 'cause 5: non-UUID id', { id: '12345' }),
    probe(adjustments, 'cause 6: unpaired surrogate (audit jsonb)', { body: jsonBody({ amount: 1, reason: 'причина \uD800' }) }),
    probe(at('POST /admin/api/reviews/:id/decision'), 'cause 6: unpaired surrogate in a decision', {
      body: jsonBody({ decision: 'reject', reason: '\uDFFF' }),
    }),
    probe(reports, 'cause 7: CSV minutes beyond int4', {
      body: multipart([{ name: 'kind', value: 'attendance' }, csvPart(`${fx.email};99999999999`)]),
    }),
    probe(reports, 'cause 7: CSV segment of years', {
      body: multipart([
        { name: 'kind', value: 'attendance' },
        csvPart('', Buffer.from(`email;join_time;leave_time\n${fx.email};2026-01-01T00:00:00Z;9999-01-01T00:00:00Z\n`)),
      ]),
    }),
  ];
}

async function runAll(probes: Probe[]): Promise<Array<{ probe: Probe; answer?: Answer; error?: string }>> {
  const results: Array<{ probe: Probe; answer?: Answer; error?: string }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < probes.length) {
        const p = probes[next++];
        try {
          results.push({ probe: p, answer: await send(sys.baseUrl, p) });
        } catch (err) {
          results.push({ probe: p, error: String((err as Error).message ?? err) });
        }
      }
    }),
  );
  return results;
}

const describeProbe = (r: { probe: Probe; answer?: Answer; error?: string }) =>
  [
    `${r.answer?.status ?? 'NO ANSWER'} ${r.probe.label}`,
    `    ${r.probe.method} ${r.probe.path.slice(0, 160)}`,
    `    body: ${JSON.stringify(r.probe.body?.subarray(0, 200).toString('utf8') ?? '')}`,
    `    answer: ${(r.answer?.text ?? r.error ?? '').slice(0, 300)}`,
  ].join('\n');

describe('hostile input', () => {
  it('bad input is a 4xx, never a 5xx; the server, the ledger and the workflows come through', async () => {
    const rng = seeded(SEED);
    const routes = [...clientRoutes(), ...staffRoutes()];
    const probes = [
      ...knownCauses(routes),
      ...oddRegistrations(routes),
      ...routes.flatMap((route) => [...bodyProbes(route, rng), ...pathProbes(route, rng), ...listProbes(route, rng)]),
    ];
    expect(probes.length).toBeGreaterThanOrEqual(300);

    const started = Date.now();
    const results = await runAll(probes);
    const byStatus = new Map<string, number>();
    for (const r of results) {
      const key = r.answer ? `${Math.floor(r.answer.status / 100)}xx` : 'none';
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    console.log(
      `[hostile] seed ${SEED}: ${results.length} requests over ${routes.length} routes in ${Date.now() - started} ms: ` +
        [...byStatus].map(([k, n]) => `${k} ${n}`).join(', '),
    );

    const codes = new Map<string, number>();
    for (const r of results) {
      const code = r.answer && r.answer.status >= 400 ? `${r.answer.status} ${/"code":"([a-z_]+)"/.exec(r.answer.text)?.[1] ?? '?'}` : null;
      if (code) codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    console.log(
      `[hostile] refusals: ${[...codes]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')}`,
    );

    const faults = results.filter((r) => !r.answer || r.answer.status >= 500);
    expect(faults.length, `requests answered 5xx or not at all (seed ${SEED}):\n${faults.map(describeProbe).join('\n')}`).toBe(0);
    // Each cause of issue 10 is refused as the client's fault.
    for (const r of results.filter((x) => x.probe.label.includes('cause '))) {
      expect(r.answer!.status, describeProbe(r)).toBeGreaterThanOrEqual(400);
    }

    expect((await sys.call('GET', '/health', undefined, { apiKey: null })).status).toBe(200);
    expect(await ledgerInvariant(sys.pool)).toMatchObject({ holds: true });

    // A value that got past validation and broke an activity would be retrying now (the first
    // retries come 1, 2 and 4 s apart), or have failed its workflow.
    await new Promise((r) => setTimeout(r, 8000));
    const stuck: string[] = [];
    let workflows = 0;
    for await (const wf of sys.temporal.workflow.list({ query: `TaskQueue = '${sys.config.taskQueue}'` })) {
      workflows++;
      if (wf.status.name === 'FAILED' || wf.status.name === 'TERMINATED') stuck.push(`${wf.workflowId}: ${wf.status.name}`);
      const { raw } = await sys.temporal.workflow.getHandle(wf.workflowId, wf.runId).describe();
      for (const a of raw.pendingActivities ?? []) {
        if ((a.attempt ?? 0) > 3)
          stuck.push(`${wf.workflowId}: ${a.activityType?.name} at attempt ${a.attempt}: ${a.lastFailure?.message ?? ''}`);
      }
    }
    console.log(`[hostile] ${workflows} workflows on the test's task queue`);
    expect(workflows).toBeGreaterThan(0);
    expect(stuck, stuck.join('\n')).toEqual([]);
  });
});
