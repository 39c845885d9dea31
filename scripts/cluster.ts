/**
 * `npm run cluster`: the production shape of docker-compose.yml on a machine with Go and no Docker.
 *
 *   build       go.temporal.io/server/cmd/server and cmd/tools/sql at the compose file's server version,
 *               and the Web UI github.com/temporalio/ui-server/v2, into .tools/ (CGO off; built once)
 *   schemas     `sql` (temporal-sql-tool) creates and updates both databases, temporal and visibility,
 *               in the PostgreSQL of --admin-url (as the compose job `temporal-schema`)
 *   server      the Temporal server with the compose file's history shard count and dynamic config
 *   namespace   created, or brought to the compose file's retention (as `temporal-namespace`)
 *   attributes  the search attributes the workflows set (worker/search-attributes.ts, as
 *               `temporal-search-attributes`; the worker also adds them itself at start)
 *   Web UI      the ui-server, pointed at this server
 *
 * The shard count, the retention, the server image's version and the dynamic config file are read from
 * docker-compose.yml, so that the two shapes cannot drift apart.
 *
 * Nothing is trusted because it answers on a port. The databases this script sets up are recorded in
 * its state folder (default .data/cluster/<database>) with the cluster name it gave them; a database
 * it did not create is refused (someone else's, unless --adopt). The server we talk to must report
 * that cluster name, and the cluster id it reported the first time, while our process is alive; the
 * Web UI must report the same cluster through its own API. SIGINT or SIGTERM stops the UI, then the
 * server: only the processes this script started.
 *
 *   npx tsx scripts/cluster.ts [--admin-url URL] [--database NAME] [--visibility-database NAME]
 *     [--namespace NAME] [--port N] [--ui-port N | --no-ui] [--state-dir DIR] [--adopt] [--setup-only]
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { freePort, portIsFree } from '../infra/ports.js';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { NativeConnection } from '@temporalio/worker';
import pg from 'pg';
import { parse, stringify } from 'yaml';
import { findGo, goInstall, isExecutableFile } from '../infra/go-install.js';
import { ensureSearchAttributes } from '../worker/search-attributes.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
export type Log = (line: string) => void;

// ---- the shape, read from docker-compose.yml ----------------------------------------------------

export interface ComposeShape {
  /** The Temporal server version of the `temporal` service's image. */
  serverVersion: string;
  historyShards: number;
  /** The namespace retention of the `temporal-namespace` job, in milliseconds. */
  retentionMs: number;
  /** The dynamic config file mounted into the server (deploy/dynamicconfig/…). */
  dynamicConfigFile: string;
}

interface ComposeService {
  image?: string;
  environment?: Record<string, string | number>;
}

