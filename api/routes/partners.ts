/**
 * Client API of partners (A2): a partner's systems post accruals (one, or up to 10,000 in a call),
 * follow, cancel and reverse them, as an API client with the `partner` scope bound to the partner:
 * the partner is always the calling client's, never one the request names, so another partner's
 * accrual answers 404. And for the shop site (`events` scope, with the other claims): the partners a
 * participant may name, and a claim of a partner's transaction that was never credited (A4).
 *
 * Mounted before the app's 1 MB JSON parser: a bulk call reads its body with a larger limit, after
 * its client has been authenticated.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { activePartners } from '../../db/partners.js';
import { liveParticipantByEmail } from '../../db/participants.js';
import { normalizeEmail } from '../../rules/email.js';
import { REFUSAL_MESSAGES } from '../../rules/partners.js';
import { clientActor } from '../auth.js';
import { Claim, claimView } from '../client-answers.js';
import type { ApiDeps } from '../deps.js';
import { AppError } from '../errors.js';
import { PartnerAccrual, PartnerBulkAnswer, PartnerSummary, accrualView, bulkView, partnerSummaryView } from '../partner-answers.js';
import {
  PartnerAccrualRequest,
  PartnerBulkRequest,
  PartnerClaimRequest,
  PartnerEndRequest,
  cancelAccrual,
  openPartnerClaim,
  partnerOfClient,
  postAccruals,
  requireAccrual,
  reverseAccrual,
} from '../partners.js';
import { apiClient } from '../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../route-table.js';

/** A bulk call's body: 10,000 rows of a few hundred bytes each at most. */
const BULK_BODY_LIMIT = '8mb';

const partner = apiClient('partner');
const notAPartner = '`not_a_partner` (the client is bound to no partner), `partner_inactive`, or `scope_missing`';
const unknownAccrual = refused(
  "`accrual_not_found`: this partner posted no transaction with this id (another partner's is not found either)",
);

export const partnerRoutes = defineRoutes('/api', {
  'POST /api/partner/accruals': {
    access: partner,
    tag: 'Partner accruals',
    summary: 'Post one accrual (A2)',
    description:
      "It stays pending for the partner's pending period (cancel it meanwhile), then its points are credited as a lot (R20). " +
      'The transaction id makes it idempotent: posting it again changes nothing and answers the accrual (200).',
    body: PartnerAccrualRequest,
    responses: {
      201: json(PartnerAccrual, 'Taken, pending'),
      200: json(PartnerAccrual, 'Posted before (a replay): the accrual as it is; nothing changed'),
      403: refused(notAPartner),
      422: refused(
        'Refused, nothing written; `code` says why: `participant_unknown`, `date_before_registration` (R8), `date_in_future`, `amount_required`, `kind_required`, `kind_unknown`, `earns_nothing`',
      ),
    },
  },
  'POST /api/partner/accruals/bulk': {
    access: partner,
    tag: 'Partner accruals',
    summary: 'Post up to 10,000 accruals in one call (A2)',
    description:
      'Every row is judged on its own: a refused row comes back with its index and reason and nothing of it is written; the ' +
      'accepted rows are written together, in one transaction. Rows posted before (the same transaction id) are replays: they ' +
      'change nothing and answer the accrual they made. A call can be repeated as it is.',
    body: PartnerBulkRequest,
    responses: {
      200: json(PartnerBulkAnswer, 'What was taken and what was refused, row by row'),
      403: refused(notAPartner),
      413: refused('`body_too_large`'),
    },
  },
  'GET /api/partner/accruals/:transactionId': {
    access: partner,
    tag: 'Partner accruals',
    summary: "One of the partner's accruals, by its transaction id",
    responses: { 200: json(PartnerAccrual, 'The accrual'), 403: refused(notAPartner), 404: unknownAccrual },
  },
  'POST /api/partner/accruals/:transactionId/cancel': {
    access: partner,
    tag: 'Partner accruals',
    summary: 'Cancel a pending accrual: it is never credited (A2)',
    description: 'Cancelling it again answers the same. A credited accrual is reversed instead.',
    body: PartnerEndRequest,
    responses: {
      200: json(PartnerAccrual, 'Cancelled'),
      403: refused(notAPartner),
      404: unknownAccrual,
      409: refused('`accrual_not_pending`: credited (reverse it), reversed or void; `status` says which'),
    },
  },
  'POST /api/partner/accruals/:transactionId/reverse': {
    access: partner,
    tag: 'Partner accruals',
    summary: 'Reverse a credited accrual: what its lot still holds is annulled (A2)',
    description:
      "Points the participant has already spent stay spent (and are in the partner's statement); `reversedPoints` is what was taken back. Reversing it again answers the same.",
    body: PartnerEndRequest,
    responses: {
      200: json(PartnerAccrual, 'Reversed'),
      403: refused(notAPartner),
      404: unknownAccrual,
      409: refused('`accrual_not_credited`: still pending (cancel it), cancelled or void; `status` says which'),
    },
  },
  'GET /api/partners': {
    access: apiClient('events'),
    tag: 'Claims',
    summary: 'The partners whose transactions earn points: name one in a partner claim (A2, A4)',
    responses: { 200: json(z.array(PartnerSummary), 'The active partners, by name'), 403: refused('`scope_missing`') },
  },
  'POST /api/partner-claims': {
    access: apiClient('events'),
    tag: 'Claims',
    summary: "Claim a partner's transaction that was never credited (A2, A4)",
    description:
      "The airline's form: the partner, the transaction's reference, its date, and its amount (or kind). A reviewer decides with " +
      "the partner's accruals for the participant at hand; an approval credits the points the partner's rule gives, under the key " +
      "the partner's own accrual would have had: never twice. Follow it at `GET /api/claims/{id}`.",
    body: PartnerClaimRequest,
    responses: {
      201: json(Claim, 'The claim waits for a reviewer'),
      403: refused('`scope_missing`'),
      404: refused('`participant_not_found`, `partner_not_found`'),
      409: refused('`partner_accrual_exists` (the partner has posted it: `status`), `claim_already_open`, `partner_inactive`'),
      422: refused(
        '`date_before_registration` (R8), `date_in_future`, `amount_required`, `kind_required`, `kind_unknown`, `earns_nothing`',
      ),
    },
  },
});

