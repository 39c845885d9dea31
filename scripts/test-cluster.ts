/**
 * `npm run test:cluster`: the integration tests against the production-shaped Temporal cluster of
 * scripts/cluster.ts (the real server on PostgreSQL, the compose file's shards, dynamic config,
 * retention and search attributes) instead of the dev server. Not part of `npm test`.
 *
 * It starts a throw-away cluster (its own two databases, `bonus_ct_<time>_<pid>` and `…_visibility`,
 * on TEST_DATABASE_ADMIN_URL or the local server; no Web UI), runs `vitest run --project integration`
 * with TEST_TEMPORAL_ADDRESS set (test/global-setup.ts then uses it instead of starting a dev server),
 * stops the cluster and drops its databases. Arguments are passed on to vitest (a file, `-t name`).
 *
 * No test file is left out: none depends on the dev server's own behaviour (docs/production.md, "A cluster
 * without Docker"). start-safety.test.ts starts dev servers of its own, as it does in any run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildClusterBinaries,
  databaseTarget,
  dropDatabases,
  LOCAL_ADMIN_URL,
  readComposeShape,
  startCluster,
  type Cluster,
} from './cluster.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string) => console.log(`[test:cluster] ${line}`);

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL || LOCAL_ADMIN_URL;
const database = `bonus_ct_${Date.now()}_${process.pid}`;
const stateDir = mkdtempSync(join(tmpdir(), 'bonus-test-cluster-'));

let cluster: Cluster | null = null;
let vitest: ReturnType<typeof spawn> | null = null;
let finishing: Promise<void> | null = null;
let serverDied = false;

const finish = (code: number) =>
  (finishing ??= (async () => {
    if (vitest && vitest.exitCode === null) vitest.kill('SIGTERM');
    try {
      if (cluster) {
        const stopped = Date.now();
        await cluster.stop();
        dropDatabases(cluster.binaries, cluster.database);
        say(`cluster stopped and its databases dropped in ${((Date.now() - stopped) / 1000).toFixed(1)} s`);
      }
    } catch (err) {
      console.error(`[test:cluster] cleaning up: ${(err as Error).message}`);
    }
    if (serverDied) say(`the server's log is kept: ${stateDir}/server.log`);
    else rmSync(stateDir, { recursive: true, force: true });
    process.exit(code);
  })());

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void finish(130));

const target = databaseTarget(adminUrl, database, `${database}_visibility`);
try {
  const started = Date.now();
  const bins = await buildClusterBinaries(readComposeShape().serverVersion, say);
  try {
    cluster = await startCluster({
      adminUrl,
      database,
      visibilityDatabase: target.visibilityDatabase,
      namespace: 'default',
      // Ports of its own: 7233 stays for the developer's npm start or npm run cluster.
      port: 0,
      uiPort: null,
      // Several test files run at once, each with its pools, on PostgreSQL's default 100 connections:
      // each of the server's four services keeps at most 5 to the main database and 2 to visibility.
      maxConns: 5,
      stateDir,
      binaries: bins,
      log: say,
    });
  } catch (err) {
    // The schemas may have been made before the failure: drop what this run created.
    dropDatabases(bins, target);
    throw err;
  }
  say(
    `cluster ready in ${((Date.now() - started) / 1000).toFixed(1)} s on ${cluster.address} (databases ${database}, ${target.visibilityDatabase})`,
  );
} catch (err) {
  console.error(`[test:cluster] could not start the cluster: ${(err as Error).message}`);
  await finish(1);
}

const c = cluster!;
// Four files at once unless told otherwise: each file's system may hold 24 connections (its worker's
// and API's pools of 10, the test's 4), and beside the server's 20, six files at once (vitest.config.ts)
// went past PostgreSQL's default 100 ("sorry, too many clients already").
const given = process.argv.slice(2);
const args = ['run', '--project', 'integration', ...(given.some((a) => a.startsWith('--maxWorkers')) ? [] : ['--maxWorkers=4']), ...given];
say(`vitest ${args.join(' ')}`);
// vitest's own node process (not npx): a signal sent to it reaches vitest itself.
vitest = spawn(process.execPath, [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), ...args], {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, TEST_TEMPORAL_ADDRESS: c.address },
});
void c.exited.then((which) => {
  if (finishing) return;
  serverDied = true;
  console.error(`[test:cluster] ${which} exited during the tests`);
});
const code = await new Promise<number>((resolve) => vitest!.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
await finish(code);