export function readComposeShape(): ComposeShape {
  const compose = parse(readFileSync(join(repo, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const server = compose.services.temporal;
  const version = /^temporalio\/server:(\d+\.\d+\.\d+)$/.exec(server?.image ?? '')?.[1];
  const shards = Number(server?.environment?.NUM_HISTORY_SHARDS);
  const retention = /^(\d+)h$/.exec(String(compose.services['temporal-namespace']?.environment?.RETENTION ?? ''))?.[1];
  const dynamicConfig = String(server?.environment?.DYNAMIC_CONFIG_FILE_PATH ?? '')
    .split('/')
    .pop();
  if (!version || !Number.isInteger(shards) || shards < 1 || !retention || !dynamicConfig) {
    throw new Error(
      'docker-compose.yml no longer has the shape this script reads (temporalio/server:X.Y.Z, NUM_HISTORY_SHARDS, RETENTION: <hours>h, DYNAMIC_CONFIG_FILE_PATH)',
    );
  }
  return {
    serverVersion: version,
    historyShards: shards,
    retentionMs: Number(retention) * 3_600_000,
    dynamicConfigFile: join(repo, 'deploy', 'dynamicconfig', dynamicConfig),
  };
}

// ---- building the binaries ----------------------------------------------------------------------

export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
/** The Web UI of the Temporal CLI 1.5.1 (infra/temporal-cli.ts): its modules are in the Go cache already. */
export const UI_SERVER_VERSION = '2.42.1';
export const UI_SERVER_MODULE = 'github.com/temporalio/ui-server/v2';

export interface ClusterBinaries {
  server: string;
  sql: string;
  ui: string;
  /** The server module's folder in the Go module cache: its schema/ directories. */
  serverModuleDir: string;
}

/** Builds what is missing (a binary is reused when `go version -m` shows the wanted module version). */
export async function buildClusterBinaries(serverVersion: string, log: Log): Promise<ClusterBinaries> {
  const go = findGo();
  if (!go) {
    throw new Error(
      'Go is not installed: this script builds the Temporal server from its Go modules. Install Go 1.25 or newer (https://go.dev/dl/), or use docker-compose.yml.',
    );
  }
  const serverDir = join(repo, '.tools', `temporal-server-${serverVersion}`);
  const uiDir = join(repo, '.tools', `temporal-ui-${UI_SERVER_VERSION}`);
  const bins = { server: join(serverDir, 'server'), sql: join(serverDir, 'sql'), ui: join(uiDir, 'server') };
  const serverModule = { path: TEMPORAL_SERVER_MODULE, version: `v${serverVersion}` };
  const uiModule = { path: UI_SERVER_MODULE, version: `v${UI_SERVER_VERSION}` };

  const serverMissing = [bins.server, bins.sql].filter((b) => !builtFrom(go, b, serverModule));
  if (serverMissing.length > 0) {
    await goInstall(
      go,
      serverDir,
      [`${TEMPORAL_SERVER_MODULE}/cmd/server@v${serverVersion}`, `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql@v${serverVersion}`],
      `the Temporal server ${serverVersion} and its SQL tool`,
      log,
    );
  } else log(`Temporal server ${serverVersion} and its SQL tool: built already (${serverDir})`);
  // Both main packages are named `server`: the UI has a folder of its own.
  if (!builtFrom(go, bins.ui, uiModule)) {
    await goInstall(go, uiDir, [`${UI_SERVER_MODULE}/cmd/server@v${UI_SERVER_VERSION}`], `the Temporal Web UI ${UI_SERVER_VERSION}`, log);
  } else log(`Temporal Web UI ${UI_SERVER_VERSION}: built already (${uiDir})`);
  for (const bin of Object.values(bins)) {
    if (!isExecutableFile(bin)) throw new Error(`go install finished but ${bin} is missing`);
  }

  const download = spawnSync(go, ['mod', 'download', '-json', `${TEMPORAL_SERVER_MODULE}@v${serverVersion}`], { encoding: 'utf8' });
  const serverModuleDir = download.status === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
  if (!serverModuleDir) throw new Error(`go mod download ${TEMPORAL_SERVER_MODULE}@v${serverVersion} failed: ${download.stderr}`);
  return { ...bins, serverModuleDir };
}

function builtFrom(go: string, binary: string, module: { path: string; version: string }): boolean {
  if (!isExecutableFile(binary)) return false;
  const info = spawnSync(go, ['version', '-m', binary], { encoding: 'utf8' });
  return (
    info.status === 0 && new RegExp(`^\\s*mod\\s+${module.path.replace(/[./]/g, '\\$&')}\\s+${module.version}\\s`, 'm').test(info.stdout)
  );
}

// ---- the databases --------------------------------------------------------------------------------

export interface DatabaseTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  visibilityDatabase: string;
}

export const LOCAL_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function databaseTarget(adminUrl: string, database: string, visibilityDatabase: string): DatabaseTarget {
  const url = new URL(adminUrl);
  for (const name of [database, visibilityDatabase]) {
    if (!DATABASE_NAME.test(name)) throw new Error(`database name "${name}": use lower-case letters, digits and _ (at most 63)`);
  }
  if (database === visibilityDatabase) throw new Error('the main and the visibility database must differ');
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password),
    database,
    visibilityDatabase,
  };
}

function runSqlTool(bins: ClusterBinaries, db: DatabaseTarget, database: string, args: string[]): { ok: boolean; output: string } {
  const run = spawnSync(
    bins.sql,
    ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, '--db', database, ...args],
    // The password through the environment (the tool reads SQL_PASSWORD), not on a command line others can read.
    { encoding: 'utf8', env: { ...process.env, SQL_PASSWORD: db.password } },
  );
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
}

function sqlTool(bins: ClusterBinaries, db: DatabaseTarget, database: string, args: string[]): string {
  const { ok, output } = runSqlTool(bins, db, database, args);
  if (!ok) throw new Error(`sql --db ${database} ${args.join(' ')} failed:\n${lastLines(output)}`);
  return output;
}

/**
 * The compose job `temporal-schema`: create each database, `setup-schema -v 0.0` (the version table),
 * `update-schema` to the server's version. Idempotent; a database that existed before is refused
 * unless `existingAllowed` (this script's record says it is ours, or --adopt).
 */
