/** Staff API for A7: the managers' queue of organisations' applications, each shown with its signed documents, and the decision. */
import type { Router } from 'express';
import { z } from 'zod';
import { listApplications } from '../../../db/applications.js';
import { ApplicationRejection, decideApplication, requireApplication } from '../../applications.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../../route-table.js';

const StaffApplication = z
  .object({ id: z.uuid(), status: z.string(), inn: z.string(), legal_name: z.string() })
  .loose()
  .meta({ id: 'StaffCorporateApplication' });
const SORTABLE = { created_at: 'created_at', status: 'status', legal_name: 'legal_name', number: 'number' };

/** Managers decide (rules/staff-roles.ts): an approval writes the agency into the contract registry, which support cannot touch. */
const managers = staffRole('manager');

export const staffApplicationRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/applications': {
    access: managers,
    tag: 'Applications queue',
    summary: "Organisations' applications (A7), those awaiting a manager first",
    responses: {
      200: json(z.array(StaffApplication), 'A page of applications (filters: status, q on the INN or the legal name)', {
        'Content-Range': 'applications a-b/total',
      }),
    },
  },
  'GET /admin/api/applications/:id': {
    access: managers,
    tag: 'Applications queue',
    summary: 'An application with its signed documents',
    responses: { 200: json(StaffApplication, 'The application'), 404: refused('Unknown id') },
  },
  'POST /admin/api/applications/:id/approve': {
    access: managers,
    tag: 'Applications queue',
    summary: 'Approve: the agency joins the contract registry (R4); its waiting registrations verify at once; the contact is mailed',
    responses: {
      200: json(StaffApplication, 'Approved, with the contract number'),
      404: refused('Unknown id'),
      409: refused('`application_not_awaiting_review`: not awaiting a decision (documents missing, or decided)'),
    },
  },
  'POST /admin/api/applications/:id/reject': {
    access: managers,
    tag: 'Applications queue',
    summary: 'Reject with a reason, mailed to the contact',
    body: ApplicationRejection,
    responses: {
      200: json(StaffApplication, 'Rejected'),
      400: refused('No reason'),
      404: refused('Unknown id'),
      409: refused('`application_not_awaiting_review`'),
    },
  },
});

export function staffApplicationsRouter(deps: ApiDeps): Router {
  const routes = routesOf(staffApplicationRoutes, deps);

  routes.on('GET /admin/api/applications', async (_input, req, res) => {
    const q = parseListQuery(req.query, SORTABLE, ['created_at', 'ASC']);
    const { rows, total } = await listApplications(deps.pool, q);
    sendList(res, 'applications', q, rows, total);
  });

  routes.on('GET /admin/api/applications/:id', async ({ params }, _req, res) => {
    res.json(await requireApplication(deps.pool, params.id));
  });

  routes.on('POST /admin/api/applications/:id/approve', async ({ params }, req, res) => {
    res.json(await decideApplication(deps, params.id, { decision: 'approve', reason: null }, staffActor(req)));
  });

  routes.on('POST /admin/api/applications/:id/reject', async ({ params, body }, req, res) => {
    res.json(await decideApplication(deps, params.id, { decision: 'reject', reason: body.reason }, staffActor(req)));
  });

  return routes.done();
}
