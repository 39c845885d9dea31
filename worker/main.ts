// The worker process: `npm run worker` (or the docker-compose `worker` service).
import { loadConfig } from '../infra/config.js';
import { startWorker } from './worker.js';

const config = loadConfig();
const worker = await startWorker(config, { workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH || undefined });
console.log(`worker polling task queue ${config.taskQueue} on ${config.temporalAddress}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void worker.stop().then(() => process.exit(0)));
}
