/**
 * `npm start`: the whole system on this machine, in one process, with its state in `.data/`.
 *
 *   PostgreSQL       DATABASE_URL, else an embedded PostgreSQL in .data/postgres
 *   schema           migrations, every start
 *   Temporal         TEMPORAL_ADDRESS, else the dev server with its Web UI, state in .data/temporal.sqlite
 *   mail             SMTP_URL, else a local SMTP catcher (sent mail shows in the console under "Mail")
 *   SMS              SMS_RELAY_URL, else a local SMS catcher (A6: sign-in codes to participants with a phone)
 *   inbox            with a local catcher: what it caught, links and codes readable (127.0.0.1:8025)
 *   TOKEN_SECRET     from the environment, else generated once into .data/secret
 *   first run        an admin staff user and a demo API key, saved in .data/first-run-credentials.json
 *   worker and API   started here, in this process
 *
 * Ctrl-C (SIGINT) or SIGTERM stops everything in reverse order; the next start finds the same data
 * and the same running workflows. Another Ctrl-C, two seconds or more later, exits at once.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAddressInUse, onPortOrAny, portIsFree } from '../infra/ports.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApiOnFreePort, startApiOnPort } from '../api/server.js';
import { createApiKey } from '../db/api-keys.js';
import { migrate } from '../db/migrate.js';
import { countStaff, createStaffUser } from '../db/staff.js';
import { createPool } from '../db/pool.js';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { startLocalInbox } from '../infra/local-inbox.js';
import { startMailCatcher, type MailCatcher } from '../infra/mail-catcher.js';
import { startSmsCatcher, type SmsCatcher } from '../infra/sms-catcher.js';
import { startTemporalDevServer } from '../infra/temporal-dev-server.js';
import { startWorker } from '../worker/worker.js';
import { Runtime } from '@temporalio/worker';
import { temporalSdkLogger } from '../infra/logger.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dataDir = join(repo, '.data');
const credentialsFile = join(dataDir, 'first-run-credentials.json');
const temporalPidFile = join(dataDir, 'temporal.pid');
const env = process.env;

const say = (line: string) => console.log(`[start] ${line}`);

// ---- ordered shutdown -------------------------------------------------------------------------
const stack: Array<{ name: string; stop: () => Promise<void> }> = [];
let stopping: Promise<void> | null = null;

function shutdown(exitCode: number): Promise<void> {
  stopping ??= (async () => {
    for (const { name, stop } of stack.reverse()) {
      say(`stopping ${name}`);
      await stop().catch((err) => console.error(`[start] stopping ${name} failed: ${(err as Error).message}`));
    }
    say('stopped');
    process.exit(exitCode);
  })();
  return stopping;
}
let firstSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // A terminal's Ctrl-C reaches us more than once (directly, and relayed by npm and tsx): only a
    // signal that comes well after the first one means "stop now".
    if (stopping) {
      if (Date.now() - firstSignalAt < 2_000) return;
      console.error('[start] second signal: exiting now');
      process.exit(130); // the exit hooks of the dev server and PostgreSQL still signal them
    }
    firstSignalAt = Date.now();
    console.log('');
    void shutdown(0);
  });
}

try {
  await main();
} catch (err) {
  console.error(`[start] could not start: ${(err as Error).stack ?? err}`);
  await shutdown(1);
}

async function main() {
  // The worker runs in this process: the SDK's log lines are JSON lines like the API's (worker/main.ts does the same).
  Runtime.install({
    logger: temporalSdkLogger(),
    telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
  });
  mkdirSync(dataDir, { recursive: true });
  // As root, embedded PostgreSQL runs as the `postgres` user, which must be able to enter .data/.
  chmodSync(dataDir, 0o755);

  await buildConsoleIfMissing();

  // ---- secrets ----
  if (!env.TOKEN_SECRET) env.TOKEN_SECRET = readOrCreate(join(dataDir, 'secret'), () => randomBytes(32).toString('base64url'));

  // ---- PostgreSQL ----
  let databaseLabel: string;
  let databaseKey: string; // which database the first-run credentials belong to
  if (env.DATABASE_URL) {
    databaseLabel = databaseKey = redact(env.DATABASE_URL);
    say(`PostgreSQL: DATABASE_URL ${databaseLabel}`);
  } else {
    const postgres = await startEmbeddedPostgres(join(dataDir, 'postgres'), { database: 'bonus', log: say });
    stack.push({ name: 'PostgreSQL', stop: postgres.stop });
    stopIfItEnds('PostgreSQL', postgres.exited);
    env.DATABASE_URL = postgres.databaseUrl;
    databaseLabel = `embedded, data in .data/postgres (${redact(postgres.databaseUrl)})`;
    databaseKey = 'embedded:.data/postgres';
  }
  await migrate(env.DATABASE_URL, (msg) => {
    if (/^(Migrating|MIGRATION|### MIGRATION)/.test(msg.trim())) say(`migrate: ${msg.trim().split('\n')[0]}`);
  });
  say('schema up to date');

  // ---- Temporal ----
  let temporalUi: string | null = env.TEMPORAL_UI_URL ?? null;
  if (env.TEMPORAL_ADDRESS) {
    say(`Temporal: TEMPORAL_ADDRESS ${env.TEMPORAL_ADDRESS}`);
  } else {
    await stopLeftoverDevServer();
    const temporal = await startTemporalDevServer({
      port: (await portIsFree(7233)) ? 7233 : undefined,
      uiPort: (await portIsFree(8233)) ? 8233 : undefined,
      dbFile: join(dataDir, 'temporal.sqlite'),
      logFile: join(dataDir, 'temporal.log'),
      namespace: env.TEMPORAL_NAMESPACE || 'default',
      log: say,
    });
    writeFileSync(temporalPidFile, `${temporal.pid}\n`);
    stopIfItEnds('the Temporal dev server (its log: .data/temporal.log)', temporal.exited);
    stack.push({
      name: 'Temporal dev server',
      stop: async () => {
        await temporal.stop();
        rmSync(temporalPidFile, { force: true });
      },
    });
    env.TEMPORAL_ADDRESS = temporal.address;
    env.TEMPORAL_UI_URL = temporalUi = temporal.uiUrl!;
  }

  // ---- mail ----
  let mailNote: string;
  const caught: { mail?: MailCatcher; sms?: SmsCatcher } = {};
  if (env.SMTP_URL) {
    mailNote = `mail goes out through SMTP_URL ${redact(env.SMTP_URL)}`;
  } else {
    // 2525 if it is free, else a port the catcher picks itself: either way the port it reports is its own.
    const catcher = await onPortOrAny(2525, startMailCatcher);
    stack.push({ name: 'SMTP catcher', stop: catcher.stop });
    env.SMTP_URL = catcher.url;
    caught.mail = catcher;
    mailNote = `caught locally by ${catcher.url}, nothing leaves this machine: read it in the inbox below`;
  }

  // ---- SMS (A6: sign-in codes to participants with a phone) ----
  let smsNote: string;
  if (env.SMS_RELAY_URL) {
    smsNote = `text messages go out through SMS_RELAY_URL ${redact(env.SMS_RELAY_URL)}`;
  } else {
    const catcher = await startSmsCatcher();
    stack.push({ name: 'SMS catcher', stop: catcher.stop });
    env.SMS_RELAY_URL = catcher.url;
    caught.sms = catcher;
    smsNote = `caught locally by ${catcher.url}, nothing leaves this machine: read them in the inbox below`;
  }

  // ---- the local inbox: what the catchers took, links and codes readable (the console masks them) ----
  let inboxLine: string[] = [];
  if (caught.mail || caught.sms) {
    const inbox = await onPortOrAny(8025, (port) => startLocalInbox(caught, port));
    stack.push({ name: 'inbox', stop: inbox.stop });
    inboxLine = [`  Inbox               ${inbox.url}   (the caught mail and SMS as participants get them: confirmation links, codes)`];
  }

  // ---- API, then the worker, in this process ----
  // The API listens first, on API_PORT, else 3000 when free, else a free port, and the emailed links
  // point at the port it got: a port free a moment ago may be taken by the listen (then another).
  const onAnyFreePort = () => startApiOnFreePort(env);
  let started: Awaited<ReturnType<typeof startApiOnPort>>;
  if (env.API_PORT && env.API_PORT !== '0')
    started = await startApiOnPort(env, Number(env.API_PORT)); // the port asked for, or a clear stop
  else if (!env.API_PORT && (await portIsFree(3000)))
    started = await startApiOnPort(env, 3000).catch((err: unknown) => (isAddressInUse(err) ? onAnyFreePort() : Promise.reject(err)));
  else started = await onAnyFreePort();
  const { config, api } = started;
  const apiEntry = { name: 'API', stop: api.close };
  stack.push(apiEntry);
  const worker = await startWorker(config);
  // Stopping drains the API before the worker goes: requests in flight may wait on their workflows.
  stack.splice(stack.indexOf(apiEntry), 0, { name: 'worker', stop: worker.stop });
  const credentials = await firstRunCredentials(config.databaseUrl, databaseKey);

  const lines = [
    '',
    'The bonus program back office is running.',
    '',
    `  API                 ${api.url}/api   (authenticate with the header x-api-key)`,
    `  API documentation   ${api.url}/api/docs   (OpenAPI document: ${api.url}/api/openapi.json)`,
    `  Staff console       ${api.url}/admin/`,
    `  Temporal Web UI     ${temporalUi ?? '(not known: set TEMPORAL_UI_URL)'}   (namespace ${config.temporalNamespace}, task queue ${config.taskQueue})`,
    `  Mail                ${mailNote}`,
    `  SMS                 ${smsNote}`,
    ...inboxLine,
    `  PostgreSQL          ${databaseLabel}`,
    '',
    ...credentials,
    '',
    `Data folder: ${dataDir}. Stop with Ctrl-C; the next npm start continues where this one stopped.`,
    '',
  ];
  console.log(lines.join('\n'));
}

/** A server we started that ends on its own leaves the system without it: stop everything, clearly. */
function stopIfItEnds(name: string, exited: Promise<void>): void {
  void exited.then(() => {
    if (stopping) return;
    console.error(`[start] ${name} exited on its own: stopping`);
    void shutdown(1);
  });
}

