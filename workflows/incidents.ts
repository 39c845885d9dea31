/**
 * The incident path every workflow takes when an activity fails in a way retrying cannot fix (it
 * was made non-retryable where activities are registered, activities/index.ts) or when its bounded
 * retries ran out (workflows/activity-options.ts): the workflow raises an incident for staff naming
 * the step and the reason, then releases what it holds and ends, or goes back to waiting for a
 * person when the step was the recording of that person's decision.
 */
import { ActivityFailure, ApplicationFailure, CancelledFailure, proxyActivities, TimeoutFailure, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { incidentReport } from './activity-options.js';
import { StepFailedRefusal, type IncidentSubjectType } from './messages/shared.js';

const { raiseIncident } = proxyActivities<Activities>(incidentReport);

/** An activity that failed for good, as the workflow tells staff about it. */
export interface StepFailure {
  /** The activity type, e.g. recordRegistration. */
  step: string;
  activityId: string;
  /** InvalidInput, IntegrityViolation, AddressRefused, a timeout's type… */
  failureType: string | null;
  reason: string;
}

/**
 * Thrown by a guarded activity (see `onStepFailure`) whose failure its workflow leaves to the caller:
 * carries the failure, not yet reported.
 */
export class StepFailedError extends Error {
  constructor(readonly failure: StepFailure) {
    super(`${failure.step} failed: ${failure.reason}`);
    this.name = 'StepFailedError';
  }
}

/**
 * The failure of an activity, once its retries are over; null for anything else, which the
 * workflow must not swallow (its cancellation, a bug in the workflow code).
 */
export function stepFailure(err: unknown): StepFailure | null {
  if (err instanceof StepFailedError) return err.failure;
  if (!(err instanceof ActivityFailure) || err.cause instanceof CancelledFailure) return null;
  const cause = err.cause;
  let failureType: string | null = null;
  let reason = cause?.message ?? err.message;
  if (cause instanceof ApplicationFailure) failureType = cause.type ?? null;
  else if (cause instanceof TimeoutFailure) {
    failureType = 'Timeout';
    // A schedule-to-close timeout ends the retries: the last attempt's failure says why they failed.
    if (cause.cause?.message) reason = `${reason}; last attempt: ${cause.cause.message}`;
  }
  return { step: err.activityType ?? 'activity', activityId: err.activityId ?? 'unknown', failureType, reason };
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; failure: StepFailure };

/** Runs `step`: its value, or its failure when it failed for good; anything else is thrown on. */
export async function attempt<T>(step: Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await step };
  } catch (err) {
    const failure = stepFailure(err);
    if (!failure) throw err;
    return { ok: false, failure };
  }
}

/** Runs `step`: null when it succeeded, its failure when it failed for good; anything else is thrown on. */
export async function failureOf(step: Promise<unknown>): Promise<StepFailure | null> {
  const result = await attempt(step);
  return result.ok ? null : result.failure;
}

/**
 * Raises the incident for a failed step, once per failure (keyed by the workflow run and the
 * activity), with what the workflow did about it; answers the incident's id.
 */
export async function reportIncident(
  subject: { type: IncidentSubjectType; id: string },
  failure: StepFailure,
  consequence: string,
): Promise<string> {
  const { workflowId, runId } = workflowInfo();
  const { incidentId } = await raiseIncident({
    key: `step_failed:${workflowId}:${runId}:${failure.activityId}`,
    workflowId,
    subject,
    step: failure.step,
    failureType: failure.failureType,
    reason: failure.reason,
    consequence,
  });
  return incidentId;
}

/**
 * The refusal a message gets when the step it needed failed for good (the API answers 422
 * step_failed with this message). The reason stays in the incident: it may quote internals.
 */
export function stepRefusal(failure: StepFailure, consequence: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: StepFailedRefusal,
    message: `This could not be done and staff were told (an incident was raised). ${consequence}`,
    nonRetryable: true,
    details: [{ step: failure.step, failureType: failure.failureType }],
  });
}

/**
 * The activities of `activities` (a proxyActivities object), each of which hands a failure for good
 * to `onFailure` instead of throwing it: `onFailure` ends the workflow (by throwing a sentinel its
 * workflow function catches) or throws StepFailedError to leave the failure to the caller. This
 * keeps the incident path out of the code that reads as the business process.
 */
export function onStepFailure<A extends object>(activities: A, onFailure: (failure: StepFailure) => Promise<never>): A {
  return new Proxy(activities, {
    get(target, name) {
      const activity = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        try {
          return await activity(...args);
        } catch (err) {
          const failure = stepFailure(err);
          if (!failure || err instanceof StepFailedError) throw err;
          return onFailure(failure);
        }
      };
    },
  });
}
