/**
 * Starts `temporal server start-dev` (SQLite in memory, or in `dbFile` to keep workflows across
 * restarts) and waits until it really serves the namespace.
 *
 * We start it ourselves rather than through the SDK's launcher, which kills a server that is not
 * answering after 5 s (too little for a first start on a small machine) and needs @temporalio/testing.
 * The server runs in its own process group, so a Ctrl-C in the terminal reaches only our process,
 * which then stops the worker before the server; `stop()` ends the whole group.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli, type Log } from './temporal-cli.js';

/**
 * The custom search attributes the participant workflow sets: the typed keys are defined in
 * workflows/messages.ts (ParticipantEmail, MemberNumber, ParticipantStatus). Keep the two lists equal;
 * docker-compose.yml registers the same three on the production-shaped server.
 */
export const DEV_SERVER_SEARCH_ATTRIBUTES = [
  'ParticipantEmail=KeywordList',
  'MemberNumber=Keyword',
  'ParticipantStatus=Keyword',
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
  uiUrl: string | null;
  pid: number;
  stop(): Promise<void>;
}

/** A TCP port free on the loopback interface right now. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
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

class PortTakenError extends Error {}

async function startOnce(cli: string, opts: DevServerOptions, log: Log): Promise<DevServer> {
  const namespace = opts.namespace ?? 'default';
  const port = opts.port ?? (await freeLoopbackPort());
  const uiPort = opts.uiPort === null ? null : (opts.uiPort ?? (await freeLoopbackPort()));
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    ...(uiPort === null ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...(opts.dbFile ? ['--db-filename', opts.dbFile] : []),
    ...(namespace !== 'default' ? ['--namespace', namespace] : []),
    '--log-level', 'warn',
    ...DEV_SERVER_SEARCH_ATTRIBUTES.flatMap((sa) => ['--search-attribute', sa]),
    // Workflow ids carry a normalised email (up to 254 characters) behind a prefix.
    '--dynamic-config-value', 'limit.maxIDLength=255',
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
  let lastError = 'no answer yet';
  for (;;) {
    if (!running) {
      const { code, signal } = await exited;
      const message = `temporal dev server exited during start-up (${signal ?? `exit code ${code}`}):\n${tail.trim().split('\n').slice(-25).join('\n')}`;
      throw /address already in use|bind: /i.test(tail) ? new PortTakenError(message) : new Error(message);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`temporal dev server did not serve namespace "${namespace}" on ${address} within ${(opts.readyTimeoutMs ?? 60_000) / 1000} s (${lastError}). Its output:\n${tail.trim().split('\n').slice(-25).join('\n')}`);
    }
    if (await servesNamespace(address, namespace).then(() => true, (err: Error) => ((lastError = err.message), false))) break;
    await sleep(250);
  }
  log(`temporal dev server ready on ${address}${uiPort === null ? '' : `, Web UI http://127.0.0.1:${uiPort}`}`);
  return { address, namespace, uiUrl: uiPort === null ? null : `http://127.0.0.1:${uiPort}`, pid, stop };
}

async function servesNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    await connection.withDeadline(Date.now() + 2_000, () =>
      connection.workflowService.describeNamespace({ namespace }),
    );
  } finally {
    await connection.close();
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
