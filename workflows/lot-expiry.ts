/**
 * R20: a durable timer annuls each lot's unspent remainder at that lot's own instant. One workflow
 * per task queue sleeps until the next instant a lot expires (or gets its notice), then annuls
 * everything due in batches, and sleeps again; it continues as new before its history grows large.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { lotsChangedSignal, type LotExpiryInput } from './messages.js';

const { nextLotInstant } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
const { expireDueLots, sendExpiryNotices } = proxyActivities<Activities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function lotExpiryWorkflow(input: LotExpiryInput): Promise<void> {
  let changed = false;
  setHandler(lotsChangedSignal, () => void (changed = true));

  while (!workflowInfo().continueAsNewSuggested) {
    changed = false;
    const next = await nextLotInstant({ noticeMs: input.noticeMs });
    const wait = next === null ? input.recheckMs : Math.min(input.recheckMs, next - Date.now());
    if (wait > 0 && (await condition(() => changed, wait))) continue;
    await expireDueLots({ batchSize: input.batchSize });
    await sendExpiryNotices({ noticeMs: input.noticeMs });
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof lotExpiryWorkflow>(input);
}
