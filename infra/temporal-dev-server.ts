/**
 * Starts `temporal server start-dev` (SQLite in memory, or in `dbFile` to keep workflows across
 * restarts) and waits until it really serves the namespace.
 *
 * We start it ourselves rather than through the SDK's launcher, which kills a server that is not
 * answering after 5 s (too little for a first start on a small machine) and needs @temporalio/testing.
 * The server runs in its own process group, so a Ctrl-C in the terminal reaches only our process,
 * which then stops the worker before the server; `stop()` ends the whole group.
 *
 * The server that answers must be the one we started. A port free when we looked can be taken before
 * our server binds it: then our server exits ("address already in use") while the *other* server
 * answers the readiness check, and a worker would run that system's tasks against this system's
 * database. So each start creates an identity namespace (`--namespace local-<random>`, kept with the
 * state file when there is one) that only our server has: readiness waits for that namespace and for
 * our process to be alive, and refuses a server that answers without it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, writeFileSync, type WriteStream } from 'node:fs';
import { freePort } from './ports.js';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli, type Log } from './temporal-cli.js';

/**
 * The custom search attributes the participant workflow sets: the typed keys are defined in
 * workflows/messages/participant.ts (ParticipantEmail, MemberNumber, ParticipantStatus, ParticipantTier). Keep the two
 * lists equal; docker-compose.yml registers the same four on the production-shaped server, and the worker
 * adds any that is missing at start (worker/search-attributes.ts).
 */
export const DEV_SERVER_SEARCH_ATTRIBUTES = [
  'ParticipantEmail=KeywordList',
  'MemberNumber=Keyword',
  'ParticipantStatus=Keyword',
  'ParticipantTier=Keyword',
] as const;

export interface DevServerOptions {
  /** gRPC frontend port; a free one when omitted. */
  port?: number;
  /** Web UI port; a free one when omitted; `null` runs headless. */
  uiPort?: number | null;
  /** SQLite file that keeps workflows across restarts; in memory when omitted. */
  dbFile?: string;
  namespace?: string;
  /** The server's own log (stdout and stderr) is appended here when given. */
  logFile?: string;
  /** Progress messages (and a CLI build, if one is needed). */
  log?: Log;
  /** How long to wait for the namespace to answer. */
  readyTimeoutMs?: number;
}

export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  namespace: string;
  /** The namespace only this server has (see above): proof that the server answering is ours. */
  identityNamespace: string;
  uiUrl: string | null;
  pid: number;
  /** Settles when the server process has ended, by stop() or on its own. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startTemporalDevServer(opts: DevServerOptions = {}): Promise<DevServer> {
  const log = opts.log ?? (() => {});
  const cli = await resolveTemporalCli(opts.log);
  // Ports we picked can be taken between picking and binding: then try again with new ones.
  const pickedPorts = opts.port === undefined || opts.uiPort === undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(cli, opts, log);
    } catch (err) {
      if (!(err instanceof PortTakenError) || !pickedPorts || attempt >= 3) throw err;
      log(`temporal dev server: a picked port was taken (${err.message.split('\n')[0]}); retrying with new ports`);
    }
  }
}

/** Our server could not bind a port: another program holds it. */
export class PortTakenError extends Error {}

/**
 * The identity namespace of a server: random for a server in memory; for one with a state file, made
 * once and kept beside it (`<dbFile>.identity`), so that restarts do not pile up namespaces.
 */
function identityNamespaceFor(dbFile: string | undefined): string {
  const make = () => `local-${randomBytes(8).toString('hex')}`;
  if (!dbFile) return make();
  const file = `${dbFile}.identity`;
  if (existsSync(file)) {
    const kept = readFileSync(file, 'utf8').trim();
    if (/^local-[0-9a-f]{16}$/.test(kept)) return kept;
  }
  const made = make();
  writeFileSync(file, `${made}\n`);
  return made;
}

