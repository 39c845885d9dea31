/**
 * Client API for R21: the shop site opens an email change for a participant, uploads the two
 * documents, and follows the request; the link sent to the new address confirms it.
 */
import { Router } from 'express';
import { z } from 'zod';
import { liveParticipantByEmail } from '../../db/participants.js';
import { normalizeEmail } from '../../rules/email.js';
import { clientActor } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { attachEmailChangeDocuments, DOCUMENT_FIELDS, newEmail, openEmailChange, requireEmailChange } from '../email-changes.js';
import { AppError } from '../errors.js';
import { uploadedFiles, uploads } from '../uploads.js';
import { parse } from '../validate.js';

export const EmailChangeRequest = z
  .strictObject({ email: newEmail.meta({ description: 'The registered address' }), newEmail: newEmail.meta({ description: 'The address to change to' }) })
  .meta({ id: 'EmailChangeRequest', description: 'R21: a participant who changed employer asks to change the email; two documents must follow.' });

/** What a client sees of a request (documents are for the reviewer). */
const publicView = (r: Awaited<ReturnType<typeof requireEmailChange>>) => ({
  id: r.id,
  status: r.status,
  oldEmail: r.old_email,
  newEmail: r.new_email,
  documentsDueAt: r.documents_due_at,
  documents: { letter: r.letter_document_id !== null, employmentRecord: r.employment_document_id !== null },
  decisionReason: r.decision_reason,
  endReason: r.end_reason,
});

export function emailChangesRouter(deps: ApiDeps): Router {
  const router = Router();
  const upload = uploads(deps.config.maxUploadBytes, 2);

  router.post('/email-changes', async (req, res) => {
    const r = parse(EmailChangeRequest, req.body ?? {});
    const participant = await liveParticipantByEmail(deps.pool, normalizeEmail(r.email));
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this email', 'email');
    const request = await openEmailChange(deps, participant.id, r.newEmail, clientActor(req));
    res.status(201).location(`/api/email-changes/${request.id}`).json(publicView(request));
  });

  router.get('/email-changes/:id', async (req, res) => {
    res.json(publicView(await requireEmailChange(deps.pool, req.params.id)));
  });

  /** Multipart: `letter` (on the new agency's letterhead) and/or `employmentRecord`; PDF, PNG or JPEG. */
  router.post('/email-changes/:id/documents', upload.fields(Object.keys(DOCUMENT_FIELDS).map((name) => ({ name, maxCount: 1 }))), async (req, res) => {
    res.json(publicView(await attachEmailChangeDocuments(deps, String(req.params.id), uploadedFiles(req), clientActor(req))));
  });

  return router;
}
