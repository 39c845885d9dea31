/**
 * The workflow bundle built ahead of time: the worker then loads it (WORKFLOW_BUNDLE_PATH) instead
 * of running webpack at start-up, which costs seconds and leaves the bundler's memory behind in a
 * long-lived process (docs/benchmarks.md, Footprint). `npm run build:workflows` writes one; the
 * Docker image and the test run build theirs with the same function.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { workflowInterceptorModules } from './interceptors.js';

/** The workflows' entry point: every workflow type the worker registers. */
export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/** Builds the workflows (with their interceptors) into one file at `path`. */
export async function writeWorkflowBundle(path: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: new DefaultLogger('WARN') });
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, code);
}
