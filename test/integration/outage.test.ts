/**
 * PostgreSQL stops under load and comes back, with no supervisor restarting anything: the API and the
 * worker (real processes, `api/main.ts` and `worker/main.ts`) keep running; meanwhile the API answers
 * 503 with Retry-After and /health/ready says not ready; every request that was taken completes once
 * when the database returns. Then a SIGTERM with requests in flight drains them, and both processes
 * exit 0.
 *
 * The database is an embedded PostgreSQL of this file's own (infra/embedded-postgres.ts), stopped by
 * its process id and started again on the same port and data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { ledgerInvariant } from '../../db/ledger.js';
import { participantLedger } from '../../db/ledger-reads.js';
import { listMail } from '../../db/mail.js';
import { sessionsWaitingOnLocks } from '../../db/metrics.js';
import { lockParticipantsTable, participantsMatching, participantStatus } from '../../db/participants.js';
import { inTransaction } from '../../db/pool.js';
import { migrate } from '../../db/migrate.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../infra/embedded-postgres.js';
import { onFreePort } from '../../infra/ports.js';
import { tsxNodeArguments } from '../../worker/node-flags.js';
import { addContract, confirmationToken, randomInn, startTestSystem, uniqueEmail, waitFor, type TestSystem } from '../support/system.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'correct horse battery';
const OUTAGE_MS = 6000;
/** Short waits, so that the outage shows within it (production defaults are seconds longer). */
// The API waits on a workflow long enough for a loaded 2-core machine (3 s was not, in a full run there).
const WAITS = {
  API_WORKFLOW_WAIT_MS: '15000',
  API_RETRY_AFTER_MS: '1000',
  DATABASE_CONNECT_TIMEOUT_MS: '2000',
  SHUTDOWN_GRACE_MS: '20000',
};

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

interface Proc {
  child: ChildProcess;
  /** How it ended, recorded from its start. */
  ended: Promise<number | NodeJS.Signals | null>;
  exited: boolean;
  /** The end of what it wrote to stderr (which is passed on to the test's own). */
  stderr: string;
}

let dir: string;
let postgres: EmbeddedPostgres;
let sys: TestSystem;
let worker: Proc;
let api: Proc & { url: string };
let inn: string;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function start(entry: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, tsxNodeArguments(entry), {
    cwd: repo,
    env: {
      ...process.env,
      DATABASE_URL: sys.config.databaseUrl,
      TEMPORAL_ADDRESS: sys.config.temporalAddress,
      TEMPORAL_TASK_QUEUE: sys.config.taskQueue,
      SMTP_URL: sys.config.smtpUrl,
      PUBLIC_URL: sys.config.publicUrl,
      TOKEN_SECRET: sys.config.tokenSecret,
      WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
      // Warnings and errors only, as the test systems: a line per request would fill the run's output.
      LOG_LEVEL: 'warn',
      ...WAITS,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const proc: Proc = { child, exited: false, ended: null as never, stderr: '' };
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk); // what it says stays in the test output
    proc.stderr = (proc.stderr + chunk.toString('utf8')).slice(-4000);
  });
  proc.ended = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      proc.exited = true;
      resolve(signal ?? code);
    }),
  );
  return proc;
}

/** The API process, ready, on a port no one took before it listened (a taken one is tried again on another). */
function startApiProcess(): Promise<Proc & { url: string }> {
  return onFreePort(async (port) => {
    // The same object as start's (not a copy): `exited` and `stderr` change as the process runs.
    const proc = Object.assign(start('api/main.ts', { API_PORT: String(port) }), { url: `http://127.0.0.1:${port}` });
    await waitFor(async () => proc.exited || (await call(proc.url, 'GET', '/health/ready').catch(() => null))?.status === 200, 180_000);
    if (!proc.exited) return proc;
    throw Object.assign(new Error(`the API process ended before it was ready (${String(await proc.ended)})`), {
      code: proc.stderr.includes('EADDRINUSE') ? 'EADDRINUSE' : undefined,
    });
  });
}

