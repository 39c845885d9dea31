import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { AppError } from './errors.js';

/**
 * Runs a workflow update and turns the workflow's refusals into HTTP answers:
 * `refusals` maps a refusal type (see Refusal in workflows/messages.ts) to the error to send.
 */
export async function askWorkflow<T>(
  call: () => Promise<T>,
  refusals: Record<string, AppError>,
  whenGone: AppError,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw whenGone;
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const refusal = err.cause.type ? refusals[err.cause.type] : undefined;
      if (refusal) throw refusal;
    }
    throw err;
  }
}

const NOTHING_SAVED = 'The workflow service did not answer; nothing was saved, try again';

/** A Temporal call whose failure the client can only retry: a 503 with `message`, the cause in the log. */
export async function temporalCall<T>(call: () => Promise<T>, message = NOTHING_SAVED): Promise<T> {
  try {
    return await call();
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', message: 'Temporal call failed', error: String(err) }));
    throw new AppError(503, 'try_again', message);
  }
}
