/**
 * The worker's interceptors: the request id of infra/request-id.ts reaches each activity in its
 * Temporal header; the activity runs inside `requestContext` with it (our log lines carry it) and the
 * SDK's activity logger adds it to its attributes.
 */
import { fileURLToPath } from 'node:url';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { requestContext, requestIdOf } from '../infra/request-id.js';

/**
 * Workflow interceptor modules, bundled with the workflows: pass them to every bundle of
 * workflows/index.ts (`bundleWorkflowCode({ workflowInterceptorModules })`, or the worker's
 * `interceptors.workflowModules` when it bundles itself).
 */
export const workflowInterceptorModules = [fileURLToPath(new URL('../workflows/request-id.ts', import.meta.url))];

export const requestIdActivityInterceptor: ActivityInterceptorsFactory = () => {
  let requestId: string | undefined;
  return {
    inbound: {
      execute: (input, next) => {
        requestId = requestIdOf(input.headers);
        return requestId ? requestContext.run({ requestId }, () => next(input)) : next(input);
      },
    },
    outbound: {
      getLogAttributes: (attributes, next) => next(requestId ? { ...attributes, requestId } : attributes),
    },
  };
};