async function call(base: string, method: string, path: string, body?: unknown, apiKey: string | null = sys.apiKey): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (apiKey) headers['x-api-key'] = apiKey;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bonus-outage-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as `postgres` and must enter it
  postgres = await startEmbeddedPostgres(join(dir, 'pg'), { port: 0 });
  await migrate(postgres.databaseUrl);
  sys = await startTestSystem({ DATABASE_URL: postgres.databaseUrl, ...WAITS }, { worker: false });
  inn = randomInn();
  await addContract(sys, { contractNumber: `A-${inn}`, contractType: 'agent', inn, legalName: `ООО Перебой ${inn}` });
  worker = start('worker/main.ts', {});
  api = await startApiProcess();
});

afterAll(async () => {
  for (const p of [api, worker]) if (p && !p.exited) p.child.kill('SIGKILL'); // a failed test must not leave them behind
  await sys?.close();
  await postgres?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const fields = (email: string) => ({ firstName: 'Олег', lastName: 'Перебоев', email, agencyInn: inn, contractPath: 'agent' });

/** What the clients saw while the database was away. */
const seen = { unavailable: 0, tryAgain: 0, accepted: 0, withoutRetryAfter: 0 };

/** A 503: wait as long as Retry-After says, then try again. */
async function backOff(answer: Answer): Promise<void> {
  if (answer.body?.error?.code === 'database_unavailable') seen.unavailable++;
  else seen.tryAgain++;
  const seconds = Number(answer.headers.get('retry-after'));
  if (!(seconds > 0)) seen.withoutRetryAfter++;
  await sleep((seconds > 0 ? seconds : 1) * 1000);
}

/**
 * A client that registers and confirms one person through `base`, the way a well-behaved client
 * would: a 503 is retried after Retry-After, a 202 is taken as taken (its Location names the
 * registration), and a retry that finds its earlier attempt taken after all accepts that.
 */
async function enrol(base: string, email: string): Promise<string> {
  let participantId: string | null = null;
  while (!participantId) {
    const r = await call(base, 'POST', '/api/registrations', fields(email));
    if (r.status === 201) participantId = r.body.participantId;
    else if (r.status === 202) {
      seen.accepted++;
      participantId = /\/api\/registrations\/([0-9a-f-]{36})$/.exec(r.headers.get('location') ?? '')?.[1] ?? null;
      expect(participantId, JSON.stringify(r.body)).not.toBeNull();
    } else if (r.status === 409 && r.body.error?.code === 'email_already_registered') {
      // An earlier attempt was taken after all; until its workflow has stored it, ask again.
      participantId = r.body.error.registration?.participantId ?? null;
      if (!participantId) await sleep(500);
    } else if (r.status === 503) await backOff(r);
    else throw new Error(`registration of ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  const token = await confirmationToken(sys, email);
  for (;;) {
    const r = await call(base, 'POST', '/api/confirmations', { token, password: PASSWORD }, null);
    if (r.status === 200) break;
    if (r.status === 202) {
      seen.accepted++;
      break;
    }
    // An earlier attempt was taken after all.
    if ((r.status === 410 && r.body.error?.code === 'token_used') || (r.status === 409 && r.body.error?.code === 'already_confirmed'))
      break;
    if (r.status === 503) await backOff(r);
    else throw new Error(`confirmation of ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return participantId;
}

it('PostgreSQL stops under load and restarts: 503 with Retry-After and not ready meanwhile, no process exits, every accepted registration completes exactly once', async () => {
  // Clients through both APIs: the API process and the API inside this test process.
  const bases = [api.url, sys.baseUrl];
  const emails: string[] = [];
  const clients: Array<Promise<string>> = [];
  const startClients = (n: number) => {
    for (let i = 0; i < n; i++) {
      const email = uniqueEmail('outage');
      emails.push(email);
      clients.push(enrol(bases[emails.length % 2], email));
    }
  };

  startClients(12);
  await sleep(1500); // some are done, some in flight
  await postgres.stop();
  const stoppedAt = Date.now();
  startClients(12); // and more arrive while it is away

  // While it is away: 503 with Retry-After, readiness says so, liveness does not.
  for (const base of bases) {
    const read = await call(base, 'GET', '/api/registrations/00000000-0000-4000-8000-000000000000');
    expect(read.status, JSON.stringify(read.body)).toBe(503);
    expect(read.body.error.code).toBe('database_unavailable');
    expect(read.headers.get('retry-after')).toBe('1');
    const ready = await call(base, 'GET', '/health/ready', undefined, null);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ ready: false, database: 'unavailable', temporal: 'ok' });
    expect(ready.headers.get('retry-after')).toBe('1');
    expect((await call(base, 'GET', '/health/live', undefined, null)).status).toBe(200);
  }
  await sleep(Math.max(0, OUTAGE_MS - (Date.now() - stoppedAt)));
  expect(worker.exited).toBe(false);
  expect(api.exited).toBe(false);

  postgres = await startEmbeddedPostgres(join(dir, 'pg'), { port: postgres.port });
  const participantIds = await Promise.all(clients);
  console.log(`[outage] clients saw ${JSON.stringify(seen)}`);
  expect(seen.unavailable).toBeGreaterThan(0);
  expect(seen.withoutRetryAfter).toBe(0);

  // Every registration taken completes once: one participant per email, active, one welcome credit.
  await waitFor(
    async () => (await Promise.all(participantIds.map((id) => participantStatus(sys.pool, id)))).every((status) => status === 'active'),
    180_000,
  );
  for (const email of emails) expect((await participantsMatching(sys.pool, email.toLowerCase())).n, email).toBe(1);
  for (const id of participantIds) {
    const entries = await participantLedger(sys.pool, id);
    expect({ entries: entries.length, points: entries.reduce((sum, e) => sum + e.amount, 0) }, id).toEqual({ entries: 1, points: 100 });
  }
  // The welcome mail follows the activation: wait for the last one, then count them all, by kind.
  const mailCount = async () => {
    const query = (id: string) =>
      ({ filter: { participant_id: id }, orderBy: 'created_at', direction: 'ASC', offset: 0, limit: 10 }) as const;
    const kinds = (await Promise.all(participantIds.map(async (id) => (await listMail(sys.pool, query(id))).rows)))
      .flat()
      .map((m) => m.kind);
    return [...new Set(kinds)].sort().map((kind) => ({ kind, n: kinds.filter((k) => k === kind).length }));
  };
  await waitFor(async () => (await mailCount()).find((m) => m.kind === 'welcome')?.n === participantIds.length, 120_000);
  expect(await mailCount()).toEqual([
    { kind: 'confirmation', n: participantIds.length },
    { kind: 'welcome', n: participantIds.length },
  ]);
  expect((await ledgerInvariant(sys.pool)).holds).toBe(true);

  // Nobody restarted anything: the same processes serve, and say they are ready again.
  expect(worker.exited).toBe(false);
  expect(api.exited).toBe(false);
  for (const base of bases) expect((await call(base, 'GET', '/health/ready', undefined, null)).body).toMatchObject({ ready: true });
});

it('a SIGTERM with requests in flight drains them: each is answered, then the API and the worker exit 0', async () => {
  // Hold the registrations inside the API: its first look at the participants waits for this lock,
  // taken in a transaction that ends (writing nothing) once `unlock` is called.
  let unlock = () => {};
  const unlocked = new Promise<void>((resolve) => (unlock = resolve));
  let locked = false;
  const holding = inTransaction(sys.pool, async (tx) => {
    await lockParticipantsTable(tx);
    locked = true;
    await unlocked;
  });
  try {
    await waitFor(async () => locked, 30_000);
    const emails = Array.from({ length: 4 }, () => uniqueEmail('draining'));
    const answers = emails.map((email) => call(api.url, 'POST', '/api/registrations', fields(email)));
    await waitFor(async () => (await sessionsWaitingOnLocks(sys.pool)) >= emails.length, 30_000);

    api.child.kill('SIGTERM');
    await sleep(500);
    expect(api.exited).toBe(false); // draining: it waits for the requests it has
    unlock();
    await holding;

    for (const answer of await Promise.all(answers)) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(await api.ended).toBe(0);
  } finally {
    unlock();
    await holding;
  }

  worker.child.kill('SIGTERM');
  expect(await worker.ended).toBe(0);
}, 120_000);
