// The worker process: `npm run worker` (or the docker-compose `worker` service).
import { Runtime } from '@temporalio/worker';
import { loadConfig } from '../infra/config.js';
import { componentLogger, configureLogging, temporalSdkLogger } from '../infra/logger.js';
import { freePort } from '../infra/ports.js';
import { startWorker } from './worker.js';

const config = loadConfig();
configureLogging(config);
const logger = componentLogger('worker');
// The Temporal runtime is installed once per process, before any connection: here, not in
// startWorker (tests run several workers in one process). Its logger is ours: the SDK's lines, the
// workflow and activity loggers' lines (with their requestId) and the native core's warnings come
// out as JSON lines like the rest. With a health and metrics port, the SDK's worker metrics are
// exported on a loopback port of their own, which worker/http.ts serves on.
const sdkMetricsPort = config.workerHttpPort ? await freePort() : null;
Runtime.install({
  logger: temporalSdkLogger(),
  telemetryOptions: {
    logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } },
    ...(sdkMetricsPort && {
      metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}`, countersTotalSuffix: true, useSecondsForDurations: true } },
    }),
  },
});
const sdkMetricsUrl = sdkMetricsPort ? `http://127.0.0.1:${sdkMetricsPort}/metrics` : undefined;
const worker = await startWorker(config, { workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH || undefined, sdkMetricsUrl });
logger.info(
  `worker polling task queue ${config.taskQueue} on ${config.temporalAddress}` +
    (config.workerHttpPort ? `; health and metrics on http://${config.workerHttpHost}:${config.workerHttpPort}` : ''),
);
// SIGINT/SIGTERM: finish what runs and stop (a second signal kills at once, as by default).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log('info', `${signal}: stopping the worker`);
    void worker.stop().then(() => process.exit(0));
  });
}
// A worker that fails on its own (Temporal refuses it for good) leaves nothing to do here: exit, so
// that the process manager starts a new one. A database outage is not such a failure.
worker.done.catch((err) => {
  log('error', `the worker failed: ${String(err)}`);
  process.exit(1);
});
// Safety net: a promise nobody awaited must not end a process that is otherwise serving.
process.on('unhandledRejection', (reason) => log('error', `unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`));

function log(level: 'info' | 'error', message: string): void {
  logger[level](message);
}
