import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One Temporal dev server, one fresh database and one workflow bundle per run (see the file).
    globalSetup: ['test/global-setup.ts'],
    // The Temporal native bridge must not run in worker threads (sdk-typescript#876): use processes.
    pool: 'forks',
    // Real servers: a first workflow task or a worker start can take seconds.
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
});
