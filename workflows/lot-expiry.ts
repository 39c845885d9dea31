/**
 * R20: a durable timer annuls each lot's unspent remainder at that lot's own instant. One workflow
 * per task queue sleeps until the next instant a lot expires (or gets its notice), then annuls
 * everything due in batches, and sleeps again; it continues as new before its history grows large.
 * A step that fails for good raises an incident for staff, and the workflow tries again at its next
 * look (after `recheckMs`, or when lots change): it must never stop, or no lot would expire again.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { databaseStep, longBatch } from './activity-options.js';
import { reportIncident, stepFailure } from './incidents.js';
import { lotsChangedSignal, type LotExpiryInput } from './messages/lot-expiry.js';

const { nextLotInstant } = proxyActivities<Activities>(databaseStep);
const { expireDueLots, sendExpiryNotices } = proxyActivities<Activities>(longBatch);

/** Walks through the due lots side by side when the input does not say (a worker started before CREDIT_PARALLEL_BATCHES). */
const DEFAULT_PARALLEL_BATCHES = 2;

export async function lotExpiryWorkflow(input: LotExpiryInput): Promise<void> {
  let changed = false;
  setHandler(lotsChangedSignal, () => void (changed = true));
  // The same failure again and again (a lot the database refuses) is reported once per run.
  let lastReported: string | null = null;

  while (!workflowInfo().continueAsNewSuggested) {
    changed = false;
    try {
      const next = await nextLotInstant({ noticeMs: input.noticeMs });
      const wait = next === null ? input.recheckMs : Math.min(input.recheckMs, next - Date.now());
      if (wait > 0 && (await condition(() => changed, wait))) continue;
      await expireDueLots({ batchSize: input.batchSize, parallel: input.parallelBatches ?? DEFAULT_PARALLEL_BATCHES });
      await sendExpiryNotices({ noticeMs: input.noticeMs });
      lastReported = null;
    } catch (err) {
      const failure = stepFailure(err);
      if (!failure) throw err;
      const what = `${failure.step}: ${failure.reason}`;
      if (what !== lastReported) {
        await reportIncident(
          { type: 'lot_expiry', id: workflowInfo().taskQueue },
          failure,
          'Lots due are not expired until it succeeds; it is tried again at the next look.',
        );
        lastReported = what;
      }
      await condition(() => changed, input.recheckMs);
    }
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof lotExpiryWorkflow>(input);
}
