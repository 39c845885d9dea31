import { creditingActivities } from './crediting.js';
import { emailChangeActivities } from './email-change.js';
import { enrolmentActivities, type EnrolmentDeps } from './enrolment.js';
import { ledgerActivities } from './ledger.js';
import { orderActivities } from './orders.js';

export type ActivityDeps = EnrolmentDeps;

/** All activities the worker registers, built over their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...enrolmentActivities(deps),
    ...emailChangeActivities(deps),
    ...creditingActivities(deps),
    ...ledgerActivities(deps),
    ...orderActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
