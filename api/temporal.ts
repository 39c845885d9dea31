import {
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type ConnectionOptions,
  type WorkflowUpdateHandle,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { StepFailedRefusal } from '../workflows/messages/shared.js';
import { componentLogger } from '../infra/logger.js';
import type { ApiDeps } from './deps.js';
import { Accepted, AppError } from './errors.js';

/** A refusal as it is, or worked out when it is needed (e.g. from the state the workflow left). */
export type Answer = AppError | (() => Promise<AppError>);

/** How long a request waits on a workflow (API_WORKFLOW_WAIT_MS), and where its client looks after that. */
export interface WorkflowWait {
  temporal: Client;
  waitMs: number;
  /** The resource the work shows up in: the Location of the 202 when the wait ends first. */
  statusUrl: string;
}

export const workflowWait = ({ temporal, config }: Pick<ApiDeps, 'temporal' | 'config'>, statusUrl: string): WorkflowWait => ({
  temporal,
  waitMs: config.apiWorkflowWaitMs,
  statusUrl,
});

/** The failure type the server gives an accepted update whose workflow ended before answering it. */
const UPDATE_OUTLIVED_WORKFLOW = 'AcceptedUpdateCompletedWorkflow';

/**
 * Sends a workflow update (`send` starts it and resolves once the workflow has accepted it:
 * `startUpdate(…, { waitForStage: 'ACCEPTED' })`) and answers its result, waiting no longer than
 * API_WORKFLOW_WAIT_MS in all:
 *  - accepted but not finished by then: the work goes on inside the workflow and completes once;
 *    the request ends with `Accepted` (202 and `statusUrl`);
 *  - not accepted by then (no worker, Temporal away): 503 `try_again`. Should the server still hand
 *    the update to the workflow later, a retry is refused or answered by the same state, since every
 *    handler decides against the workflow's own state;
 *  - refused by the workflow's validator or handler: `refusals[type]`;
 *  - the workflow has ended (before the update was accepted, or while it ran): `whenGone`, which
 *    should look at how it ended rather than guess.
 */
export async function askWorkflow<T>(
  wait: WorkflowWait,
  send: () => Promise<WorkflowUpdateHandle<T>>,
  refusals: Record<string, Answer>,
  whenGone: Answer,
): Promise<T> {
  const bound = new AbortController();
  const timer = setTimeout(() => bound.abort(), wait.waitMs);
  const boundReached = new Promise<never>((_, reject) =>
    bound.signal.addEventListener('abort', () => reject(new Error('API_WORKFLOW_WAIT_MS reached')), { once: true }),
  );
  let accepted = false;
  try {
    // The abort signal cancels the gRPC calls of the update (sending it, polling for its outcome).
    const work = wait.temporal.withAbortSignal(bound.signal, async () => {
      const handle = await send();
      accepted = true;
      return await handle.result();
    });
    return await Promise.race([work, boundReached]);
  } catch (err) {
    // Our bound, or the deadline every call of the API's connection carries (`boundedCalls`).
    if (bound.signal.aborted || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      if (accepted) throw new Accepted(wait.statusUrl);
      throw tryAgain('The workflow did not take the request in time; try again (a retry is answered by the same state, never done twice)');
    }
    if (err instanceof WorkflowNotFoundError) throw await answer(whenGone);
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      if (err.cause.type === UPDATE_OUTLIVED_WORKFLOW) throw await answer(whenGone);
      const refusal = err.cause.type ? refusals[err.cause.type] : undefined;
      if (refusal) throw await answer(refusal);
      // The step the update needed failed for good; the workflow raised an incident and kept its state.
      if (err.cause.type === StepFailedRefusal) throw new AppError(422, 'step_failed', err.cause.message);
    }
    if (err instanceof ServiceError) {
      logTemporalFailure(err);
      if (accepted) throw new Accepted(wait.statusUrl); // taken; only the answer was lost
      throw tryAgain(NOTHING_SAVED);
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

const answer = async (a: Answer): Promise<AppError> => (typeof a === 'function' ? a() : a);

const tryAgain = (message: string) => new AppError(503, 'try_again', message);
const NOTHING_SAVED = 'The workflow service did not answer; nothing was saved, try again';

function logTemporalFailure(err: unknown): void {
  componentLogger('api').error({ error: String(err), cause: String((err as Error).cause ?? '') }, 'Temporal call failed');
}

/**
 * A gRPC interceptor for the API's Temporal connection: every call without a deadline of its own
 * gets one, `ms` from when it starts, retries included (place it before the retry interceptor). So a
 * start, a signal or a query never waits on an unreachable server longer than API_WORKFLOW_WAIT_MS.
 */
export function boundedCalls(ms: number): GrpcInterceptor {
  // The next call is a whole call of its own: grpc-js takes it as this interceptor's call as it is.
  return (options, nextCall) => nextCall({ ...options, deadline: options.deadline ?? Date.now() + ms }) as ReturnType<GrpcInterceptor>;
}

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/** A Temporal call whose failure the client can only retry: a 503 with `message`, the cause in the log. */
export async function temporalCall<T>(call: () => Promise<T>, message = NOTHING_SAVED): Promise<T> {
  try {
    return await call();
  } catch (err) {
    logTemporalFailure(err);
    throw tryAgain(message);
  }
}
