import { ApplicationFailure } from '@temporalio/activity';
import { applicationActivities } from './applications.js';
import { creditingActivities } from './crediting.js';
import { donationActivities } from './donations.js';
import { emailChangeActivities } from './email-change.js';
import { enrolmentActivities, type EnrolmentDeps } from './enrolment.js';
import { permanentFailure } from './failure-classification.js';
import { incidentActivities } from './incidents.js';
import { ledgerActivities } from './ledger.js';
import { orderActivities } from './orders.js';
import { partnerActivities } from './partners.js';
import { tierActivities } from './tiers.js';

export type ActivityDeps = EnrolmentDeps;

/**
 * All activities the worker registers, built over their dependencies, each wrapped once so that a
 * failure retrying cannot fix reaches its workflow as non-retryable (see failure-classification.ts).
 */
export function createActivities(deps: ActivityDeps) {
  return classifyingFailures({
    ...enrolmentActivities(deps),
    ...emailChangeActivities(deps),
    ...creditingActivities(deps),
    ...ledgerActivities(deps),
    ...orderActivities(deps),
    ...donationActivities(deps),
    ...applicationActivities(deps),
    ...incidentActivities(deps),
    ...tierActivities(deps),
    ...partnerActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;

type ActivityFunction = (...args: any[]) => Promise<unknown>;

/**
 * The same activities, each rethrowing a permanent failure (a PostgreSQL data or integrity error, a
 * recipient the mail relay refuses for good, a validation error) as a non-retryable
 * ApplicationFailure of that type, with the original error as its cause. Every other error, and an
 * ApplicationFailure the activity chose itself, passes unchanged and is retried by the policy.
 */
export function classifyingFailures<T extends Record<string, ActivityFunction>>(activities: T): T {
  const wrapped: Record<string, ActivityFunction> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await activity(...args);
      } catch (err) {
        const permanent = err instanceof ApplicationFailure ? null : permanentFailure(err);
        if (!permanent) throw err;
        throw ApplicationFailure.create({
          type: permanent.type,
          message: permanent.message,
          nonRetryable: true,
          cause: err instanceof Error ? err : undefined,
        });
      }
    };
  }
  return wrapped as T;
}
