/**
 * Workers in processes of their own (`worker/main.ts`), configured like a test system's, for the
 * crash tests: one can be set to SIGKILL itself at a named crash point (infra/faults.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { tsxNodeArguments } from '../../worker/node-flags.js';
import type { TestSystem } from './system.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export interface WorkerProcesses {
  /** A worker process on `sys`'s task queue, optionally set to crash at `crashAt`. */
  start(crashAt?: string, env?: Record<string, string>): ChildProcess;
  /**
   * Resolves once the process polls its task queue (it says so on stdout), so that a request the test
   * sends next does not wait on a worker still loading; rejects if the process ends first.
   */
  polling(child: ChildProcess): Promise<void>;
  /** How the process ended (its signal, else its exit code), recorded from its start: a crash can come before the test awaits it. */
  exited(child: ChildProcess): Promise<NodeJS.Signals | number | null>;
  /** SIGKILLs every process still running (a failed test must not leave a worker behind). */
  killAll(): void;
}

export function workerProcesses(sys: () => TestSystem): WorkerProcesses {
  const endings = new WeakMap<ChildProcess, Promise<NodeJS.Signals | number | null>>();
  const pollings = new WeakMap<ChildProcess, Promise<void>>();
  const running = new Set<ChildProcess>();
  return {
    start(crashAt, env = {}) {
      const { config } = sys();
      const child = spawn(process.execPath, tsxNodeArguments('worker/main.ts'), {
        cwd: repo,
        env: {
          ...process.env,
          DATABASE_URL: config.databaseUrl,
          TEMPORAL_ADDRESS: config.temporalAddress,
          TEMPORAL_TASK_QUEUE: config.taskQueue,
          SMTP_URL: config.smtpUrl,
          PUBLIC_URL: config.publicUrl,
          TOKEN_SECRET: config.tokenSecret,
          WORKFLOW_BUNDLE_PATH: inject('workflowBundlePath'),
          BONUS_CRASH_AT: crashAt ?? '',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      endings.set(child, new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code))));
      pollings.set(
        child,
        new Promise((resolve, reject) => {
          child.once('exit', (code, signal) => reject(new Error(`worker process ended before polling (${signal ?? code})`)));
          let seen = '';
          child.stdout!.on('data', (chunk: Buffer) => {
            process.stdout.write(chunk); // what it says stays in the test output
            seen = (seen + chunk.toString('utf8')).slice(-1000);
            if (seen.includes('worker polling task queue')) resolve();
          });
        }),
      );
      pollings.get(child)!.catch(() => {}); // a test that never asks must not see an unhandled rejection
      running.add(child);
      child.once('exit', () => running.delete(child));
      return child;
    },
    polling: (child) => pollings.get(child)!,
    exited: (child) => endings.get(child)!,
    killAll() {
      for (const child of running) child.kill('SIGKILL');
    },
  };
}
