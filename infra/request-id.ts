/**
 * The correlation id of one request, through the API, the workflows and the activities.
 *
 *  - The API takes the client's `X-Request-Id` (or makes one) and runs the request inside
 *    `requestContext` (api/observability.ts): every log line written meanwhile carries it.
 *  - The API's Temporal client adds it as the Temporal header `requestId` to whatever the request
 *    sends a workflow (start, update, signal): `requestIdClientInterceptor`, below.
 *  - In the workflow, the header is read and passed on to the activities it schedules
 *    (workflows/request-id.ts); the worker runs each activity inside `requestContext` with it, and
 *    adds it to the activity logger's attributes (worker/interceptors.ts).
 *
 * Headers are Temporal's channel for such context: they are kept in the history (so the workflow
 * reads the same id on replay) and travel without touching any workflow's or activity's arguments.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { WorkflowClientInterceptor } from '@temporalio/client';

export const REQUEST_ID_HEADER = 'requestId';

export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/** The request id of the work running now, if any. */
export const currentRequestId = (): string | undefined => requestContext.getStore()?.requestId;

/** A client's `X-Request-Id` is kept when it is a plain token (letters, digits, `._:-`, up to 128). */
export const acceptableRequestId = (value: string | undefined): value is string => !!value && /^[A-Za-z0-9._:-]{1,128}$/.test(value);

export function withRequestId(headers: Headers, requestId = currentRequestId()): Headers {
  return requestId ? { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } : headers;
}

export function requestIdOf(headers: Headers | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : undefined;
}

/** Adds the current request's id to every workflow start, update and signal the client sends. */
export function requestIdClientInterceptor(): WorkflowClientInterceptor {
  return {
    start: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
    startWithDetails: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
    startUpdate: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
    startUpdateWithStart: (input, next) =>
      next({
        ...input,
        workflowStartHeaders: withRequestId(input.workflowStartHeaders),
        updateHeaders: withRequestId(input.updateHeaders),
      }),
    signal: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
    signalWithStart: (input, next) => next({ ...input, headers: withRequestId(input.headers) }),
  };
}