export function partnersRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = routesOf(partnerRoutes, deps);
  const body = express.json({ limit: '1mb' });
  const bulkBody = express.json({ limit: BULK_BODY_LIMIT });

  router.on('POST /api/partner/accruals', body, async ({ body: row }, req, res) => {
    const partner = await partnerOfClient(pool, req.apiClient!);
    const { taken, refusals } = await postAccruals(deps, partner.id, [row], clientActor(req));
    const refusal = refusals[0];
    if (refusal) throw new AppError(422, refusal.reason, REFUSAL_MESSAGES[refusal.reason], refusal.field);
    const accrual = await requireAccrual(pool, partner.id, taken[0].accrual.transactionId);
    res.status(taken[0].replayed ? 200 : 201).json(accrualView(accrual));
  });

  router.on('POST /api/partner/accruals/bulk', bulkBody, async ({ body: call }, req, res) => {
    const partner = await partnerOfClient(pool, req.apiClient!);
    res.json(bulkView(await postAccruals(deps, partner.id, call.accruals, clientActor(req))));
  });

  router.on('GET /api/partner/accruals/:transactionId', async (_in, req, res) => {
    const partner = await partnerOfClient(pool, req.apiClient!);
    res.json(accrualView(await requireAccrual(pool, partner.id, req.params.transactionId)));
  });

  router.on('POST /api/partner/accruals/:transactionId/cancel', body, async ({ body: end }, req, res) => {
    const partner = await partnerOfClient(pool, req.apiClient!);
    res.json(accrualView(await cancelAccrual(pool, partner.id, req.params.transactionId, end.reason ?? null, clientActor(req))));
  });

  router.on('POST /api/partner/accruals/:transactionId/reverse', body, async ({ body: end }, req, res) => {
    const partner = await partnerOfClient(pool, req.apiClient!);
    res.json(accrualView(await reverseAccrual(pool, partner, req.params.transactionId, end.reason ?? null, clientActor(req))));
  });

  router.on('GET /api/partners', async (_in, _req, res) => {
    res.json((await activePartners(pool)).map(partnerSummaryView));
  });

  router.on('POST /api/partner-claims', body, async ({ body: c }, req, res) => {
    const participant = await liveParticipantByEmail(pool, normalizeEmail(c.email));
    if (participant?.status !== 'active') {
      throw new AppError(404, 'participant_not_found', 'No active participant with this email', 'email');
    }
    const { email: _email, ...claim } = c;
    res.status(201).json(claimView(await openPartnerClaim(deps, { ...claim, participantId: participant!.id }, clientActor(req))));
  });

  return router.done();
}
