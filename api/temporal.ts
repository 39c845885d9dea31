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
