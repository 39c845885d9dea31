/**
 * Workflow interceptors (registered by the worker: worker/interceptors.ts) that carry the request id
 * of infra/request-id.ts: the id in the header of the message that reached the workflow last (its
 * start, an update, a signal) goes on in the header of every activity, child workflow and
 * continue-as-new the workflow schedules after it, and into the workflow logger's attributes.
 *
 * A long-lived workflow serves many requests: its activities carry the id of the latest message,
 * which is the one that set them going. Headers are in the history, so a replay reads the same ids.
 * Each workflow runs in its own context, so `current` is the workflow's own.
 */
import { defaultPayloadConverter, type Headers, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

const HEADER = 'requestId'; // REQUEST_ID_HEADER of infra/request-id.ts (not imported: workflow code stays free of Node)

let current: string | undefined;

function remember(headers: Headers): void {
  const payload = headers[HEADER];
  if (!payload) return;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  if (typeof value === 'string') current = value;
}

const passOn = (headers: Headers): Headers =>
  current && !headers[HEADER] ? { ...headers, [HEADER]: defaultPayloadConverter.toPayload(current) } : headers;

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      execute: (input, next) => (remember(input.headers), next(input)),
      handleUpdate: (input, next) => (remember(input.headers), next(input)),
      handleSignal: (input, next) => (remember(input.headers), next(input)),
    },
  ],
  outbound: [
    {
      scheduleActivity: (input, next) => next({ ...input, headers: passOn(input.headers) }),
      scheduleLocalActivity: (input, next) => next({ ...input, headers: passOn(input.headers) }),
      startChildWorkflowExecution: (input, next) => next({ ...input, headers: passOn(input.headers) }),
      continueAsNew: (input, next) => next({ ...input, headers: passOn(input.headers) }),
      getLogAttributes: (input, next) => next(current ? { ...input, requestId: current } : input),
    },
  ],
});
