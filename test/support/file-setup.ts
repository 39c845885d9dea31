/**
 * Vitest setupFiles entry of the integration project: runs inside every integration test file,
 * before the file's own code. Its afterAll is registered first, so it runs after the file's own
 * afterAll hooks (which close the file's test systems): then the file's database and mail catcher go.
 */
import { IllegalStateError } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll } from 'vitest';
import { releaseFileResources } from './file-resources.js';

// The Temporal SDK's own lines at warnings only, as the test systems' (LOG_LEVEL warn): at its
// default (info) every worker start and stop prints its state changes, some 1,500 lines a run.
// Installed once per test process: the first file installs it, the files after it find it there.
try {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
  });
} catch (err) {
  if (!(err instanceof IllegalStateError)) throw err;
}

afterAll(releaseFileResources);
