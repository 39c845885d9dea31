/**
 * A4: a claim of missing points waits for a reviewer's decision until its deadline. An approval
 * credits the event's points under the same key as the window's credit, so never twice (R12).
 * A decision that cannot be recorded is reported as an incident and the claim waits for another.
 */
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { databaseStep } from './activity-options.js';
import { attempt, reportIncident, stepRefusal, type StepFailure } from './incidents.js';
import { ClaimRefusal, decideClaimUpdate, type ClaimDecision, type ClaimInput, type ClaimWorkflowOutcome } from './messages/claim.js';

const { decideClaim, expireClaim } = proxyActivities<Activities>(databaseStep);
const AWAITS_ANOTHER_DECISION = "The claim still waits for a reviewer's decision.";

export async function claimWorkflow({ claimId, deadlineMs, lotLifetimeMs }: ClaimInput): Promise<ClaimWorkflowOutcome> {
  let decision: ClaimDecision | null = null;
  let outcome: ClaimWorkflowOutcome | null = null;
  // The last decision that could not be recorded (its sender is refused).
  let decisionFailed: StepFailure | null = null;
  const subject = { type: 'claim', id: claimId } as const;
  const deadline = Date.now() + deadlineMs;
  // Set once the deadline has won over every decision (see below): a decision that comes later is answered 'expired'.
  let expiring = false;

  setHandler(
    decideClaimUpdate,
    async (d) => {
      if (expiring) {
        // The deadline came first: this decision is not taken, and its answer says the claim expired.
        await condition(() => outcome !== null);
        if (outcome === 'expired') return { status: outcome };
        throw ApplicationFailure.create({ type: ClaimRefusal.notOpen, message: 'This claim is closing', nonRetryable: true });
      }
      decision = d;
      await condition(() => outcome !== null || decision !== d);
      if (outcome === null || outcome === 'failed') throw stepRefusal(decisionFailed!, AWAITS_ANOTHER_DECISION);
      return { status: outcome };
    },
    {
      validator: (_: ClaimDecision) => {
        if (decision !== null || outcome !== null) {
          throw ApplicationFailure.create({ type: ClaimRefusal.notOpen, message: 'This claim is already decided', nonRetryable: true });
        }
      },
    },
  );

  while (outcome === null) {
    await condition(() => decision !== null, Math.max(1, deadline - Date.now()));
    // A4: the decision and the deadline are decided here, once: whichever the workflow took first
    // wins, so a decision accepted in the same instant the timer fired still counts.
    if (decision === null) {
      expiring = true;
      const expired = await attempt(expireClaim({ claimId }));
      if (!expired.ok)
        await reportIncident(subject, expired.failure, 'The claim could not be closed as expired: it stays open in the records.');
      outcome = expired.ok ? 'expired' : 'failed';
      break;
    }
    // (set by the update handler: the compiler cannot see that, hence the cast)
    const taken = decision as ClaimDecision | null;
    const decided = await attempt(decideClaim({ claimId, lotLifetimeMs, ...taken! }));
    if (decided.ok) {
      outcome = decided.value.status;
      break;
    }
    // Nothing was recorded: the reviewer is refused and the claim waits for a decision again.
    await reportIncident(subject, decided.failure, AWAITS_ANOTHER_DECISION);
    decisionFailed = decided.failure;
    decision = null;
  }
  await condition(allHandlersFinished);
  return outcome;
}
