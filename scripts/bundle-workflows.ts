// `npm run build:workflows [-- <path>]`: the workflow bundle for WORKFLOW_BUNDLE_PATH (worker/bundle.ts).
import { resolve } from 'node:path';
import { writeWorkflowBundle } from '../worker/bundle.js';

const path = resolve(process.argv[2] ?? 'worker/dist/workflow-bundle.js');
await writeWorkflowBundle(path);
console.log(`workflow bundle written to ${path}: start the worker with WORKFLOW_BUNDLE_PATH=${path}`);