export async function setupSchemas(
  bins: ClusterBinaries,
  db: DatabaseTarget,
  adminUrl: string,
  existingAllowed: boolean,
  log: Log,
): Promise<void> {
  const schemas = join(bins.serverModuleDir, 'schema', 'postgresql', 'v12');
  const pairs = [
    { database: db.database, dir: join(schemas, 'temporal', 'versioned') },
    { database: db.visibilityDatabase, dir: join(schemas, 'visibility', 'versioned') },
  ];
  // `create-database` says nothing when a database exists: ask PostgreSQL first, about both, before creating either.
  const existing = new Set<string>();
  for (const { database } of pairs) if (await databaseExists(adminUrl, database)) existing.add(database);
  if (existing.size > 0 && !existingAllowed) {
    throw new Error(
      `database ${[...existing].join(' and ')} already exists on ${db.host}:${db.port}, and this script's state folder has no record of setting it up: ` +
        "it may be someone else's. Choose other names (--database, --visibility-database), or pass --adopt if it is a Temporal database of yours.",
    );
  }
  for (const { database, dir } of pairs) {
    const started = Date.now();
    const existed = existing.has(database);
    if (!existed) sqlTool(bins, db, database, ['create-database']);
    // Both idempotent: `setup-schema -v 0.0` keeps a newer version, `update-schema` applies only what is missing.
    sqlTool(bins, db, database, ['setup-schema', '-v', '0.0']);
    sqlTool(bins, db, database, ['update-schema', '-d', dir]);
    const version = readdirVersions(dir).at(-1);
    log(`schema of ${database}: ${existed ? 'existed' : 'created'}, now at ${version} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

/** Whether `name` exists on the server of `adminUrl`: a connection to it, and no statement at all. */
async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === PG_INVALID_CATALOG_NAME) return false;
    throw new Error(`PostgreSQL at ${dbWhere(url)}: ${(err as Error).message}`, { cause: err });
  } finally {
    await client.end().catch(() => {});
  }
}

const PG_INVALID_CATALOG_NAME = '3D000';
const dbWhere = (url: URL) => `${url.hostname}:${url.port || 5432}`;

/** Drops both databases (the test runner's throw-away cluster). */
export function dropDatabases(bins: ClusterBinaries, db: DatabaseTarget): void {
  for (const database of [db.database, db.visibilityDatabase]) {
    const { ok, output } = runSqlTool(bins, db, database, ['drop-database', '--force']);
    if (!ok && !/does not exist/i.test(output)) throw new Error(`sql --db ${database} drop-database failed:\n${lastLines(output)}`);
  }
}

function readdirVersions(dir: string): string[] {
  const entries = readdirSync(dir).filter((v) => /^v\d+\.\d+$/.test(v));
  const key = (v: string) => v.slice(1).split('.').map(Number);
  return entries.sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
}

const lastLines = (text: string, n = 15) => text.trim().split('\n').slice(-n).join('\n');

// ---- the cluster -------------------------------------------------------------------------------------

export interface ClusterOptions {
  adminUrl: string;
  database: string;
  visibilityDatabase: string;
  namespace: string;
  /** Frontend gRPC port: given, else 7233 when free, else a free one (0: a free one, never 7233). */
  port?: number;
  /** Web UI port: given, else 8080 when free, else a free one; null starts no UI. */
  uiPort?: number | null;
  /** Config, logs and the identity record. */
  stateDir: string;
  /** Use databases that exist without a record in stateDir (a Temporal database of yours). */
  adopt?: boolean;
  /** The cluster name of an adopted database (Temporal's default, which compose's server uses: "active"). */
  adoptedClusterName?: string;
  /** Connection pool of each of the server's four services to the main database (visibility: half). */
  maxConns?: number;
  logLevel?: string;
  /** Built already (buildClusterBinaries), else built or found here. */
  binaries?: ClusterBinaries;
  log: Log;
}

export interface Cluster {
  /** host:port of the gRPC frontend. */
  address: string;
  namespace: string;
  uiUrl: string | null;
  metricsUrl: string;
  clusterName: string;
  clusterId: string;
  serverPid: number;
  uiPid: number | null;
  binaries: ClusterBinaries;
  database: DatabaseTarget;
  /** Settles when the server or the UI has ended (stop(), or on its own). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

/** What this script knows of the databases it set up: the proof that they are ours. */
interface Identity {
  createdBy: 'scripts/cluster.ts';
  databaseServer: string;
  database: string;
  visibilityDatabase: string;
  clusterName: string;
  /** Reported by the server at its first start (kept in the database); null before it. */
  clusterId: string | null;
  historyShards: number;
}

interface RunningRecord {
  scriptPid: number;
  serverPid: number;
  uiPid: number | null;
  server: string;
  ui: string;
}

interface Prepared {
  shape: ComposeShape;
  bins: ClusterBinaries;
  db: DatabaseTarget;
  identity: Identity;
  identityFile: string;
}

/** Binaries and schemas: everything before the server starts (`--setup-only` stops here). */
export async function prepareCluster(opts: ClusterOptions): Promise<Prepared> {
  const log = opts.log;
  const shape = readComposeShape();
  const db = databaseTarget(opts.adminUrl, opts.database, opts.visibilityDatabase);
  mkdirSync(opts.stateDir, { recursive: true });
  const identityFile = join(opts.stateDir, 'cluster.json');
  const known = readIdentity(identityFile);
  const databaseServer = `${db.host}:${db.port}`;
  if (
    known &&
    (known.databaseServer !== databaseServer || known.database !== db.database || known.visibilityDatabase !== db.visibilityDatabase)
  ) {
    throw new Error(
      `${identityFile} records the cluster of ${known.database}/${known.visibilityDatabase} on ${known.databaseServer}, not ` +
        `${db.database}/${db.visibilityDatabase} on ${databaseServer}: use another --state-dir for another cluster.`,
    );
  }
  if (known && known.historyShards !== shape.historyShards) {
    throw new Error(
      `this cluster was first started with ${known.historyShards} history shards; docker-compose.yml now says ${shape.historyShards}. ` +
        'The shard count of a cluster can never change: start a new cluster (other databases) to use the new count.',
    );
  }
  const bins = opts.binaries ?? (await buildClusterBinaries(shape.serverVersion, log));

  const schemaStarted = Date.now();
  log(`setting up the schemas of ${db.database} and ${db.visibilityDatabase} on ${databaseServer} (user ${db.user})`);
  await setupSchemas(bins, db, opts.adminUrl, known !== null || opts.adopt === true, log);
  const identity: Identity = known ?? {
    createdBy: 'scripts/cluster.ts',
    databaseServer,
    database: db.database,
    visibilityDatabase: db.visibilityDatabase,
    // A name only this cluster has; it is stored in the database at the first start and may never change.
    clusterName: opts.adopt ? (opts.adoptedClusterName ?? 'active') : `bonus-${randomBytes(6).toString('hex')}`,
    clusterId: null,
    historyShards: shape.historyShards,
  };
  writeIdentity(identityFile, identity);
  log(`schemas ready in ${((Date.now() - schemaStarted) / 1000).toFixed(1)} s`);
  return { shape, bins, db, identity, identityFile };
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const log = opts.log;
  const runningFile = join(opts.stateDir, 'running.json');
  stopLeftovers(runningFile, log);
  const prepared = await prepareCluster(opts);
  const { shape, bins, db, identityFile } = prepared;
  let identity = prepared.identity;

  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    // ---- server ----
    const started = Date.now();
    const server = await startServer(bins, db, identity, shape, opts, log);
    cleanups.push(server.stop);
    if (identity.clusterId === null) {
      identity = { ...identity, clusterId: server.clusterId };
      writeIdentity(identityFile, identity);
    }
    log(
      `Temporal server ${shape.serverVersion} serves on ${server.address} (pid ${server.pid}) after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    // ---- namespace and search attributes ----
    const nsStarted = Date.now();
    await ensureNamespace(server.address, opts.namespace, shape.retentionMs, log);
    log(`namespace ${opts.namespace} ready in ${((Date.now() - nsStarted) / 1000).toFixed(1)} s`);

    // ---- Web UI ----
    const ui = opts.uiPort === null ? null : await startUi(bins, server.address, identity, opts, log);
    if (ui) cleanups.push(ui.stop);
    writeFileSync(
      runningFile,
      `${JSON.stringify({ scriptPid: process.pid, serverPid: server.pid, uiPid: ui?.pid ?? null, server: bins.server, ui: bins.ui } satisfies RunningRecord)}\n`,
    );
    cleanups.unshift(async () => writeFileSync(runningFile, '{}\n'));

    return {
      address: server.address,
      namespace: opts.namespace,
      uiUrl: ui?.url ?? null,
      metricsUrl: server.metricsUrl,
      clusterName: identity.clusterName,
      clusterId: server.clusterId,
      serverPid: server.pid,
      uiPid: ui?.pid ?? null,
      binaries: bins,
      database: db,
      exited: Promise.race([server.exited.then(() => 'the Temporal server'), ...(ui ? [ui.exited.then(() => 'the Web UI')] : [])]),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

function readIdentity(file: string): Identity | null {
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Identity;
  if (parsed.createdBy !== 'scripts/cluster.ts' || !parsed.clusterName) throw new Error(`${file} is not a record of this script`);
  return parsed;
}

function writeIdentity(file: string, identity: Identity): void {
  writeFileSync(file, `${JSON.stringify(identity, null, 2)}\n`);
}

/** A run that was killed (SIGKILL) leaves its detached server and UI behind: stop them, and only them. */
function stopLeftovers(runningFile: string, log: Log): void {
  if (!existsSync(runningFile)) return;
  const record = JSON.parse(readFileSync(runningFile, 'utf8')) as Partial<RunningRecord>;
  if (record.scriptPid && record.scriptPid !== process.pid && commandLine(record.scriptPid)?.includes('cluster')) {
    throw new Error(`this cluster is running already (pid ${record.scriptPid}, state in ${runningFile}): stop it first`);
  }
  for (const [pid, binary] of [
    [record.serverPid, record.server],
    [record.uiPid, record.ui],
  ] as const) {
    if (!pid || !binary || commandLine(pid)?.split('\0')[0] !== binary) continue;
    log(`stopping ${binary} (pid ${pid}) left running by an earlier run that was killed`);
    killGroup(pid, 'SIGTERM');
  }
}

function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
}

// ---- processes -------------------------------------------------------------------------------------

interface Child {
  pid: number;
  running: () => boolean;
  output: () => string;
  exited: Promise<void>;
  stop: () => Promise<void>;
}

/** Stop grace before SIGKILL: the server hands its shards back and closes its connections first. */
const STOP_GRACE_MS = 20_000;

function spawnChild(binary: string, args: string[], cwd: string, logFile: string): Child {
  const child = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not run ${binary}`);
  const logStream = createWriteStream(logFile, { flags: 'a' });
  let tail = '';
  const onOutput = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
    logStream.write(chunk);
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  let running = true;
  // If this process ends without stop() (a crash, process.exit), the child does not outlive it.
  const killOnExit = () => killGroup(pid, 'SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running = false;
      process.removeListener('exit', killOnExit);
      logStream.end();
      resolve();
    }),
  );
  return {
    pid,
    running: () => running,
    output: () => lastLines(tail.split('\n').map(readableLine).join('\n'), 12),
    exited,
    async stop() {
      if (!running) return;
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The server logs JSON lines with long stack traces: keep level, message and error. */
function readableLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
    return `${entry.level ?? ''}: ${entry.msg ?? ''}${entry.error ? ` (${entry.error})` : ''}`;
  } catch {
    return line.slice(0, 300);
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

class PortTakenError extends Error {}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** How long the server may take to serve after start: 512 shards on a small machine take a while. */
const SERVER_READY_TIMEOUT_MS = 180_000;
const UI_READY_TIMEOUT_MS = 60_000;
const POLL_MS = 500;

interface RunningServer {
  address: string;
  pid: number;
  clusterId: string;
  metricsUrl: string;
  exited: Promise<void>;
  stop: () => Promise<void>;
}

async function startServer(
  bins: ClusterBinaries,
  db: DatabaseTarget,
  identity: Identity,
  shape: ComposeShape,
  opts: ClusterOptions,
  log: Log,
): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    const port = opts.port || (opts.port === undefined && (await portIsFree(7233)) ? 7233 : (await serverPorts(1, []))[0]);
    const [httpPort, historyPort, matchingPort, workerPort, metricsPort, ...membership] = await serverPorts(9, [port]);
    const config = {
      log: { stdout: true, level: opts.logLevel ?? 'warn' },
      persistence: {
        defaultStore: 'default',
        visibilityStore: 'visibility',
        numHistoryShards: shape.historyShards,
        datastores: {
          default: { sql: sqlStore(db, db.database, opts.maxConns ?? 20) },
          visibility: { sql: sqlStore(db, db.visibilityDatabase, Math.max(2, Math.floor((opts.maxConns ?? 20) / 2))) },
        },
      },
      global: {
        membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
        metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${metricsPort}` } },
      },
      services: {
        frontend: { rpc: { grpcPort: port, httpPort, membershipPort: membership[0], bindOnIP: '127.0.0.1' } },
        history: { rpc: { grpcPort: historyPort, membershipPort: membership[1], bindOnIP: '127.0.0.1' } },
        matching: { rpc: { grpcPort: matchingPort, membershipPort: membership[2], bindOnIP: '127.0.0.1' } },
        worker: { rpc: { grpcPort: workerPort, membershipPort: membership[3], bindOnIP: '127.0.0.1' } },
      },
      clusterMetadata: {
        enableGlobalNamespace: false,
        failoverVersionIncrement: 10,
        masterClusterName: identity.clusterName,
        currentClusterName: identity.clusterName,
        clusterInformation: {
          [identity.clusterName]: {
            enabled: true,
            initialFailoverVersion: 1,
            rpcName: 'frontend',
            rpcAddress: `127.0.0.1:${port}`,
            httpAddress: `127.0.0.1:${httpPort}`,
          },
        },
      },
      dcRedirectionPolicy: { policy: 'noop' },
      archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
      namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
      dynamicConfigClient: { filepath: shape.dynamicConfigFile, pollInterval: '10s' },
    };
    const configDir = join(opts.stateDir, 'config');
    mkdirSync(configDir, { recursive: true });
    // It holds the database password: readable by this user only.
    writeFileSync(join(configDir, 'cluster.yaml'), stringify(config), { mode: 0o600 });

    const address = `127.0.0.1:${port}`;
    log(`starting the Temporal server on ${address} (${shape.historyShards} history shards, log ${join(opts.stateDir, 'server.log')})`);
    const child = spawnChild(
      bins.server,
      ['--root', opts.stateDir, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'],
      opts.stateDir,
      join(opts.stateDir, 'server.log'),
    );
    try {
      const clusterId = await waitForOurServer(child, address, identity, log);
      return {
        address,
        pid: child.pid,
        clusterId,
        metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
        exited: child.exited,
        stop: child.stop,
      };
    } catch (err) {
      await child.stop();
      if (!(err instanceof PortTakenError) || opts.port || attempt >= 3) throw err;
      log(`a picked port was taken (${err.message.split('\n')[0]}); again with new ports`);
    }
  }
}

