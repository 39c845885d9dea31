/**
 * A2: the durable timer of a partner's pending accruals. One workflow per partner and due instant
 * (accruals posted within a hundredth of the pending period share it, rules/partners.ts): it sleeps
 * until the pending period is over, then credits every accrual of the partner still pending and due
 * by then, in batches (one transaction each, heartbeating): a lot per accrual (R20), keyed
 * partner:<partner>:<transaction>, so a retried or repeated batch credits nobody twice. Accruals the
 * partner cancelled meanwhile are no longer pending and are skipped.
 *
 * Posts join the timer with signal-with-start from inside their transaction; each batch first waits
 * for the partner's posts in flight to commit (db/partners.ts `awaitPostsOf`), and a post that joins
 * while the workflow is crediting makes it look once more, so no accrual is left pending behind it.
 * A batch that fails for good raises an incident: the accruals stay pending, and the partner's next
 * timer (which credits everything due by its own instant) takes them again.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { longBatch } from './activity-options.js';
import { reportIncident, stepFailure } from './incidents.js';
import {
  accrualsPostedSignal,
  partnerCreditingQuery,
  type PartnerCreditingInput,
  type PartnerCreditingProgress,
} from './messages/partner.js';

const { creditDuePartnerAccruals } = proxyActivities<Activities>(longBatch);

export async function partnerCreditingWorkflow(input: PartnerCreditingInput): Promise<PartnerCreditingProgress> {
  const { partnerId, dueAt, batchSize } = input;
  const progress: PartnerCreditingProgress = { partnerId, dueAt, stage: 'pending', credited: 0, voided: 0, batches: 0 };
  // Set by a post that joins while the batches run (see above); cleared as each round begins.
  let joined: boolean;
  setHandler(accrualsPostedSignal, () => void (joined = true));
  setHandler(partnerCreditingQuery, () => progress);

  const wait = dueAt - Date.now();
  if (wait > 0) await sleep(wait);
  progress.stage = 'crediting';
  try {
    do {
      joined = false;
      for (;;) {
        const batch = await creditDuePartnerAccruals({ partnerId, dueAt, limit: batchSize });
        progress.credited += batch.credited;
        progress.voided += batch.voided;
        progress.batches++;
        if (batch.done) break;
        // A very large timer goes on in a fresh run (its instant has passed: it credits at once).
        if (workflowInfo().continueAsNewSuggested) {
          await condition(allHandlersFinished);
          return await continueAsNew<typeof partnerCreditingWorkflow>(input);
        }
      }
    } while (joined);
    progress.stage = 'done';
  } catch (err) {
    const failure = stepFailure(err);
    if (!failure) throw err;
    progress.stage = 'failed';
    await reportIncident(
      { type: 'partner', id: partnerId },
      failure,
      "The partner's accruals due by then stay pending; the partner's next crediting timer credits them (or an operator restarts this one).",
    );
  }
  await condition(allHandlersFinished);
  return progress;
}
