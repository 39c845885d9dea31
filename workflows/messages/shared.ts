/**
 * What several processes share: who sends a message, and the refusal every workflow may answer
 * when the step a message needs has failed for good (an incident for staff was raised instead).
 */

export interface StaffRef {
  id: string;
  label: string;
}

/** Who sent a message to a workflow: an API client (the shop) or a staff member. */
export interface ActorRef {
  type: 'api_client' | 'staff';
  id: string;
  label: string;
}

/**
 * Failure type a workflow raises to refuse a message whose step failed in a way retrying cannot fix
 * (bad data, a refused address): the workflow raised an incident for staff and keeps its state.
 */
export const StepFailedRefusal = 'StepFailed';

/** What an incident raised by a workflow is about (incidents.subject_type). */
export type IncidentSubjectType =
  'participant' | 'order' | 'claim' | 'email_change' | 'event' | 'lot_expiry' | 'application' | 'tier_period' | 'donation' | 'partner';

/** An incident for staff: a workflow step failed in a way retrying cannot fix (workflows/incidents.ts). */
export interface StepIncident {
  /** Idempotency key: the same failure raises one incident however often the activity is retried. */
  key: string;
  workflowId: string;
  subject: { type: IncidentSubjectType; id: string };
  /** The activity that failed. */
  step: string;
  /** The failure's type, e.g. InvalidInput (activities/failure-classification.ts). */
  failureType: string | null;
  reason: string;
  /** What the workflow did about it, for staff: "The registration ended; …". */
  consequence: string;
}
