/**
 * The whole system for a test file, on real servers: the Temporal dev server that global-setup
 * started, the file's own PostgreSQL database (a copy of the run's migrated template) and SMTP
 * catcher (test/support/file-resources.ts), plus each system's own worker (on its own task queue)
 * and API. Nothing is mocked. A file may start several systems with different configuration: they
 * share the file's database, mail catcher and TOKEN_SECRET, like processes of one deployment.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import { startApiServer } from '../../api/server.js';
import { createApiKey } from '../../db/api-keys.js';
import { insertContract } from '../../db/contracts.js';
import { createStaffUser, type StaffRole } from '../../db/staff.js';
import { loadConfig, type Config } from '../../infra/config.js';
import { createPool, type Pool } from '../../db/pool.js';
import type { MailCatcher } from '../../infra/mail-catcher.js';
import { startWorker, type RunningWorker } from '../../worker/worker.js';
import type { ParticipantWorkflowInput } from '../../workflows/messages/participant.js';
import { fileDatabaseUrl, fileMailCatcher, fileTokenSecret } from './file-resources.js';
import { freePort, isAddressInUse, onFreePort } from '../../infra/ports.js';

export interface TestSystem {
  baseUrl: string;
  /** The worker's health and metrics port, when started with `workerHttp`. */
  workerUrl: string | null;
  pool: Pool;
  config: Config;
  temporal: Client;
  apiKey: string;
  /** The file's SMTP catcher, shared with the file's other systems: pick mail by recipient, never "the last one". */
  mail: MailCatcher;
  /** Calls the API as a JSON client with this system's API key (pass `apiKey: null` to send none). */
  call(method: string, path: string, body?: unknown, opts?: { apiKey?: string | null; token?: string }): Promise<ApiAnswer>;
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface ApiAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/**
 * The systems of a file are processes of one deployment serving one shop: they share its API client
 * (every scope) and key, so an order placed through one may be completed through another, as before
 * clients owned their rows. A test about several clients makes the others itself (createApiKey).
 */
const fileClients = new Map<string, Promise<string>>();
const fileApiKey = (pool: Pool, databaseUrl: string): Promise<string> => {
  let key = fileClients.get(databaseUrl);
  if (!key) {
    key = createApiKey(pool, `test ${randomUUID()}`).then((created) => created.key);
    fileClients.set(databaseUrl, key);
  }
  return key;
};

/**
 * `env` overrides configuration, e.g. `{ CONFIRMATION_TIMEOUT_MS: '3000' }`. `workerHttp` gives the
 * worker a health and metrics port of its own (`workerUrl`).
 */
