/**
 * One order paid with points (R15), one workflow per order, read top to bottom as the process:
 * the API placed the order and held its points in one transaction; then
 *   R17 (when the operator's shop asks for it): wait for the affiliation documents, then for a
 *       reviewer's decision; no documents in time, or a rejection, releases the points;
 *   A5: wait for the shop to complete the order within the payment window; completion spends the
 *       held points and takes the stock, no completion in time releases them.
 * The client may cancel an open order at any time. All I/O happens in activities.
 * A step that fails for good raises an incident for staff: the order is cancelled and its points go
 * back, except a reviewer's decision that cannot be recorded, after which the order waits for another.
 */
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { databaseStep } from './activity-options.js';
import { attempt, reportIncident, stepRefusal, type StepFailure } from './incidents.js';
import {
  FINAL_ORDER_STATUSES,
  OrderRefusal,
  cancelOrderUpdate,
  completeOrderUpdate,
  decideOrderUpdate,
  orderQuery,
  submitOrderDocumentsUpdate,
  type OrderDecision,
  type OrderEndReason,
  type OrderInput,
  type OrderStatus,
  type OrderView,
} from './messages/order.js';
import type { ActorRef } from './messages/shared.js';

const { recordOrderDocuments, decideOrder, completeOrder, endOrder } = proxyActivities<Activities>(databaseStep);

const FINAL: readonly OrderStatus[] = FINAL_ORDER_STATUSES;
const AWAITS_ANOTHER_DECISION = "The order still waits for a reviewer's decision.";

export async function orderWorkflow({ orderId, affiliationCheck, placedAt, terms }: OrderInput): Promise<OrderView> {
  const view: OrderView = { orderId, status: affiliationCheck ? 'awaiting_documents' : 'placed', deadline: null, endReason: null };
  let documents = null as { documentIds: string[]; by: ActorRef } | null;
  let decision = null as OrderDecision | null;
  // The client's last word: complete (the shop was paid) or cancel. Claimed once.
  let ending = null as { kind: 'complete' | 'cancel'; by: ActorRef } | null;
  // Set when the workflow has decided how the order ends: every message is refused from then on.
  let closing = false;
  // Set once the workflow has ended the order (its status final, unless even cancelling it failed: see `fail`).
  let ended = false;
  // The last reviewer's decision that could not be recorded (its sender is refused).
  let decisionFailed: StepFailure | null = null;
  const subject = { type: 'order', id: orderId } as const;

  const isFinal = () => FINAL.includes(view.status);
  const refuseUnless = (ok: boolean, type: string, message: string) => {
    if (!ok) throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };

  setHandler(orderQuery, () => view);
  setHandler(
    completeOrderUpdate,
    async ({ by }) => {
      ending = { kind: 'complete', by };
      await condition(() => ended);
      return view;
    },
    {
      validator: (_: { by: ActorRef }) =>
        refuseUnless(
          view.status === 'placed' && ending === null && !closing,
          OrderRefusal.notAwaitingCompletion,
          `The order is ${view.status}`,
        ),
    },
  );
  setHandler(
    cancelOrderUpdate,
    async ({ by }) => {
      ending = { kind: 'cancel', by };
      await condition(() => ended);
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
      await condition(() => view.status !== 'awaiting_documents' || ended);
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
      await condition(() => view.status !== 'awaiting_review' || decision !== d || ended);
      if (view.status === 'awaiting_review' && !ended && decisionFailed) throw stepRefusal(decisionFailed, AWAITS_ANOTHER_DECISION);
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
    const recorded = await attempt(recordOrderDocuments({ orderId, ...documents }));
    if (!recorded.ok) return fail(recorded.failure);
    view.status = 'awaiting_review';
    view.deadline = null;

    // R17: then a reviewer's decision; the client may cancel meanwhile.
    for (;;) {
      await condition(() => decision !== null || ending !== null);
      if (decision === null) return end('cancelled', 'cancelled_by_client', ending!.by);
      const paymentDeadline = Date.now() + terms.paymentWindowMs;
      const decided = await attempt(decideOrder({ orderId, ...decision, paymentDeadline }));
      if (!decided.ok) {
        // Nothing was recorded: the reviewer is refused and the order waits for a decision again.
        await reportIncident(subject, decided.failure, AWAITS_ANOTHER_DECISION);
        decisionFailed = decided.failure;
        decision = null;
        continue;
      }
      if (decided.value.status !== 'placed') return settle(decided.value);
      view.status = 'placed';
      view.deadline = paymentDeadline;
      break;
    }
  } else {
    view.deadline = placedAt + terms.paymentWindowMs;
  }

  // A5: the shop completes the order within the payment window, or the points go back. The window
  // and the shop's word are weighed here, once: a completion the workflow took in the instant the
  // timer fired still wins; otherwise `end` closes the order to every message before it awaits anything.
  await condition(() => ending !== null, untilDeadline());
  if (ending === null) return end('expired', 'payment_window_elapsed', null);
  const { kind, by } = ending;
  if (kind === 'cancel') return end('cancelled', 'cancelled_by_client', by);
  closing = true;
  const completed = await attempt(completeOrder({ orderId, by }));
  return completed.ok ? settle(completed.value) : fail(completed.failure);

  function untilDeadline(): number {
    return Math.max(1, view.deadline! - Date.now());
  }

  /** The order ends without completion: its points go back (the activity releases the hold). */
  async function end(status: 'cancelled' | 'expired', endReason: OrderEndReason, by: ActorRef | null): Promise<OrderView> {
    closing = true;
    const result = await attempt(endOrder({ orderId, status, endReason, by }));
    return result.ok ? settle(result.value) : fail(result.failure);
  }

  /**
   * The incident path of a step that failed for good: the order is cancelled by the system (nothing
   * from the failed message is written again), its points go back, and staff are told.
   */
  async function fail(failure: StepFailure): Promise<OrderView> {
    closing = true;
    const released = await attempt(endOrder({ orderId, status: 'cancelled', endReason: 'incident', by: null }));
    await reportIncident(
      subject,
      failure,
      released.ok
        ? 'The order was cancelled and its points went back.'
        : `The order could not be cancelled either (${released.failure.reason}): its points are still held.`,
    );
    return settle(released.ok ? released.value : { status: view.status, endReason: view.endReason });
  }

  async function settle(outcome: { status: OrderStatus; endReason: OrderEndReason | null }): Promise<OrderView> {
    closing = true;
    ended = true;
    view.status = outcome.status;
    view.endReason = outcome.endReason;
    view.deadline = null;
    await condition(allHandlersFinished);
    return view;
  }
}