async function startOnce(cli: string, opts: DevServerOptions, log: Log): Promise<DevServer> {
  const namespace = opts.namespace ?? 'default';
  const identityNamespace = identityNamespaceFor(opts.dbFile);
  const port = opts.port ?? (await freePort());
  const uiPort = opts.uiPort === null ? null : (opts.uiPort ?? (await freePort()));
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    ...(uiPort === null ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...(opts.dbFile ? ['--db-filename', opts.dbFile] : []),
    ...(namespace !== 'default' ? ['--namespace', namespace] : []),
    '--namespace',
    identityNamespace,
    '--log-level',
    'warn',
    ...DEV_SERVER_SEARCH_ATTRIBUTES.flatMap((sa) => ['--search-attribute', sa]),
    // Workflow ids carry a normalised email (up to 254 characters) behind a prefix.
    '--dynamic-config-value',
    'limit.maxIDLength=255',
  ];
  const address = `127.0.0.1:${port}`;
  log(`starting temporal dev server on ${address}${opts.dbFile ? ` (state in ${opts.dbFile})` : ' (in memory)'}`);

  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pid = child.pid;
  if (pid === undefined) {
    const err = await new Promise<Error>((resolve) => child.once('error', resolve));
    throw new Error(`could not run ${cli}: ${err.message}`);
  }
  let logStream: WriteStream | null = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : null;
  let tail = '';
  const onOutput = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-6000);
    logStream?.write(chunk);
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let running = true;
  void exited.then(() => {
    running = false;
    process.removeListener('exit', killOnExit);
    logStream?.end();
    logStream = null;
  });
  // If this process ends without calling stop() (a crash, process.exit), do not leave the server behind.
  const killOnExit = () => killGroup(pid, 'SIGKILL');
  process.on('exit', killOnExit);

  const stop = async (): Promise<void> => {
    if (!running) return;
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  const output = () => tail.trim().split('\n').slice(-25).join('\n');
  let lastError = 'no answer yet';
  // Set when a Temporal server answers on our address without our identity namespace: another one.
  let foreignAnswered = false;
  for (;;) {
    if (!running) {
      const { code, signal } = await exited;
      if (/address already in use|bind: /i.test(tail)) {
        throw new PortTakenError(
          `${address} is taken by another program${foreignAnswered ? ' (another Temporal server answers there)' : ''}: ` +
            `our Temporal dev server could not bind it and exited; not using the other server. Stop that program or choose another port.\n${output()}`,
        );
      }
      throw new Error(`temporal dev server exited during start-up (${signal ?? `exit code ${code}`}):\n${output()}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        foreignAnswered
          ? `another Temporal server answers on ${address} (it lacks this start's namespace ${identityNamespace}), and ours did not take over within ${(opts.readyTimeoutMs ?? 60_000) / 1000} s: not using it. Its output:\n${output()}`
          : `temporal dev server did not serve namespace "${namespace}" on ${address} within ${(opts.readyTimeoutMs ?? 60_000) / 1000} s (${lastError}). Its output:\n${output()}`,
      );
    }
    const answer = await whoAnswers(address, identityNamespace, namespace).catch(
      (err: Error) => ((lastError = err.message), 'nobody' as const),
    );
    if (answer === 'ours' && running) break;
    if (answer === 'foreign') foreignAnswered = true;
    await sleep(250);
  }
  log(`temporal dev server ready on ${address}${uiPort === null ? '' : `, Web UI http://127.0.0.1:${uiPort}`}`);
  return {
    address,
    namespace,
    identityNamespace,
    uiUrl: uiPort === null ? null : `http://127.0.0.1:${uiPort}`,
    pid,
    exited: exited.then(() => {}),
    stop,
  };
}

/**
 * 'ours' when the server on `address` has our identity namespace and serves `namespace`; 'foreign'
 * when a Temporal server answers there without our identity namespace (another server, or ours before
 * it has made its namespaces: the caller waits either way); throws when nothing answers yet.
 */
async function whoAnswers(address: string, identityNamespace: string, namespace: string): Promise<'ours' | 'foreign' | 'nobody'> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    return await connection.withDeadline(Date.now() + 2_000, async () => {
      try {
        await connection.workflowService.describeNamespace({ namespace: identityNamespace });
      } catch (err) {
        if ((err as { code?: number }).code === GRPC_NOT_FOUND) return 'foreign';
        throw err;
      }
      await connection.workflowService.describeNamespace({ namespace });
      return 'ours';
    });
  } finally {
    await connection.close();
  }
}

const GRPC_NOT_FOUND = 5;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
