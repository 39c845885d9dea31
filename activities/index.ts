import { creditingActivities } from './crediting.js';
import { enrolmentActivities, type EnrolmentDeps } from './enrolment.js';
import { ledgerActivities } from './ledger.js';

export type ActivityDeps = EnrolmentDeps;

/** All activities the worker registers, built over their dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...enrolmentActivities(deps),
    ...creditingActivities(deps),
    ...ledgerActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
