/**
 * Builds Go programs from their modules with `go install` (CGO off) into a folder of this project's
 * `.tools/`, with Go's progress streamed: the Temporal CLI (infra/temporal-cli.ts) and the real
 * cluster's server, SQL tool and Web UI (scripts/cluster.ts). The Go module proxy is the only download.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Log = (line: string) => void;

/** `go install -v` into `gobin`, with its progress (downloads, a package count, a heartbeat). */
export async function goInstall(go: string, gobin: string, targets: string[], what: string, log: Log): Promise<void> {
  mkdirSync(gobin, { recursive: true });
  const started = Date.now();
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  log(`building ${what} into ${gobin} (once per machine; minutes on a small machine)...`);
  const args = ['install', '-v', ...targets];
  await new Promise<void>((resolve, reject) => {
    const build = spawn(go, args, {
      cwd: gobin,
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail: string[] = [];
    let downloads = 0;
    let compiled = 0;
    let pending = '';
    const onLine = (line: string) => {
      tail = [...tail.slice(-30), line];
      if (line.startsWith('go: downloading')) {
        downloads++;
        if (downloads <= 3 || downloads % 20 === 0) log(`  [${elapsed()}] ${line} (${downloads} modules so far)`);
      } else if (/^[\w.\-/]+$/.test(line)) {
        compiled++; // `go install -v` prints each package as it compiles it
        if (compiled === 1 || compiled % 100 === 0) log(`  [${elapsed()}] compiled ${compiled} packages, now ${line}`);
      } else log(`  ${line}`);
    };
    const onData = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line.trim());
    };
    build.stdout.on('data', onData);
    build.stderr.on('data', onData);
    // Go says nothing while it links: show that it is still working.
    const heartbeat = setInterval(
      () => log(`  [${elapsed()}] still building (${downloads} modules fetched, ${compiled} packages compiled)`),
      30_000,
    );
    build.once('error', (err) => {
      clearInterval(heartbeat);
      reject(err);
    });
    build.once('close', (code, signal) => {
      clearInterval(heartbeat);
      if (pending.trim()) onLine(pending.trim());
      if (code === 0) {
        log(`built ${what} in ${elapsed()} (${compiled} packages compiled, ${downloads} modules fetched)`);
        resolve();
      } else reject(new Error(`go ${args.join(' ')} failed (${signal ?? `exit code ${code}`}). Last output:\n${tail.join('\n')}`));
    });
  });
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The `go` command: on PATH, in GOROOT, or where Debian and the official tarball put it. */
export function findGo(): string | null {
  const onPath = (process.env.PATH ?? '').split(delimiter).map((dir) => (dir ? join(dir, 'go') : ''));
  const candidates = [
    ...onPath,
    process.env.GOROOT ? join(process.env.GOROOT, 'bin', 'go') : '',
    '/usr/local/go/bin/go',
    '/usr/lib/go/bin/go',
  ];
  return candidates.find((go) => go && isExecutableFile(go) && spawnSync(go, ['version'], { stdio: 'ignore' }).status === 0) ?? null;
}
