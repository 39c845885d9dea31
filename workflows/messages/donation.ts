/** The donation workflow's vocabulary (A3, A5): one workflow per donation to a charity fund. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActorRef } from './shared.js';

export const donationWorkflowId = (donationId: string): string => `donation:${donationId}`;

/** A donation's status (donations.status and the workflow's view). */
export const DONATION_STATUSES = ['placed', 'completed', 'cancelled', 'expired'] as const;
export type DonationStatus = (typeof DONATION_STATUSES)[number];
/** The donation has ended: its points were given to the fund, or went back. */
export const FINAL_DONATION_STATUSES = ['completed', 'cancelled', 'expired'] as const satisfies readonly DonationStatus[];

/** Why a donation ended without being completed (donations.end_reason). */
export const DONATION_END_REASONS = [
  'cancelled_by_client',
  'payment_window_elapsed',
  // the participant's account closed meanwhile (R26) and its held points were released
  'points_released',
  // a step failed in a way retrying cannot fix: the points went back and an incident was raised
  'incident',
] as const;
export type DonationEndReason = (typeof DONATION_END_REASONS)[number];

/** The terms a donation runs under, fixed when it is placed (R27). */
export interface DonationTerms {
  /** A5: how long the shop has to complete the donation. */
  paymentWindowMs: number;
}

export interface DonationInput {
  donationId: string;
  /** When the donation was placed (epoch ms): the payment deadline stored with it counts from it. */
  placedAt: number;
  terms: DonationTerms;
}

export interface DonationView {
  donationId: string;
  status: DonationStatus;
  /** The instant (epoch ms) the payment window ends while the donation is placed; null otherwise. */
  deadline: number | null;
  endReason: DonationEndReason | null;
}

/** Failure types the donation workflow raises to refuse a message; the API maps them to HTTP answers. */
export const DonationRefusal = {
  notPlaced: 'DonationNotPlaced',
} as const;

/** A5: the shop completes the donation: the held points are spent (source type `donation`) and the receipt mailed. */
export const completeDonationUpdate = defineUpdate<DonationView, [{ by: ActorRef }]>('completeDonation');
/** The client cancels a donation not yet completed: the held points go back. A completed donation is never returned. */
export const cancelDonationUpdate = defineUpdate<DonationView, [{ by: ActorRef }]>('cancelDonation');

export const donationQuery = defineQuery<DonationView>('donation');
