/** Staff API for R21: the email-change queue; support may open a request and upload on the participant's behalf. */
import type { Router } from 'express';
import { z } from 'zod';
import { listEmailChanges } from '../../../db/email-changes.js';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import {
  DOCUMENT_FIELDS,
  EmailChangeDecisionRequest,
  attachEmailChangeDocuments,
  decideEmailChange,
  newEmail,
  openEmailChange,
  requireEmailChange,
} from '../../email-changes.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { uploadedFiles, uploads } from '../../uploads.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { ListQuery, list, record } from '../../staff-answers.js';

const StaffEmailChange = z.strictObject({ participantId: z.uuid('must be a participant id'), newEmail });

const support = staffRole('support');
const unknownRequest = refused('`email_change_not_found`');

export const staffEmailChangeRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/email-changes': {
    access: support,
    tag: 'Email-change queue',
    summary: 'Email-change requests, filtered and sorted (R21)',
    query: ListQuery,
    responses: { 200: list('email-changes', 'email-change requests') },
  },
  'GET /admin/api/email-changes/:id': {
    access: support,
    tag: 'Email-change queue',
    summary: 'An email-change request, with its documents',
    responses: { 200: record('the request'), 404: unknownRequest },
  },
  'POST /admin/api/email-changes': {
    access: support,
    tag: 'Email-change queue',
    summary: "Open an email change on a participant's behalf (R21)",
    body: StaffEmailChange,
    responses: {
      201: record('the request', 'Opened; waiting for the documents'),
      404: refused('`participant_not_found`: no active participant with this id'),
      409: refused('`email_change_already_open`, or `email_in_use`'),
    },
  },
  'POST /admin/api/email-changes/:id/documents': {
    access: support,
    tag: 'Email-change queue',
    summary: "Upload a request's documents on the participant's behalf: `letter` and/or `employmentRecord`",
    content: 'multipart',
    form: z.object({
      letter: z.string().optional().meta({ format: 'binary', description: "The new employer's letter" }),
      employmentRecord: z.string().optional().meta({ format: 'binary', description: 'The employment record' }),
    }),
    responses: {
      200: record('the request'),
      400: refused('No file'),
      404: unknownRequest,
      409: refused('`email_change_not_awaiting_documents`'),
      415: refused('`unsupported_file_type`: not a PDF, PNG or JPEG'),
    },
  },
  'POST /admin/api/email-changes/:id/decision': {
    access: support,
    tag: 'Email-change queue',
    summary: "Decide a request once both documents are in (R21): the request's workflow records it once",
    description: 'Four eyes: whoever opened the request or uploaded one of its documents cannot approve it.',
    body: EmailChangeDecisionRequest,
    responses: {
      200: record('the request, decided'),
      403: refused('`four_eyes`: you opened this request or uploaded one of its documents'),
      404: unknownRequest,
      409: refused('`email_change_not_awaiting_review`'),
    },
  },
});

export function staffEmailChangesRouter(deps: ApiDeps): Router {
  const router = routesOf(staffEmailChangeRoutes, deps);
  const upload = uploads(deps.config.maxUploadBytes, 2);

  router.on('GET /admin/api/email-changes', async (_in, req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', status: 'status' }, ['created_at', 'ASC']);
    const { rows, total } = await listEmailChanges(deps.pool, q);
    sendList(res, 'email-changes', q, rows, total);
  });

  router.on('GET /admin/api/email-changes/:id', async (_in, req, res) => {
    res.json(await requireEmailChange(deps.pool, req.params.id));
  });

  router.on('POST /admin/api/email-changes', async ({ body: { participantId, newEmail: address } }, req, res) => {
    res.status(201).json(await openEmailChange(deps, participantId, address, staffActor(req)));
  });

  router.on(
    'POST /admin/api/email-changes/:id/documents',
    upload.fields(Object.keys(DOCUMENT_FIELDS).map((name) => ({ name, maxCount: 1 }))),
    async (_in, req, res) => {
      res.json(await attachEmailChangeDocuments(deps, String(req.params.id), uploadedFiles(req), staffActor(req)));
    },
  );

  router.on('POST /admin/api/email-changes/:id/decision', async ({ body: { decision, reason } }, req, res) => {
    res.json(await decideEmailChange(deps, String(req.params.id), { decision, reason: reason || null }, staffActor(req)));
  });

  return router.done();
}
