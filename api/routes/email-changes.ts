/**
 * Client API for R21: the shop site opens an email change for a participant, uploads the two
 * documents, and follows the request; the link sent to the new address confirms it.
 */
import type { Router } from 'express';
import { z } from 'zod';
import { liveParticipantByEmail } from '../../db/participants.js';
import { normalizeEmail } from '../../rules/email.js';
import { EMAIL_CHANGE_STATUSES } from '../../workflows/messages/email-change.js';
import { clientActor } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { attachEmailChangeDocuments, DOCUMENT_FIELDS, newEmail, openEmailChange, requireEmailChange } from '../email-changes.js';
import { AppError } from '../errors.js';
import { apiClient } from '../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../route-table.js';
import { uploadedFiles, uploads } from '../uploads.js';

export const EmailChangeRequest = z
  .strictObject({
    email: newEmail.meta({ description: 'The registered address' }),
    newEmail: newEmail.meta({ description: 'The address to change to' }),
  })
  .meta({
    id: 'EmailChangeRequest',
    description: 'R21: a participant who changed employer asks to change the email; two documents must follow.',
    example: { email: 'anna@agency.example', newEmail: 'anna@new-agency.example' },
  });

export const EmailChange = z
  .object({
    id: z.uuid(),
    status: z.enum(EMAIL_CHANGE_STATUSES),
    oldEmail: z.string(),
    newEmail: z.string(),
    documentsDueAt: z.iso.datetime({ offset: true }).nullable().meta({ description: 'Both documents must be in by then' }),
    documents: z.object({ letter: z.boolean(), employmentRecord: z.boolean() }).meta({ description: 'Which of the two documents are in' }),
    decisionReason: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .meta({
    id: 'EmailChange',
    description: 'An email-change request as the client follows it (the documents themselves are for the reviewer).',
  });

/** What a client sees of a request (documents are for the reviewer). */
const publicView = (r: Awaited<ReturnType<typeof requireEmailChange>>): z.input<typeof EmailChange> => ({
  id: r.id,
  status: r.status,
  oldEmail: r.old_email,
  newEmail: r.new_email,
  documentsDueAt: r.documents_due_at && new Date(r.documents_due_at).toISOString(),
  documents: { letter: r.letter_document_id !== null, employmentRecord: r.employment_document_id !== null },
  decisionReason: r.decision_reason,
  endReason: r.end_reason,
});

const emailChanges = apiClient('email_changes');
const unknownRequest = refused("`email_change_not_found`: no request with this id, or another client's");
const binary = (description: string) => z.string().meta({ format: 'binary', description });

export const emailChangeRoutes = defineRoutes('/api', {
  'POST /api/email-changes': {
    access: emailChanges,
    tag: 'Email changes',
    summary: 'Open an email change for a participant (R21)',
    description:
      'The participant must then send two documents (`POST /api/email-changes/{id}/documents`) before `documentsDueAt`; a reviewer ' +
      'decides, and the new address gets a link that makes it the login.',
    body: EmailChangeRequest,
    responses: {
      201: json(EmailChange, 'Opened; waiting for the documents', { Location: 'The request: `/api/email-changes/{id}`' }),
      404: refused('`participant_not_found`: no participant with this email'),
      400: refused('A field is invalid, or `newEmail` is the current address'),
      409: refused(
        "`email_change_already_open` for this participant or this address, or `email_in_use`: the new address is another participant's",
      ),
    },
  },
  'GET /api/email-changes/:id': {
    access: emailChanges,
    tag: 'Email changes',
    summary: 'An email-change request and its state',
    responses: { 200: json(EmailChange, 'The request'), 404: unknownRequest },
  },
  'POST /api/email-changes/:id/documents': {
    access: emailChanges,
    tag: 'Email changes',
    summary: "Upload the request's documents: the new employer's letter and/or the employment record (R21)",
    description:
      "Multipart, PDF, PNG or JPEG: `letter` (on the new agency's letterhead) and/or `employmentRecord`. Once both are in, a reviewer decides.",
    content: 'multipart',
    form: z.object({
      letter: binary("The new employer's letter").optional(),
      employmentRecord: binary('The employment record').optional(),
    }),
    responses: {
      200: json(EmailChange, 'Stored'),
      400: refused('No file'),
      404: unknownRequest,
      409: refused('`email_change_not_awaiting_documents`'),
      413: refused('A file is too large'),
      415: refused('`unsupported_file_type`: not a PDF, PNG or JPEG'),
    },
  },
});

export function emailChangesRouter(deps: ApiDeps): Router {
  const router = routesOf(emailChangeRoutes, deps);
  const upload = uploads(deps.config.maxUploadBytes, 2);

  router.on('POST /api/email-changes', async ({ body: r }, req, res) => {
    const participant = await liveParticipantByEmail(deps.pool, normalizeEmail(r.email));
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this email', 'email');
    const request = await openEmailChange(deps, participant.id, r.newEmail, clientActor(req));
    res.status(201).location(`/api/email-changes/${request.id}`).json(publicView(request));
  });

  router.on('GET /api/email-changes/:id', async (_in, req, res) => {
    res.json(publicView(await requireEmailChange(deps.pool, req.params.id, req.apiClient!.id)));
  });

  /** Multipart: `letter` (on the new agency's letterhead) and/or `employmentRecord`; PDF, PNG or JPEG. */
  router.on(
    'POST /api/email-changes/:id/documents',
    upload.fields(Object.keys(DOCUMENT_FIELDS).map((name) => ({ name, maxCount: 1 }))),
    async (_in, req, res) => {
      res.json(publicView(await attachEmailChangeDocuments(deps, String(req.params.id), uploadedFiles(req), clientActor(req))));
    },
  );

  return router.done();
}