export async function startTestSystem(
  env: Record<string, string> = {},
  opts: { worker?: boolean; workerHttp?: boolean } = {},
): Promise<TestSystem> {
  // A file that brings its own database (`env.DATABASE_URL`) gets no copy of the template.
  const [databaseUrl, mail] = await Promise.all([env.DATABASE_URL ?? fileDatabaseUrl(), fileMailCatcher()]);
  const pool = createPool(databaseUrl, 4);
  // The worker, the API and the API key do not wait for each other. A port taken between its choice
  // and the listen is tried again on another (infra/ports.ts), with a worker told the new address.
  const started = onFreePort(async (port) => {
    const workerPort = opts.workerHttp ? await freePort() : null;
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
      TEMPORAL_UI_URL: 'http://127.0.0.1:8233',
      API_PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...(workerPort && { WORKER_HTTP_PORT: String(workerPort) }),
      SMTP_URL: mail.url,
      TOKEN_SECRET: fileTokenSecret(),
      // A request waits this long on a workflow before answering 202 (or 503): the files run in parallel
      // on a small machine, and a test that registers someone means to see the registration done.
      API_WORKFLOW_WAIT_MS: '60000',
      // Warnings and errors only: a run's hundreds of request lines at info cost CPU in every test
      // process and in vitest's reporter, and say nothing a failing test does not.
      LOG_LEVEL: 'warn',
      ...env,
    });
    const [worker, api] = await Promise.allSettled([
      opts.worker === false ? null : startWorker(config, { workflowBundlePath: inject('workflowBundlePath') }),
      startApiServer(config),
    ]);
    if (worker.status === 'fulfilled' && api.status === 'fulfilled')
      return { config, api: api.value, firstWorker: worker.value, workerUrl: workerPort ? `http://127.0.0.1:${workerPort}` : null };
    if (worker.status === 'fulfilled') await worker.value?.stop();
    if (api.status === 'fulfilled') await api.value.close();
    const failures = [worker, api].flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    throw failures.find((err) => !isAddressInUse(err)) ?? failures[0];
  });
  const [{ config, api, firstWorker, workerUrl }, apiKey] = await Promise.all([started, fileApiKey(pool, databaseUrl)]);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });
  let worker: RunningWorker | null = firstWorker;

  return {
    baseUrl: api.url,
    workerUrl,
    pool,
    config,
    temporal,
    apiKey,
    mail,
    async call(method, path, body, callOpts = {}) {
      const headers: Record<string, string> = {};
      const key = callOpts.apiKey === undefined ? apiKey : callOpts.apiKey;
      if (key) headers['x-api-key'] = key;
      if (callOpts.token) headers.authorization = `Bearer ${callOpts.token}`;
      let payload: BodyInit | undefined;
      if (body instanceof FormData) payload = body;
      else if (typeof body === 'string') {
        payload = body;
        headers['content-type'] = 'application/json';
      } else if (body !== undefined) {
        payload = JSON.stringify(body);
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(api.url + path, { method, headers, body: payload });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async stopWorker() {
      await worker?.stop();
      worker = null;
    },
    async startWorker() {
      worker ??= await startWorker(config, { workflowBundlePath: inject('workflowBundlePath') });
    },
    // The file's database and mail catcher stay for the file's other systems (file-setup.ts releases them).
    async close() {
      await api.close();
      await worker?.stop();
      await connection.close();
      await pool.end();
    },
  };
}

export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function createStaff(sys: TestSystem, role: StaffRole): Promise<{ email: string; password: string; id: string }> {
  const email = `${role}-${randomUUID().slice(0, 8)}@operator.example`;
  const password = `pw-${randomUUID()}`;
  const staff = await createStaffUser(sys.pool, { email, name: `Test ${role}`, role, password });
  return { email, password, id: staff.id };
}

export async function signIn(sys: TestSystem, staff: { email: string; password: string }): Promise<string> {
  const res = await sys.call('POST', '/admin/api/auth/login', { email: staff.email, password: staff.password }, { apiKey: null });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

// ---- registration helpers ------------------------------------------------------------------

/** A valid 10-digit INN (company), different on every call. */
export function randomInn(): string {
  const w = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const d = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  d[0] = 1 + (d[0] % 9);
  const check = (w.reduce((s, x, i) => s + x * d[i], 0) % 11) % 10;
  return [...d, check].join('');
}

/**
 * A registration's workflow input as the API builds it (api/routes/registrations.ts), for starts
 * straight through the Temporal client: an API that died after the start, a form the API would refuse.
 */
export function registrationInput(
  sys: TestSystem,
  email: string,
  fields: Partial<ParticipantWorkflowInput['registration']> = {},
): ParticipantWorkflowInput {
  return {
    registration: {
      participantId: randomUUID(),
      email,
      emailNormalized: email.toLowerCase(),
      firstName: 'Анна',
      lastName: 'Смирнова',
      agencyInn: randomInn(),
      agencyName: null,
      contractPath: 'agent',
      contractNumber: null,
      subagencyLegalName: null,
      letterDocumentId: null,
      ...fields,
    },
    terms: { confirmationTimeoutMs: 600_000, welcomePoints: 100, lotLifetimeMs: sys.config.program.lotLifetimeMs },
  };
}

export const uniqueEmail = (tag = 'agent') => `${tag}.${randomUUID().slice(0, 8)}@agency.example`;

export const PDF_LETTER = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

export function registrationForm(fields: Record<string, string>, letter?: { content: Buffer; filename: string; type: string }): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (letter) form.append('letter', new Blob([new Uint8Array(letter.content)], { type: letter.type }), letter.filename);
  return form;
}

/** Adds contracts to the registry directly (the import endpoint is tested on its own). */
export async function addContract(
  sys: TestSystem,
  c: {
    contractNumber: string;
    contractType: 'agent' | 'subagent';
    inn?: string | null;
    legalName: string;
    status?: 'active' | 'terminated';
  },
): Promise<void> {
  await insertContract(sys.pool, { ...c, inn: c.inn ?? null, status: c.status ?? 'active' });
}

/** The link in the latest confirmation mail delivered over SMTP to `email`. */
export async function confirmationToken(sys: TestSystem, email: string, nth = 1): Promise<string> {
  const messages = await waitFor(async () => {
    const found = sys.mail.messages.filter((m) => m.to.includes(email.toLowerCase()) && /confirm\?token=/.test(m.text));
    return found.length >= nth ? found : null;
  });
  const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(messages[nth - 1].text)?.[1];
  if (!token) throw new Error('no token in the confirmation mail');
  return token;
}

export async function confirm(sys: TestSystem, email: string, nth = 1): Promise<ApiAnswer> {
  const token = await confirmationToken(sys, email, nth);
  return sys.call('POST', '/api/confirmations', { token, password: 'correct horse battery' }, { apiKey: null });
}

export async function participantRow(sys: TestSystem, participantId: string) {
  const { rows } = await sys.pool.query(
    `SELECT p.*, COALESCE((SELECT sum(amount) FROM ledger_entries l WHERE l.participant_id = p.id), 0)::int AS balance
       FROM participants p WHERE p.id = $1`,
    [participantId],
  );
  return rows[0];
}

export async function waitForStatus(sys: TestSystem, participantId: string, status: string, timeoutMs = 120_000) {
  return waitFor(async () => {
    const row = await participantRow(sys, participantId);
    return row?.status === status ? row : null;
  }, timeoutMs);
}

/** An intermediary registration with a PDF letter, email confirmed: it waits in the review queue. */
export async function registerIntermediary(sys: TestSystem): Promise<{ participantId: string; email: string }> {
  const email = uniqueEmail('intermediary');
  const res = await sys.call(
    'POST',
    '/api/registrations',
    registrationForm(
      {
        firstName: 'Ирина',
        lastName: 'Петрова',
        email,
        agencyName: 'ИП Петрова',
        contractPath: 'intermediary',
        // Digits, as a contract number has: a random code of letters alone reads as an English word (languages.test.ts).
        contractNumber: `AG-${randomInn()}`,
      },
      { content: PDF_LETTER, filename: 'letter.pdf', type: 'application/pdf' },
    ),
  );
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  const confirmed = await confirm(sys, email);
  if (confirmed.status !== 200) throw new Error(`confirmation failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  await waitFor(async () => {
    const { rows } = await sys.pool.query(`SELECT 1 FROM review_tasks WHERE participant_id = $1 AND status = 'open'`, [
      res.body.participantId,
    ]);
    return rows.length > 0;
  });
  return { participantId: res.body.participantId, email };
}

/** An agent whose INN holds an active contract (added here), registered through the API: the API's answer. */
export async function registerAgent(
  sys: TestSystem,
  email: string,
  person: { firstName: string; lastName: string } = { firstName: 'Анна', lastName: 'Смирнова' },
): Promise<ApiAnswer> {
  const inn = randomInn();
  await addContract(sys, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Агентство ${inn}` });
  return sys.call('POST', '/api/registrations', { ...person, email, agencyInn: inn, contractPath: 'agent' });
}

/** An agent whose INN holds an active contract, registered and confirmed through the API: active, with the welcome points. */
export async function registerActiveAgent(
  sys: TestSystem,
  person: { firstName: string; lastName: string; tag?: string } = { firstName: 'Анна', lastName: 'Смирнова' },
): Promise<{ participantId: string; email: string }> {
  const email = uniqueEmail(person.tag ?? 'agent');
  const res = await registerAgent(sys, email, { firstName: person.firstName, lastName: person.lastName });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  const confirmed = await confirm(sys, email);
  if (confirmed.status !== 200) throw new Error(`confirmation failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  await waitForStatus(sys, res.body.participantId, 'active');
  return { participantId: res.body.participantId, email };
}
