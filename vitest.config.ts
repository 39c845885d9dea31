import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './test/support/sequencer.js';

/**
 * Projects: `unit` (the pure rules) and `replay` (saved histories) need no servers; `integration`
 * (test/integration, and the console in Chromium, test/browser) runs on real servers, started by its
 * global setup only: `npx vitest run --project unit` starts nothing.
 *
 * The integration files run in parallel, each in its own process with its own database (a copy of
 * one migrated template), worker, API and mail catcher, against one Temporal dev server per run.
 * They spend most of their time waiting on real timers (crediting windows, deadlines, expiries),
 * so more files run at once than there are cores.
 */
export default defineConfig({
  test: {
    // The Temporal native bridge must not run in worker threads (sdk-typescript#876): use processes.
    pool: 'forks',
    // Six files at once: most integration files wait on real timers most of the time (crediting
    // windows, a killed worker's activity timeout, deadlines), the browser files use the processor.
    // On a quiet 2-core machine five took the suite from 225 s (three) to 170 s, six from 170 s to
    // 156 s with the processors still a quarter idle; held to one core (a machine twice as slow) it
    // stayed green and was faster than five (README, Test suite timing).
    maxWorkers: 6,
    // Tests marked concurrent within one file (describe.concurrent), most of them waiting. 16 took
    // earning.test.ts from 30 s to 17 s, but two clean-clone runs then met races that 8 had not shown.
    maxConcurrency: 8,
    // Real servers: a first workflow task or a worker start can take seconds. These bounds only catch a
    // hang: on a slow or shared 2-core machine the whole suite ran four times slower than on a quiet one
    // (README, Test suite timing), and a test that waits longer there has not failed.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // The longest files start first, also in a fresh clone that has no durations yet (see the file).
    sequence: { sequencer: LongestFirstSequencer },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        // Saved workflow histories replayed against today's workflow code: no servers, one bundle.
        test: { name: 'replay', include: ['test/replay/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          // One Temporal dev server, one migrated template database and one workflow bundle per run (see the file).
          globalSetup: ['test/global-setup.ts'],
          // Each file's own database and mail catcher, released after the file (see the file).
          setupFiles: ['test/support/file-setup.ts'],
          // A process runs file after file without loading the application again (a few seconds of CPU
          // per file otherwise). Files keep nothing across: their resources are the file's (see above).
          isolate: false,
        },
      },
    ],
  },
});
