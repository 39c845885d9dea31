/**
 * One donation to a charity fund (A3), one workflow per donation, read top to bottom as the process:
 * the API placed the donation and held its points in one transaction; then
 *   A5: wait for the shop to complete it within the payment window; completion spends the held
 *       points (a spend of source type `donation`) and mails the receipt; no completion in time
 *       releases them.
 * The client may cancel the donation until it is completed; a completed donation is final and is never
 * returned. All I/O happens in activities. A step that fails for good raises an incident for staff:
 * the donation is cancelled and its points go back; a receipt that cannot be mailed is only reported.
 */
import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { databaseStep, mailStep } from './activity-options.js';
import { attempt, failureOf, reportIncident, type StepFailure } from './incidents.js';
import {
  DonationRefusal,
  cancelDonationUpdate,
  completeDonationUpdate,
  donationQuery,
  type DonationEndReason,
  type DonationInput,
  type DonationStatus,
  type DonationView,
} from './messages/donation.js';
import type { ActorRef } from './messages/shared.js';

const { completeDonation, endDonation } = proxyActivities<Activities>(databaseStep);
const { sendDonationReceipt } = proxyActivities<Activities>(mailStep);

export async function donationWorkflow({ donationId, placedAt, terms }: DonationInput): Promise<DonationView> {
  const view: DonationView = { donationId, status: 'placed', deadline: placedAt + terms.paymentWindowMs, endReason: null };
  // The client's last word: complete (the shop took the donation) or cancel. Claimed once.
  let ending = null as { kind: 'complete' | 'cancel'; by: ActorRef } | null;
  // Set when the workflow has decided how the donation ends: every message is refused from then on.
  let closing = false;
  // Set once the donation has ended: the messages waiting on it answer.
  let ended = false;
  const subject = { type: 'donation', id: donationId } as const;

  const refuseUnlessPlaced = (_: { by: ActorRef }) => {
    if (view.status !== 'placed' || ending !== null || closing) {
      throw ApplicationFailure.create({ type: DonationRefusal.notPlaced, message: `The donation is ${view.status}`, nonRetryable: true });
    }
  };
  const claim =
    (kind: 'complete' | 'cancel') =>
    async ({ by }: { by: ActorRef }) => {
      ending = { kind, by };
      await condition(() => ended);
      return view;
    };

  setHandler(donationQuery, () => view);
  setHandler(completeDonationUpdate, claim('complete'), { validator: refuseUnlessPlaced });
  setHandler(cancelDonationUpdate, claim('cancel'), { validator: refuseUnlessPlaced });

  // A5: the shop completes the donation within the payment window, or the points go back. A
  // completion the workflow took in the instant the timer fired still wins.
  await condition(() => ending !== null, Math.max(1, view.deadline! - Date.now()));
  if (ending === null) return end('expired', 'payment_window_elapsed', null);
  const { kind, by } = ending;
  if (kind === 'cancel') return end('cancelled', 'cancelled_by_client', by);

  closing = true;
  const completed = await attempt(completeDonation({ donationId, by }));
  if (!completed.ok) return fail(completed.failure);
  settle(completed.value);
  if (completed.value.status === 'completed') {
    // The receipt follows the answer: the points are the fund's whatever happens to the mail.
    const unsent = await failureOf(sendDonationReceipt({ donationId }));
    if (unsent) await reportIncident(subject, unsent, 'No receipt was mailed. The donation is completed all the same.');
  }
  return finish();

  /** The donation ends without completion: its points go back (the activity releases the hold). */
  async function end(status: 'cancelled' | 'expired', endReason: DonationEndReason, who: ActorRef | null): Promise<DonationView> {
    closing = true;
    const result = await attempt(endDonation({ donationId, status, endReason, by: who }));
    if (!result.ok) return fail(result.failure);
    settle(result.value);
    return finish();
  }

  /** A step failed for good: the donation is cancelled by the system, its points go back, and staff are told. */
  async function fail(failure: StepFailure): Promise<DonationView> {
    closing = true;
    const released = await attempt(endDonation({ donationId, status: 'cancelled', endReason: 'incident', by: null }));
    await reportIncident(
      subject,
      failure,
      released.ok
        ? 'The donation was cancelled and its points went back.'
        : `The donation could not be cancelled either (${released.failure.reason}): its points are still held.`,
    );
    settle(released.ok ? released.value : { status: view.status, endReason: view.endReason });
    return finish();
  }

  function settle(outcome: { status: DonationStatus; endReason: DonationEndReason | null }): void {
    closing = true;
    ended = true;
    view.status = outcome.status;
    view.endReason = outcome.endReason;
    view.deadline = null;
  }

  async function finish(): Promise<DonationView> {
    await condition(allHandlersFinished);
    return view;
  }
}
