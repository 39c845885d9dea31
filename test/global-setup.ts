/**
 * Vitest globalSetup: once per `npm test` run, the real servers every integration test shares.
 *
 *  - ONE Temporal dev server (headless, in memory, on a free port), from the CLI that
 *    infra/temporal-cli.ts finds or builds;
 *  - ONE template database `bonus_test_<timestamp>_<pid>` with the schema migrated, created on
 *    TEST_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres). When that variable
 *    is unset and nothing usable answers there, an embedded PostgreSQL is started in a temporary folder.
 *    Nothing connects to it again: each test file gets a copy of its own
 *    (`CREATE DATABASE … TEMPLATE`, test/support/file-resources.ts), named after it;
 *  - ONE workflow bundle, so that each test's worker does not run webpack again.
 *
 * Only the integration project (test/integration, test/browser) runs it; the unit tests need none of it.
 * Tests read them with `inject('temporalAddress' | 'databaseAdminUrl' | 'templateDatabase' |
 * 'workflowBundlePath')` (types in test/vitest.d.ts), through `startTestSystem`. Teardown stops the
 * server and drops the template and any copy a killed test file left behind.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { TestProject } from 'vitest/node';
import { createScratchDatabase, dropDatabasesStartingWith } from '../infra/scratch-database.js';
import { resolveTemporalCli } from '../infra/temporal-cli.js';
import { startTemporalDevServer } from '../infra/temporal-dev-server.js';
import { writeWorkflowBundle } from '../worker/bundle.js';

const say = (line: string) => console.log(`[global-setup] ${line}`);

export default async function setup(project: TestProject) {
  const cleanups: Array<() => Promise<void>> = [];
  // The server, the databases and the bundle do not depend on each other: they go at the same time
  // (stopping the server and dropping a database take about a second each, which the run waits for).
  const teardown = async () => {
    const started = Date.now();
    await Promise.all(
      cleanups.map((cleanup) => cleanup().catch((err) => console.error(`[global-setup] teardown: ${(err as Error).message}`))),
    );
    say(`teardown in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  try {
    const started = Date.now();
    // Resolve (or build, the first time on a machine) before starting anything that could time out.
    const cli = clusterAddress ? null : await resolveTemporalCli(say);

    const [temporal, database, bundlePath] = await Promise.all([
      (clusterAddress ? useRunningCluster(clusterAddress) : startTemporalDevServer({ uiPort: null })).then((server) => {
        cleanups.push(() => server.stop());
        return server;
      }),
      createScratchDatabase('bonus_test', process.env.TEST_DATABASE_ADMIN_URL, say).then((database) => {
        cleanups.push(async () => {
          // The files drop their own copies; a file whose process was killed leaves one behind.
          const left = await dropDatabasesStartingWith(database.adminUrl, `${database.name}_`);
          if (left.length) say(`dropped ${left.length} database(s) a test file left behind: ${left.join(', ')}`);
          await database.drop();
        });
        return database;
      }),
      bundleWorkflows(cleanups),
    ]);

    // The test processes' temporary folder (vitest starts them after this setup, with this environment),
    // removed at teardown: what a process stopped mid-cleanup leaves behind goes with it (the profile of
    // its Chromium, when vitest kills the process before Playwright has removed it: test/support/browser.ts).
    // A Chromium still closing may write there a moment after its process was stopped: removed twice.
    const processesTmp = mkdtempSync(join(tmpdir(), 'bonus-test-processes-'));
    // Searchable by others (not listable): an embedded PostgreSQL started by root runs as `postgres`
    // and must reach its data folder below this one (infra/embedded-postgres.ts).
    chmodSync(processesTmp, 0o711);
    cleanups.push(async () => {
      for (const pause of [0, 1000]) {
        await new Promise((resolve) => setTimeout(resolve, pause));
        rmSync(processesTmp, { recursive: true, force: true, maxRetries: 3 });
      }
    });
    process.env.TMPDIR = processesTmp;

    project.provide('temporalAddress', temporal.address);
    project.provide('databaseAdminUrl', database.adminUrl);
    project.provide('templateDatabase', database.name);
    project.provide('workflowBundlePath', bundlePath);
    say(
      `ready in ${((Date.now() - started) / 1000).toFixed(1)} s: Temporal ${temporal.address} (${cli ?? 'TEST_TEMPORAL_ADDRESS'}), ` +
        `template database ${database.name} on ${database.where}`,
    );
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}

// ---- npm run test:cluster (scripts/test-cluster.ts): a running cluster instead of the dev server ----
/**
 * TEST_TEMPORAL_ADDRESS: the Temporal server to run the tests on (started and stopped by its owner,
 * not here). The tests' systems use the namespace `default` (loadConfig's default): it must serve it.
 */
const clusterAddress = process.env.TEST_TEMPORAL_ADDRESS || null;

async function useRunningCluster(address: string): Promise<{ address: string; stop: () => Promise<void> }> {
  const namespace = 'default';
  const connection = await Connection.connect({ address, connectTimeout: 10_000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (err) {
    throw new Error(`TEST_TEMPORAL_ADDRESS=${address} does not serve the namespace ${namespace}: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await connection.close();
  }
  say(`using the Temporal server at TEST_TEMPORAL_ADDRESS=${address} (namespace ${namespace}); no dev server`);
  return { address, stop: async () => {} };
}
// ---- end of npm run test:cluster ----

async function bundleWorkflows(cleanups: Array<() => Promise<void>>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bonus-workflow-bundle-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'workflow-bundle.js');
  await writeWorkflowBundle(path);
  return path;
}
