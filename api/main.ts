// The API process: `npm run api` (or the docker-compose `api` service).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../infra/config.js';
import { componentLogger } from '../infra/logger.js';
import { consoleDir } from './app.js';
import { startApiServer } from './server.js';

const api = await startApiServer(loadConfig());
// The console is served from admin-ui/dist, which the image builds and npm start builds when missing;
// this process does not build it (vite is a development tool): advertise it only when it is there.
const console_ = existsSync(join(consoleDir, 'index.html'))
  ? `console ${api.url}/admin/`
  : 'no staff console: admin-ui/dist is missing, build it with `npm run build:console` and restart';
const logger = componentLogger('api');
logger.info(`API on ${api.url} (${console_}, API docs ${api.url}/api/docs)`);
// SIGINT/SIGTERM: drain the requests in flight and stop (a second signal kills at once, as by default).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log('info', `${signal}: draining the requests in flight`);
    void api.close().then(() => process.exit(0));
  });
}
// Safety net: a promise nobody awaited must not end a process that is otherwise serving.
process.on('unhandledRejection', (reason) => log('error', `unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`));

function log(level: 'info' | 'error', message: string): void {
  logger[level](message);
}
