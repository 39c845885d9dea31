/**
 * A1: a qualification period has ended (the `tier-period-end` Schedule starts this workflow at each
 * period's end). Every participant with a tier row is reassessed, batch by batch, each batch one
 * transaction that also records, per participant, the period end it was reassessed through: a
 * retried or repeated run reassesses nobody twice, and a run that finds a period end missed (the
 * server was down) catches up period by period. Then the changes not yet announced are mailed and
 * told to the participants' workflows (their ParticipantTier search attribute).
 */
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { longBatch } from './activity-options.js';
import { reportIncident, stepFailure } from './incidents.js';
import type { TierPeriodEndInput, TierPeriodEndOutcome } from './messages/tier-period-end.js';

const { reassessTierBatch, announceTierChanges } = proxyActivities<Activities>(longBatch);

export async function tierPeriodEndWorkflow(input: TierPeriodEndInput, resume?: TierPeriodEndOutcome): Promise<TierPeriodEndOutcome> {
  const outcome: TierPeriodEndOutcome = resume ?? { through: null, reassessed: 0, changed: 0, announced: 0 };
  try {
    for (;;) {
      // The period ended as of this run's start by the server's clock (the Schedule's instant, or later), not the worker's.
      const batch = await reassessTierBatch({ through: outcome.through, asOf: workflowInfo().startTime.getTime(), limit: input.batchSize });
      outcome.through = batch.through;
      outcome.reassessed += batch.handled;
      outcome.changed += batch.changed;
      if (batch.done) break;
      if (workflowInfo().continueAsNewSuggested) return await continueAsNew<typeof tierPeriodEndWorkflow>(input, outcome);
    }
    outcome.announced += (await announceTierChanges({})).announced;
  } catch (err) {
    const failure = stepFailure(err);
    if (!failure) throw err;
    await reportIncident(
      { type: 'tier_period', id: outcome.through === null ? workflowInfo().workflowId : new Date(outcome.through).toISOString() },
      failure,
      'Participants not reached keep their tier until the next run reassesses them (the next period end, or a run an operator triggers on the Schedule).',
    );
  }
  return outcome;
}
