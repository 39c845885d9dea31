/**
 * One order paid with points (R15), one workflow per order, read top to bottom as the process:
 * the API placed the order and held its points in one transaction; then
 *   R17 (when the operator's shop asks for it): wait for the affiliation documents, then for a
 *       reviewer's decision; no documents in time, or a rejection, releases the points;
 *   A5: wait for the shop to complete the order within the payment window; completion spends the
 *       held points and takes the stock, no completion in time releases them.
 * The client may cancel an open order at any time. All I/O happens in activities.
 */
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import {
  OrderRefusal,
  cancelOrderUpdate,
  completeOrderUpdate,
  decideOrderUpdate,
  orderQuery,
  submitOrderDocumentsUpdate,
  type ActorRef,
  type OrderDecision,
  type OrderEndReason,
  type OrderInput,
  type OrderStatus,
  type OrderView,
} from './messages.js';

const { recordOrderDocuments, decideOrder, completeOrder, endOrder } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const FINAL: OrderStatus[] = ['completed', 'cancelled', 'expired', 'rejected'];

export async function orderWorkflow({ orderId, affiliationCheck, placedAt, terms }: OrderInput): Promise<OrderView> {
  const view: OrderView = { orderId, status: affiliationCheck ? 'awaiting_documents' : 'placed', deadline: null, endReason: null };
  let documents = null as { documentIds: string[]; by: ActorRef } | null;
  let decision = null as OrderDecision | null;
  // The client's last word: complete (the shop was paid) or cancel. Claimed once.
  let ending = null as { kind: 'complete' | 'cancel'; by: ActorRef } | null;
  // Set when the workflow has decided how the order ends: every message is refused from then on.
  let closing = false;

  const isFinal = () => FINAL.includes(view.status);
  const refuseUnless = (ok: boolean, type: string, message: string) => {
    if (!ok) throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };

  setHandler(orderQuery, () => view);
  setHandler(
    completeOrderUpdate,
    async ({ by }) => {
      ending = { kind: 'complete', by };
      await condition(isFinal);
      return view;
    },
    {
      validator: (_: { by: ActorRef }) =>
        refuseUnless(view.status === 'placed' && ending === null && !closing, OrderRefusal.notAwaitingCompletion, `The order is ${view.status}`),
    },
  );
  setHandler(
    cancelOrderUpdate,
    async ({ by }) => {
      ending = { kind: 'cancel', by };
      await condition(isFinal);
      return view;
    },
    {
      validator: (_: { by: ActorRef }) =>
        refuseUnless(!isFinal() && ending === null && !closing, OrderRefusal.notOpen, `The order is ${view.status}`),
    },
  );
  setHandler(
    submitOrderDocumentsUpdate,
    async (d) => {
      documents = d;
      await condition(() => view.status !== 'awaiting_documents');
      return view;
    },
    {
      validator: (_: { documentIds: string[]; by: ActorRef }) =>
        refuseUnless(
          view.status === 'awaiting_documents' && documents === null && ending === null && !closing,
          OrderRefusal.notAwaitingDocuments,
          `The order is ${view.status}`,
        ),
    },
  );
  setHandler(
    decideOrderUpdate,
    async (d) => {
      decision = d;
      await condition(() => view.status !== 'awaiting_review');
      return view;
    },
    {
      validator: (_: OrderDecision) =>
        refuseUnless(
          view.status === 'awaiting_review' && decision === null && ending === null && !closing,
          OrderRefusal.notAwaitingReview,
          `The order is ${view.status}`,
        ),
    },
  );

  if (affiliationCheck) {
    // R17: the documents first. What was accepted before the deadline counts, even in its last instant.
    view.deadline = placedAt + terms.affiliationDocumentsTimeoutMs;
    await condition(() => documents !== null || ending !== null, untilDeadline());
    if (documents === null) {
      return end(ending ? 'cancelled' : 'expired', ending ? 'cancelled_by_client' : 'documents_not_received', ending?.by ?? null);
    }
    await recordOrderDocuments({ orderId, ...documents });
    view.status = 'awaiting_review';
    view.deadline = null;

    // R17: then a reviewer's decision; the client may cancel meanwhile.
    await condition(() => decision !== null || ending !== null);
    if (decision === null) return end('cancelled', 'cancelled_by_client', ending!.by);
    const paymentDeadline = Date.now() + terms.paymentWindowMs;
    const decided = await decideOrder({ orderId, ...decision, paymentDeadline });
    if (decided.status !== 'placed') return settle(decided);
    view.status = 'placed';
    view.deadline = paymentDeadline;
  } else {
    view.deadline = placedAt + terms.paymentWindowMs;
  }

  // A5: the shop completes the order within the payment window, or the points go back.
  await condition(() => ending !== null, untilDeadline());
  if (ending === null) return end('expired', 'payment_window_elapsed', null);
  const { kind, by } = ending;
  if (kind === 'cancel') return end('cancelled', 'cancelled_by_client', by);
  closing = true;
  return settle(await completeOrder({ orderId, by }));

  function untilDeadline(): number {
    return Math.max(1, view.deadline! - Date.now());
  }

  /** The order ends without completion: its points go back (the activity releases the hold). */
  async function end(status: 'cancelled' | 'expired', endReason: OrderEndReason, by: ActorRef | null): Promise<OrderView> {
    closing = true;
    return settle(await endOrder({ orderId, status, endReason, by }));
  }

  async function settle(outcome: { status: OrderStatus; endReason: OrderEndReason | null }): Promise<OrderView> {
    closing = true;
    view.status = outcome.status;
    view.endReason = outcome.endReason;
    view.deadline = null;
    await condition(allHandlersFinished);
    return view;
  }
}
