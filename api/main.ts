// The API process: `npm run api` (or the docker-compose `api` service).
import { loadConfig } from '../infra/config.js';
import { startApiServer } from './server.js';

const api = await startApiServer(loadConfig());
console.log(`API on ${api.url} (console ${api.url}/admin/, API docs ${api.url}/api/docs)`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void api.close().then(() => process.exit(0)));
}