/** The console is served from admin-ui/dist: build it once if it is missing. */
async function buildConsoleIfMissing(): Promise<void> {
  if (existsSync(join(repo, 'admin-ui', 'dist', 'index.html'))) return;
  if (!existsSync(join(repo, 'admin-ui', 'vite.config.ts'))) {
    say('admin-ui/vite.config.ts not found: starting without the console');
    return;
  }
  say('building the staff console (admin-ui/dist is missing)...');
  const code = await new Promise<number | null>((resolve, reject) => {
    const build = spawn('npx', ['vite', 'build', '--config', 'admin-ui/vite.config.ts'], { cwd: repo, stdio: 'inherit' });
    build.once('error', reject);
    build.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`building the console failed (exit code ${code})`);
}

/** An admin login and a demo API key, created on the first start and printed at every start. */
async function firstRunCredentials(databaseUrl: string, databaseKey: string): Promise<string[]> {
  interface Saved {
    createdAt: string;
    database: string;
    admin: { email: string; password: string };
    apiKey: { name: string; key: string };
  }
  let saved: Saved | null = null;
  if (existsSync(credentialsFile)) {
    saved = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Saved;
    if (saved.database !== databaseKey) saved = null; // made for another database
  }
  const pool = createPool(databaseUrl, 2);
  try {
    if (!saved && (await countStaff(pool)) === 0) {
      const admin = { email: 'admin@example.org', password: randomBytes(12).toString('base64url') };
      await createStaffUser(pool, { email: admin.email, name: 'Administrator', role: 'admin', password: admin.password });
      const { client, key } = await createApiKey(pool, 'Demo shop (created on first start)');
      saved = { createdAt: new Date().toISOString(), database: databaseKey, admin, apiKey: { name: client.name, key } };
      writeFileSync(credentialsFile, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
      chmodSync(credentialsFile, 0o600);
      say(`first start: created an admin user and a demo API key (saved in ${credentialsFile})`);
    }
  } finally {
    await pool.end();
  }
  if (!saved) return ['  Staff users already exist in this database; no first-run credentials were created here.'];
  return [
    `  First-run credentials (from ${credentialsFile}; change the password in the console):`,
    `    console login     ${saved.admin.email} / ${saved.admin.password}`,
    `    demo API key      ${saved.apiKey.key}`,
  ];
}

/** A dev server left by a run that was killed (it runs detached, so it outlives a SIGKILL of this process). */
async function stopLeftoverDevServer(): Promise<void> {
  if (!existsSync(temporalPidFile)) return;
  const pid = Number(readFileSync(temporalPidFile, 'utf8').trim());
  rmSync(temporalPidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('start-dev')) return;
  } catch {
    return;
  }
  say(`stopping a Temporal dev server (pid ${pid}) left running by an earlier start`);
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // gone
  }
  for (let i = 0; i < 150 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
}

function readOrCreate(file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
