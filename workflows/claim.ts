/**
 * A4: a claim of missing points waits for a reviewer's decision until its deadline. An approval
 * credits the event's points under the same key as the window's credit, so never twice (R12).
 */
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { Refusal, decideClaimUpdate, type ClaimDecision, type ClaimInput, type ClaimOutcome } from './messages.js';

const { decideClaim, expireClaim } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function claimWorkflow({ claimId, deadlineMs, lotLifetimeMs }: ClaimInput): Promise<ClaimOutcome> {
  let decision: ClaimDecision | null = null;
  let outcome: ClaimOutcome | null = null;

  setHandler(
    decideClaimUpdate,
    async (d) => {
      decision = d;
      await condition(() => outcome !== null);
      return { status: outcome! };
    },
    {
      validator: (_: ClaimDecision) => {
        if (decision !== null || outcome !== null) {
          throw ApplicationFailure.create({ type: Refusal.claimNotOpen, message: 'This claim is already decided', nonRetryable: true });
        }
      },
    },
  );

  if (await condition(() => decision !== null, deadlineMs)) {
    outcome = (await decideClaim({ claimId, lotLifetimeMs, ...decision! })).status;
  } else {
    await expireClaim({ claimId });
    outcome = 'expired';
  }
  await condition(allHandlersFinished);
  return outcome;
}
