/**
 * The staff API's OpenAPI document, for staff only: it describes the console's API (sign-in, queues,
 * the ledger's tools, staff accounts). The client API's document is public at /api/openapi.json.
 */
import type { Router } from 'express';
import { StaffRecord } from '../../staff-answers.js';
import type { ApiDeps } from '../../deps.js';
import { documentText } from '../../openapi.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, json, routesOf } from '../../route-table.js';

export const staffDocumentRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/openapi.json': {
    access: staffRole('support'),
    tag: 'Console',
    summary: "This document: the staff API's OpenAPI 3.1 document",
    responses: { 200: json(StaffRecord, 'The OpenAPI document') },
  },
});

export function staffDocumentRouter(deps: ApiDeps): Router {
  const router = routesOf(staffDocumentRoutes, deps);
  router.on('GET /admin/api/openapi.json', (_in, _req, res) => {
    res.type('json').send(documentText('staff'));
  });
  return router.done();
}
