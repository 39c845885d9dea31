/**
 * Client API of donations to charity (A3, A5), under the shop's `orders` scope: the shop reads the
 * active charity funds, places a participant's donation (its points held), and completes it within
 * the payment window or withdraws it before. A completed donation is final: no cancellation after
 * completion and no reversal route. A fund is an organisation the program's admins keep, never a
 * person: points cannot be moved to a participant this way (R18, R19).
 */
import type { Router } from 'express';
import { z } from 'zod';
import { activeFunds, type Donation as DonationRow } from '../../db/charity.js';
import { termsAt } from '../../db/terms.js';
import { DONATION_END_REASONS, DONATION_STATUSES } from '../../workflows/messages/donation.js';
import { clientActor } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { DonationRequest, cancelDonation, completeDonation, placeDonation, requireDonation } from '../donations.js';
import { orderingParticipant } from '../orders.js';
import { apiClient } from '../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../route-table.js';

// ---- what the client API answers (camelCase, as api/client-answers.ts) ---------------------------

const instant = z.iso.datetime({ offset: true });
const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

const CharityFund = z
  .object({
    id: z.uuid(),
    name: z.string(),
    description: z.string(),
    minimumPoints: z.number().int().meta({ description: 'A3: the fewest points a donation takes now (DONATION_MINIMUM in force)' }),
  })
  .meta({ id: 'CharityFund', description: 'A3: a charity fund the program keeps: an organisation, never a person.' });

const Donation = z
  .object({
    id: z.uuid(),
    fundId: z.uuid(),
    fundName: z.string(),
    participantId: z.uuid(),
    participantEmail: z.string(),
    points: z.number().int(),
    status: z.enum(DONATION_STATUSES),
    endReason: z.enum(DONATION_END_REASONS).nullable(),
    paymentDeadlineAt: instant.meta({ description: 'A5: complete the donation before then, or the points go back' }),
    holdStatus: z.enum(['held', 'captured', 'released']),
    createdAt: instant,
    completedAt: instant.nullable().meta({ description: 'When the points went to the fund, for good' }),
    endedAt: instant.nullable(),
  })
  .meta({ id: 'Donation' });

const donationView = (d: DonationRow): z.input<typeof Donation> => ({
  id: d.id,
  fundId: d.fund_id,
  fundName: d.fund_name,
  participantId: d.participant_id,
  participantEmail: d.participant_email,
  points: d.points,
  status: d.status,
  endReason: d.end_reason as z.input<typeof Donation>['endReason'],
  paymentDeadlineAt: d.payment_deadline_at.toISOString(),
  holdStatus: d.hold_status as z.input<typeof Donation>['holdStatus'],
  createdAt: d.created_at.toISOString(),
  completedAt: iso(d.completed_at),
  endedAt: iso(d.ended_at),
});

const donations = apiClient('orders');

export const donationRoutes = defineRoutes('/api', {
  'GET /api/charity-funds': {
    access: donations,
    tag: 'Donations',
    summary: 'The charity funds that take donations now (A3)',
    description: 'Funds are organisations the program keeps; each answer carries the smallest donation in force.',
    responses: { 200: json(z.array(CharityFund), 'The active funds') },
  },
  'POST /api/donations': {
    access: donations,
    tag: 'Donations',
    summary: "Place a participant's donation to a charity fund: its points are held (A3, A5)",
    description:
      'The points are held until the shop completes the donation (`POST /api/donations/{id}/complete`) within the payment window; ' +
      'otherwise they go back. A donation goes only to a fund: points never move to a person (R19).',
    body: DonationRequest,
    responses: {
      201: json(Donation, 'Placed; the points are held', { Location: 'the donation' }),
      400: refused('A field is missing or invalid, or `below_donation_minimum` (A3): `field` names it'),
      403: refused('`not_allowed` (R19): `fundId` names a participant, and points cannot be moved to a person'),
      404: refused('`fund_not_found`, or `participant_not_found`'),
      409: refused('`fund_inactive`, `participant_not_active`, or `insufficient_points`'),
    },
  },
  'GET /api/donations/:id': {
    access: donations,
    tag: 'Donations',
    summary: 'A donation this client placed, and its state',
    responses: { 200: json(Donation, 'The donation'), 404: refused("`donation_not_found` (also another client's)") },
  },
  'POST /api/donations/:id/complete': {
    access: donations,
    tag: 'Donations',
    summary: 'Complete the donation: its held points are spent, once, and the receipt is mailed (A3, A5)',
    description: 'Completing an already completed donation changes nothing and answers it again.',
    responses: {
      200: json(Donation, 'Completed (now, or earlier)'),
      202: { description: 'Taken, still in progress (API_WORKFLOW_WAIT_MS): follow `Location`', headers: { Location: 'the donation' } },
      404: refused('`donation_not_found`'),
      409: refused('`donation_not_open` (cancelled, or expired: the payment window elapsed), `points_released`, or `donation_in_progress`'),
    },
  },
  'POST /api/donations/:id/cancel': {
    access: donations,
    tag: 'Donations',
    summary: 'Withdraw a donation not yet completed: the held points go back',
    description: 'A completed donation is final: it is never returned (A3).',
    responses: {
      200: json(Donation, 'Cancelled'),
      404: refused('`donation_not_found`'),
      409: refused('`donation_final` (completed: never returned), `donation_not_open`, or `donation_in_progress`'),
    },
  },
});

export function donationsRouter(deps: ApiDeps): Router {
  const { pool, config } = deps;
  const router = routesOf(donationRoutes, deps);

  router.on('GET /api/charity-funds', async (_in, _req, res) => {
    const [funds, terms] = await Promise.all([activeFunds(pool), termsAt(pool, config.program)]);
    res.json(
      funds.map((f): z.input<typeof CharityFund> => ({
        id: f.id,
        name: f.name,
        description: f.description,
        minimumPoints: terms.donationMinimum,
      })),
    );
  });

  router.on('POST /api/donations', async ({ body }, req, res) => {
    const participant = await orderingParticipant(pool, body);
    const donation = await placeDonation(
      deps,
      { participantId: participant.id, fundId: body.fundId, points: body.points },
      clientActor(req),
    );
    res.status(201).location(`/api/donations/${donation.id}`).json(donationView(donation));
  });

  router.on('GET /api/donations/:id', async (_in, req, res) => {
    res.json(donationView(await requireDonation(pool, req.params.id, req.apiClient!.id)));
  });

  /** A5: the shop completes the donation within the payment window. */
  router.on('POST /api/donations/:id/complete', async (_in, req, res) => {
    res.json(donationView(await completeDonation(deps, req.params.id, clientActor(req))));
  });

  router.on('POST /api/donations/:id/cancel', async (_in, req, res) => {
    res.json(donationView(await cancelDonation(deps, req.params.id, clientActor(req))));
  });

  return router.done();
}