function sqlStore(db: DatabaseTarget, databaseName: string, maxConns: number) {
  return {
    pluginName: 'postgres12',
    databaseName,
    connectAddr: `${db.host}:${db.port}`,
    connectProtocol: 'tcp',
    user: db.user,
    password: db.password,
    maxConns,
    maxIdleConns: maxConns,
    maxConnLifetime: '1h',
  };
}

/** Resolves with the cluster id once the server on `address` is ours; refuses another that answers there. */
async function waitForOurServer(child: Child, address: string, identity: Identity, log: Log): Promise<string> {
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  let lastError = 'no answer yet';
  let foreign: string | null = null;
  let lastSaid = Date.now();
  for (;;) {
    if (!child.running()) {
      const out = child.output();
      if (/address already in use|bind: /i.test(out)) {
        throw new PortTakenError(
          `${address} (or another port of the server) is taken by another program${foreign ? ` (${foreign})` : ''}: our server could not bind it and exited; not using the other.\n${out}`,
        );
      }
      throw new Error(`the Temporal server exited during start-up:\n${out}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        foreign
          ? `a Temporal server answers on ${address} but it is not ours (${foreign}): not using it.\n${child.output()}`
          : `the Temporal server did not serve on ${address} within ${SERVER_READY_TIMEOUT_MS / 1000} s (${lastError}):\n${child.output()}`,
      );
    }
    try {
      const info = await clusterInfo(address);
      const ours = info.clusterName === identity.clusterName && (identity.clusterId === null || info.clusterId === identity.clusterId);
      if (ours && child.running()) return info.clusterId;
      foreign = `cluster ${info.clusterName} ${info.clusterId}; ours is ${identity.clusterName} ${identity.clusterId ?? '(id not known yet)'}`;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() - lastSaid > 15_000) {
      lastSaid = Date.now();
      log(`  still waiting for the server (${lastError})`);
    }
    await sleep(POLL_MS);
  }
}

async function clusterInfo(address: string): Promise<{ clusterName: string; clusterId: string }> {
  const connection = await Connection.connect({ address, connectTimeout: 2_000 });
  try {
    return await connection.withDeadline(Date.now() + 5_000, async () => {
      const info = await connection.workflowService.getClusterInfo({});
      return { clusterName: info.clusterName ?? '', clusterId: info.clusterId ?? '' };
    });
  } finally {
    await connection.close();
  }
}

/** The compose job `temporal-namespace`, then `temporal-search-attributes` (the worker's own code). */
async function ensureNamespace(address: string, namespace: string, retentionMs: number, log: Log): Promise<void> {
  const connection = await NativeConnection.connect({ address });
  try {
    const retention = msToTs(retentionMs);
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: retention });
      log(`created namespace ${namespace}, retention ${retentionMs / 86_400_000} days`);
    } catch (err) {
      if ((err as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw err;
      const { config } = await connection.workflowService.describeNamespace({ namespace });
      const current = Number(config?.workflowExecutionRetentionTtl?.seconds ?? 0) * 1000;
      if (current !== retentionMs) {
        await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: retention } });
        log(`namespace ${namespace}: retention ${current / 86_400_000} → ${retentionMs / 86_400_000} days`);
      } else log(`namespace ${namespace} exists, retention ${retentionMs / 86_400_000} days`);
    }
    // A new namespace takes a moment to reach every part of the server: until then calls about it fail.
    const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
    for (;;) {
      try {
        await ensureSearchAttributes(connection, namespace, log);
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await sleep(POLL_MS);
      }
    }
  } finally {
    await connection.close();
  }
}

const GRPC_ALREADY_EXISTS = 6;

interface RunningUi {
  url: string;
  pid: number;
  exited: Promise<void>;
  stop: () => Promise<void>;
}

async function startUi(
  bins: ClusterBinaries,
  serverAddress: string,
  identity: Identity,
  opts: ClusterOptions,
  log: Log,
): Promise<RunningUi> {
  for (let attempt = 1; ; attempt++) {
    const port = opts.uiPort ?? ((await portIsFree(8080)) ? 8080 : await freePort());
    const dir = join(opts.stateDir, 'ui');
    mkdirSync(join(dir, 'config'), { recursive: true });
    const config = {
      temporalGrpcAddress: serverAddress,
      host: '127.0.0.1',
      port,
      enableUi: true,
      defaultNamespace: opts.namespace,
      refreshInterval: '1m',
      notifyOnNewVersion: false,
      cors: { cookieInsecure: true, allowOrigins: [] },
      hideLogs: true,
    };
    // The UI reads base.yaml, then <env>.yaml.
    writeFileSync(join(dir, 'config', 'base.yaml'), stringify(config));
    writeFileSync(join(dir, 'config', 'cluster.yaml'), '{}\n');
    const url = `http://127.0.0.1:${port}`;
    const child = spawnChild(
      bins.ui,
      ['--root', dir, '--config', 'config', '--env', 'cluster', 'start'],
      dir,
      join(opts.stateDir, 'ui.log'),
    );
    try {
      await waitForOurUi(child, url, identity);
      log(`Temporal Web UI ${UI_SERVER_VERSION} on ${url} (pid ${child.pid})`);
      return { url, pid: child.pid, exited: child.exited, stop: child.stop };
    } catch (err) {
      await child.stop();
      if (!(err instanceof PortTakenError) || opts.uiPort !== undefined || attempt >= 3) throw err;
      log(`the picked UI port was taken; again with a new one`);
    }
  }
}

/** Ours: our process is alive and the UI on `url` shows our cluster (its API asks the server it was given). */
async function waitForOurUi(child: Child, url: string, identity: Identity): Promise<void> {
  const deadline = Date.now() + UI_READY_TIMEOUT_MS;
  let last = 'no answer yet';
  for (;;) {
    if (!child.running()) {
      const out = child.output();
      if (/address already in use|bind: /i.test(out))
        throw new PortTakenError(`${url} is taken by another program: our Web UI exited.\n${out}`);
      throw new Error(`the Web UI exited during start-up:\n${out}`);
    }
    if (Date.now() > deadline)
      throw new Error(`the Web UI did not show our cluster on ${url} within ${UI_READY_TIMEOUT_MS / 1000} s (${last}):\n${child.output()}`);
    try {
      const res = await fetch(`${url}/api/v1/cluster-info`, { signal: AbortSignal.timeout(3_000) });
      const body = (await res.json()) as { clusterName?: string; clusterId?: string };
      if (res.ok && body.clusterName === identity.clusterName && body.clusterId === identity.clusterId && child.running()) return;
      last = `${res.status} ${JSON.stringify(body).slice(0, 200)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(POLL_MS);
  }
}

// ---- ports -------------------------------------------------------------------------------------------

/**
 * Free ports for the server's own services. They must be below 32768: the server stores its
 * membership ports in a `smallint` column (cluster_membership.rpc_port), and refuses to start with one
 * from the system's ephemeral range (32768 and up), which is where port 0 picks them.
 */
async function serverPorts(n: number, taken: number[]): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const port = SERVER_PORT_RANGE.low + Math.floor(Math.random() * (SERVER_PORT_RANGE.high - SERVER_PORT_RANGE.low));
    if (!ports.includes(port) && !taken.includes(port) && (await portIsFree(port))) ports.push(port);
  }
  return ports;
}

const SERVER_PORT_RANGE = { low: 10_000, high: 32_767 };

// ---- the command -------------------------------------------------------------------------------------

export function defaultStateDir(database: string): string {
  return join(repo, '.data', 'cluster', database);
}

function parseArgs(argv: string[]): ClusterOptions & { help: boolean; setupOnly: boolean } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i === -1) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const port = (flag: string): number | undefined => {
    const v = value(flag);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${flag} ${v}: not a port`);
    return n;
  };
  const known = new Set([
    '--admin-url',
    '--database',
    '--visibility-database',
    '--namespace',
    '--port',
    '--ui-port',
    '--state-dir',
    '--cluster-name',
    '--log-level',
  ]);
  const flags = new Set(['--no-ui', '--adopt', '--setup-only', '--help', '-h']);
  for (let i = 0; i < argv.length; i++) {
    if (known.has(argv[i])) i++;
    else if (!flags.has(argv[i])) throw new Error(`unknown argument ${argv[i]} (see --help)`);
  }
  const database = value('--database') ?? 'bonus_temporal';
  return {
    help: argv.includes('--help') || argv.includes('-h'),
    adminUrl: value('--admin-url') ?? LOCAL_ADMIN_URL,
    database,
    visibilityDatabase: value('--visibility-database') ?? `${database}_visibility`,
    namespace: value('--namespace') ?? 'default',
    port: port('--port'),
    uiPort: argv.includes('--no-ui') ? null : port('--ui-port'),
    stateDir: resolvePath(value('--state-dir') ?? defaultStateDir(database)),
    adopt: argv.includes('--adopt'),
    adoptedClusterName: value('--cluster-name'),
    logLevel: value('--log-level'),
    setupOnly: argv.includes('--setup-only'),
    log: (line) => console.log(`[cluster] ${line}`),
  };
}

const USAGE = `npx tsx scripts/cluster.ts [options]   (npm run cluster -- [options])

The Temporal cluster of docker-compose.yml without Docker: builds the Temporal server (the compose file's
version), its SQL tool and the Web UI with Go into .tools/, sets up both schemas in PostgreSQL, starts the
server and the UI, creates the namespace and the search attributes, and prints the addresses. Ctrl-C or
SIGTERM stops what it started.

  --admin-url URL              PostgreSQL to use, as a user that may create databases (default
                               ${LOCAL_ADMIN_URL})
  --database NAME              Temporal's main database (default bonus_temporal)
  --visibility-database NAME   its visibility database (default <database>_visibility)
  --namespace NAME             the namespace to create (default default)
  --port N                     the frontend's gRPC port (default 7233 when free, else a free one)
  --ui-port N | --no-ui        the Web UI's port (default 8080 when free, else a free one), or no UI
  --state-dir DIR              config, logs and the record of the databases (default .data/cluster/<database>)
  --adopt [--cluster-name N]   use databases this script did not create (a Temporal cluster of yours; its
                               cluster name, default "active")
  --log-level LEVEL            the server's log level (default warn; the log is <state-dir>/server.log)
  --setup-only                 build and set up the schemas, start nothing`;

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const say = opts.log;
  if (opts.setupOnly) {
    await prepareCluster(opts);
    return;
  }

  let cluster: Cluster | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (cluster) {
      say(`stopping what this run started (pids ${[cluster.uiPid, cluster.serverPid].filter(Boolean).join(', ')})`);
      await cluster.stop();
    }
    say('stopped');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(0));

  const started = Date.now();
  try {
    cluster = await startCluster(opts);
  } catch (err) {
    console.error(`[cluster] could not start: ${(err as Error).message}`);
    process.exit(1);
  }
  console.log(
    [
      '',
      `The Temporal cluster is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
      '',
      `  Temporal frontend  ${cluster.address}   (TEMPORAL_ADDRESS=${cluster.address} TEMPORAL_NAMESPACE=${cluster.namespace})`,
      `  Web UI             ${cluster.uiUrl ?? '(not started: --no-ui)'}`,
      `  server metrics     ${cluster.metricsUrl}`,
      `  cluster            ${cluster.clusterName} (${cluster.clusterId}), ${readComposeShape().historyShards} history shards`,
      `  databases          ${cluster.database.database}, ${cluster.database.visibilityDatabase} on ${cluster.database.host}:${cluster.database.port}`,
      `  state and logs     ${opts.stateDir}`,
      '',
      `Run the worker and the API against it: TEMPORAL_ADDRESS=${cluster.address} npm run worker (and npm run api).`,
      `Stop with Ctrl-C or SIGTERM to pid ${process.pid}; the next run finds the same workflows.`,
      '',
    ].join('\n'),
  );
  const which = await cluster.exited;
  if (!stopping) {
    console.error(`[cluster] ${which} exited on its own (logs in ${opts.stateDir}): stopping`);
    await stop(1);
  }
}

if (process.argv[1] && resolvePath(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main().catch((err: unknown) => {
    console.error(`[cluster] ${(err as Error).message}`);
    process.exit(1);
  });
}
