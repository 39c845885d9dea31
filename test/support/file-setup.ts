/**
 * Vitest setupFiles entry of the integration project: runs inside every integration test file,
 * before the file's own code. Its afterAll is registered first, so it runs after the file's own
 * afterAll hooks (which close the file's test systems): then the file's database and mail catcher go.
 */
import { afterAll } from 'vitest';
import { releaseFileResources } from './file-resources.js';

afterAll(releaseFileResources);
