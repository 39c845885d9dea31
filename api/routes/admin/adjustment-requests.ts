/**
 * Staff API for adjustments above FOUR_EYES_ADJUSTMENT_LIMIT (four eyes): the queue of requests,
 * one request, and its approval (by anyone but the requester) or rejection with a reason.
 * POST /participants/:id/adjustments (routes/admin/ledger.ts) opens them.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { listAdjustmentRequests } from '../../../db/adjustment-requests.js';
import { approveAdjustmentRequest, rejectAdjustmentRequest, requireAdjustmentRequest } from '../../adjustments.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { ListQuery, list, record } from '../../staff-answers.js';
import { text } from '../../text.js';

const SORTABLE = {
  created_at: 'created_at',
  decided_at: 'decided_at',
  status: 'status',
  amount: 'amount',
  participant_name: 'participant_name',
};
const Rejection = z.strictObject({ reason: text(1000, { multiline: true }) });

const support = staffRole('support');
const unknownRequest = refused('`adjustment_request_not_found`');

export const staffAdjustmentRequestRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/adjustment-requests': {
    access: support,
    tag: 'Points ledger',
    summary: 'Adjustment requests above the four-eyes limit, filtered and sorted',
    query: ListQuery,
    responses: { 200: list('adjustment-requests', 'adjustment requests') },
  },
  'GET /admin/api/adjustment-requests/:id': {
    access: support,
    tag: 'Points ledger',
    summary: 'An adjustment request',
    responses: { 200: record('the request'), 404: unknownRequest },
  },
  'POST /admin/api/adjustment-requests/:id/approve': {
    access: support,
    tag: 'Points ledger',
    summary: 'Approve an adjustment request: the adjustment is posted (anyone but the requester; audited)',
    body: z.strictObject({}),
    responses: {
      200: record('the request, approved'),
      403: refused('`four_eyes`: you asked for this adjustment'),
      404: unknownRequest,
      409: refused('`adjustment_request_decided`, `participant_not_active`, `insufficient_points`'),
    },
  },
  'POST /admin/api/adjustment-requests/:id/reject': {
    access: support,
    tag: 'Points ledger',
    summary: 'Reject an adjustment request, with a reason (audited)',
    body: Rejection,
    responses: { 200: record('the request, rejected'), 404: unknownRequest, 409: refused('`adjustment_request_decided`') },
  },
});

export function staffAdjustmentRequestsRouter(deps: ApiDeps): Router {
  const router = routesOf(staffAdjustmentRequestRoutes, deps);

  router.on('GET /admin/api/adjustment-requests', async (_in, req, res) => {
    const q = parseListQuery(req.query, SORTABLE, ['created_at', 'ASC']);
    const { rows, total } = await listAdjustmentRequests(deps.pool, q);
    sendList(res, 'adjustment-requests', q, rows, total);
  });

  router.on('GET /admin/api/adjustment-requests/:id', async (_in, req, res) => {
    res.json(await requireAdjustmentRequest(deps.pool, req.params.id));
  });

  router.on('POST /admin/api/adjustment-requests/:id/approve', async (_in, req, res) => {
    res.json(await approveAdjustmentRequest(deps, req.params.id, staffActor(req)));
  });

  router.on('POST /admin/api/adjustment-requests/:id/reject', async ({ body: { reason } }, req, res) => {
    res.json(await rejectAdjustmentRequest(deps, req.params.id, reason, staffActor(req)));
  });

  return router.done();
}
