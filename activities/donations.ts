/**
 * Activities of the donation workflow (A3, A5). Each one locks the donation row, acts only if the
 * donation is still in the state it expects, and writes the donation, the ledger (through
 * db/ledger.ts), the receipt's record and the audit log in one transaction: a retried activity
 * changes nothing twice, and a completed donation is never touched again (it is never returned).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { systemActor, writeAudit, type Actor } from '../db/audit.js';
import { donationById, endDonation, lockDonation, markDonationCompleted } from '../db/charity.js';
import { captureHold, releaseHold } from '../db/ledger.js';
import { enrolmentParticipant } from '../db/participants.js';
import { inTransaction, type Db, type Pool } from '../db/pool.js';
import type { Mailer } from '../infra/mailer.js';
import type { DonationEndReason, DonationStatus } from '../workflows/messages/donation.js';
import type { ActorRef } from '../workflows/messages/shared.js';
import { deliverMail, recordMail } from './mail.js';
import { donationReceiptLetter } from './templates.js';

export interface DonationDeps {
  pool: Pool;
  mailer: Mailer;
}

export interface DonationOutcome {
  status: DonationStatus;
  endReason: DonationEndReason | null;
}

const receiptKey = (donationId: string) => `donation-receipt:${donationId}`;
const actorOf = (by: ActorRef | null): Actor => (by ? { type: by.type, id: by.id, label: by.label } : systemActor);

async function lockedDonation(tx: Db, donationId: string) {
  const donation = await lockDonation(tx, donationId);
  if (!donation) throw ApplicationFailure.nonRetryable(`Donation ${donationId} not found`, 'DonationNotFound');
  return donation;
}

export function donationActivities({ pool, mailer }: DonationDeps) {
  return {
    /**
     * A5: the shop completed the donation: the held points become a spend of source type `donation`,
     * the donation is final, and its receipt is recorded, all in one transaction. If the hold was
     * released under the donation (the participant left, R26), nothing is spent and it is cancelled.
     */
    async completeDonation({ donationId, by }: { donationId: string; by: ActorRef }): Promise<DonationOutcome> {
      return inTransaction(pool, async (tx) => {
        const donation = await lockedDonation(tx, donationId);
        if (donation.status !== 'placed') return { status: donation.status, endReason: donation.end_reason as DonationEndReason | null };
        let outcome: DonationOutcome;
        if (await captureHold(tx, { holdId: donation.hold_id, sourceId: donationId, sourceType: 'donation', createdBy: by.label })) {
          await markDonationCompleted(tx, donationId);
          const row = (await donationById(tx, donationId))!;
          const person = (await enrolmentParticipant(tx, donation.participant_id))!;
          const letter = donationReceiptLetter(person.first_name, {
            fundName: row.fund_name,
            points: row.points,
            donationId,
            completedAt: row.completed_at!,
            memberNumber: person.member_number === null ? null : String(person.member_number),
          });
          await recordMail(tx, {
            key: receiptKey(donationId),
            participantId: donation.participant_id,
            kind: 'donation_receipt',
            to: person.email,
            ...letter,
          });
          outcome = { status: 'completed', endReason: null };
        } else {
          await endDonation(tx, donationId, 'cancelled', 'points_released');
          outcome = { status: 'cancelled', endReason: 'points_released' };
        }
        await writeAudit(
          tx,
          actorOf(by),
          outcome.status === 'completed' ? 'donation.complete' : 'donation.cancel',
          { type: 'donation', id: donationId },
          {
            participantId: donation.participant_id,
            fundId: donation.fund_id,
            points: donation.points,
            endReason: outcome.endReason,
          },
        );
        return outcome;
      });
    },

    /** A3: the receipt recorded with the completion leaves; a retry never sends it twice. */
    async sendDonationReceipt({ donationId }: { donationId: string }): Promise<void> {
      await deliverMail(pool, mailer, receiptKey(donationId));
    },

    /** The donation ends without completion (cancelled by the client, or the window ran out): the points go back. */
    async endDonation({
      donationId,
      status,
      endReason,
      by,
    }: {
      donationId: string;
      status: 'cancelled' | 'expired';
      endReason: DonationEndReason;
      by: ActorRef | null;
    }): Promise<DonationOutcome> {
      return inTransaction(pool, async (tx) => {
        const donation = await lockedDonation(tx, donationId);
        if (donation.status !== 'placed') return { status: donation.status, endReason: donation.end_reason as DonationEndReason | null };
        await releaseHold(tx, donation.hold_id);
        await endDonation(tx, donationId, status, endReason);
        await writeAudit(
          tx,
          actorOf(by),
          status === 'expired' ? 'donation.expire' : 'donation.cancel',
          { type: 'donation', id: donationId },
          {
            participantId: donation.participant_id,
            fundId: donation.fund_id,
            points: donation.points,
            endReason,
          },
        );
        return { status, endReason };
      });
    },
  };
}
