/**
 * Client API for A7: an organisation not yet under contract applies to join (through the client that
 * holds the `applications` scope, e.g. the operator's site), uploads its signed documents, and
 * follows the application to a manager's decision.
 */
import type { Router } from 'express';
import {
  APPLICATION_DOCUMENT_FIELDS,
  ApplicationPublic,
  ApplicationRequest,
  attachApplicationDocuments,
  openApplication,
  publicApplication,
  requireApplication,
} from '../applications.js';
import { clientActor } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { apiClient } from '../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../route-table.js';
import { uploadedFiles, uploads } from '../uploads.js';
import { z } from 'zod';

const pdf = z.string().meta({ format: 'binary', description: 'PDF' });
const documentsForm = z.object({ applicationForm: pdf.optional(), signedContract: pdf.optional() });

export const applicationRoutes = defineRoutes('/api', {
  'POST /api/applications': {
    access: apiClient('applications'),
    tag: 'Corporate applications',
    summary: 'An organisation applies to join (A7)',
    description:
      "Starts the application's workflow: it waits for the two signed documents (a reminder to the contact, then a deadline: " +
      '`APPLICATION_REMINDER_MS`, `APPLICATION_DOCUMENTS_TIMEOUT_MS`), then for a manager. One open application per organisation.',
    body: ApplicationRequest,
    content: 'json or multipart',
    form: z.object({ ...ApplicationRequest.shape, ...documentsForm.shape }),
    responses: {
      201: json(ApplicationPublic, 'Received; waiting for its documents, or for a manager when both came with it', {
        Location: 'The application',
      }),
      400: refused("A field is missing or invalid (the INN's check digits, the KPP's format); `field` names it"),
      409: refused('`already_under_contract`: the registry holds an active contract for this INN; `application_already_open`'),
      413: refused('A document is too large'),
      415: refused('A document is not a PDF; `field` names it'),
    },
  },
  'GET /api/applications/:id': {
    access: apiClient('applications'),
    tag: 'Corporate applications',
    summary: 'An application and its state',
    responses: { 200: json(ApplicationPublic, 'The application'), 404: refused("Unknown id, or another client's application") },
  },
  'POST /api/applications/:id/documents': {
    access: apiClient('applications'),
    tag: 'Corporate applications',
    summary: 'Upload signed documents (A7)',
    description:
      'The file fields `applicationForm` and/or `signedContract` (PDF); a later upload of a kind replaces it. With both in, a manager decides.',
    content: 'multipart',
    form: documentsForm,
    responses: {
      200: json(ApplicationPublic, 'Taken'),
      400: refused('No document'),
      404: refused("Unknown id, or another client's application"),
      409: refused('`application_not_awaiting_documents`'),
      415: refused('A document is not a PDF; `field` names it'),
    },
  },
});

export function applicationsRouter(deps: ApiDeps): Router {
  const routes = routesOf(applicationRoutes, deps);
  const upload = uploads(deps.config.maxUploadBytes, 2);
  const documents = upload.fields(Object.keys(APPLICATION_DOCUMENT_FIELDS).map((name) => ({ name, maxCount: 1 })));

  routes.on('POST /api/applications', documents, async ({ body }, req, res) => {
    const application = await openApplication(deps, body, uploadedFiles(req), clientActor(req));
    res.status(201).location(`/api/applications/${application.id}`).json(publicApplication(application));
  });

  routes.on('GET /api/applications/:id', async ({ params }, req, res) => {
    res.json(publicApplication(await requireApplication(deps.pool, params.id, req.apiClient!.id)));
  });

  routes.on('POST /api/applications/:id/documents', documents, async ({ params }, req, res) => {
    res.json(publicApplication(await attachApplicationDocuments(deps, params.id, uploadedFiles(req), clientActor(req))));
  });

  return routes.done();
}
