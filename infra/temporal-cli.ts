/**
 * Finds the `temporal` CLI, which runs the Temporal dev server, on machines without internet:
 *
 *   1. `$TEMPORAL_CLI` (an explicit path; an error if it does not exist),
 *   2. `temporal` on PATH,
 *   3. the build cached in `<repo>/.tools/bin/temporal` (an ignored folder: built once per machine),
 *   4. a fresh build of that cache with `go install` (minutes the first time; the Go module proxy is the
 *      only download), with Go's progress streamed to the terminal,
 *   5. otherwise a clear error saying what to install.
 *
 * The SDK's own fallback (downloading the CLI on a machine with internet) lives in
 * `@temporalio/testing`'s `cached-download`; that package is not a dependency of this project (and
 * the download cannot work on our offline machines), so it is deliberately not used here.
 */
import { findGo, goInstall, isExecutableFile, type Log } from './go-install.js';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** `<repo>/.tools/bin`: where the built CLI is cached (listed in .gitignore). */
export const toolsBinDir = fileURLToPath(new URL('../.tools/bin', import.meta.url));
export const cachedTemporalCli = join(toolsBinDir, 'temporal');

export type { Log };
const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

export async function resolveTemporalCli(log: Log = stderrLog): Promise<string> {
  const explicit = process.env.TEMPORAL_CLI;
  if (explicit) {
    if (!isExecutableFile(explicit)) throw new Error(`TEMPORAL_CLI=${explicit} is not an executable file`);
    return explicit;
  }
  const onPath = findOnPath('temporal');
  if (onPath) return onPath;
  if (isExecutableFile(cachedTemporalCli)) return cachedTemporalCli;

  const go = findGo();
  if (!go) {
    throw new Error(
      'The Temporal CLI (which runs the local Temporal server) was not found, and Go is not installed to build it.\n' +
        'Do one of:\n' +
        `  - install Go 1.25 or newer (https://go.dev/dl/ or "apt-get install golang-go" where recent enough), then run again: it builds ${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION} into ${toolsBinDir};\n` +
        '  - install the Temporal CLI (https://docs.temporal.io/cli) and put `temporal` on PATH;\n' +
        '  - or set TEMPORAL_CLI=/path/to/temporal (or TEMPORAL_ADDRESS to use a Temporal server you already run).',
    );
  }
  await buildTemporalCli(go, log);
  if (!isExecutableFile(cachedTemporalCli)) throw new Error(`go install finished but ${cachedTemporalCli} is missing`);
  return cachedTemporalCli;
}

/** `go install` of the pinned CLI into .tools/bin, with Go's progress (infra/go-install.ts). */
async function buildTemporalCli(go: string, log: Log): Promise<void> {
  log('This happens once per machine and takes several minutes (downloading modules, then compiling about 1000 packages).');
  await goInstall(
    go,
    toolsBinDir,
    [
      '-ldflags',
      `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
      `${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}`,
    ],
    `the Temporal CLI v${TEMPORAL_CLI_VERSION}`,
    log,
  );
}
