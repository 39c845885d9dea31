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
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

/** `<repo>/.tools/bin`: where the built CLI is cached (listed in .gitignore). */
export const toolsBinDir = fileURLToPath(new URL('../.tools/bin', import.meta.url));
export const cachedTemporalCli = join(toolsBinDir, 'temporal');

export type Log = (line: string) => void;
const stderrLog: Log = (line) => process.stderr.write(`${line}\n`);

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function findGo(): string | null {
  const candidates = [
    findOnPath('go'),
    process.env.GOROOT ? join(process.env.GOROOT, 'bin', 'go') : null,
    '/usr/local/go/bin/go',
    '/usr/lib/go/bin/go',
  ];
  for (const go of candidates) {
    if (go && isExecutableFile(go) && spawnSync(go, ['version'], { stdio: 'ignore' }).status === 0) return go;
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

/** `go install -v` into .tools/bin, streaming progress lines (downloads and a package count). */
async function buildTemporalCli(go: string, log: Log): Promise<void> {
  mkdirSync(toolsBinDir, { recursive: true });
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)}s`;
  log(
    `Building the Temporal CLI v${TEMPORAL_CLI_VERSION} with ${go} into ${toolsBinDir}.\n` +
      'This happens once per machine and takes several minutes (downloading modules, then compiling about 1000 packages)...',
  );
  const args = [
    'install',
    '-v',
    '-ldflags',
    `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
    `${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}`,
  ];
  await new Promise<void>((resolve, reject) => {
    const build = spawn(go, args, {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: toolsBinDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail: string[] = [];
    let downloads = 0;
    let packages = 0;
    let pending = '';
    const onLine = (line: string) => {
      tail = [...tail.slice(-30), line];
      if (line.startsWith('go: downloading')) {
        downloads++;
        if (downloads <= 5 || downloads % 20 === 0) log(`  [${elapsed()}] ${line} (${downloads} modules so far)`);
      } else if (/^[\w.\-/]+$/.test(line)) {
        // `go install -v` prints each package path as it is compiled.
        packages++;
        if (packages === 1 || packages % 50 === 0) log(`  [${elapsed()}] compiled ${packages} packages, now ${line}`);
      } else {
        log(`  ${line}`);
      }
    };
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line.trim());
    };
    build.stdout.on('data', onData);
    build.stderr.on('data', onData);
    // Go says nothing while it links (or fetches one large module): show that it is still working.
    const heartbeat = setInterval(
      () => log(`  [${elapsed()}] still building (${downloads} modules fetched, ${packages} packages compiled)`),
      20_000,
    );
    build.once('error', (err) => {
      clearInterval(heartbeat);
      reject(err);
    });
    build.once('close', (code, signal) => {
      clearInterval(heartbeat);
      if (pending.trim()) onLine(pending.trim());
      if (code === 0) {
        log(`Temporal CLI built in ${elapsed()} (${packages} packages): ${cachedTemporalCli}`);
        resolve();
      } else {
        reject(new Error(`go ${args.join(' ')} failed (${signal ?? `exit code ${code}`}). Last output:\n${tail.join('\n')}`));
      }
    });
  });
}
