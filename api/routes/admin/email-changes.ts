/** Staff API for R21: the email-change queue; support may open a request and upload on the participant's behalf. */
import { Router } from 'express';
import { z } from 'zod';
import { staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import {
  DOCUMENT_FIELDS,
  EmailChangeDecisionRequest,
  attachEmailChangeDocuments,
  decideEmailChange,
  emailChangeSelect,
  newEmail,
  openEmailChange,
  requireEmailChange,
} from '../../email-changes.js';
import { Where, listPage, parseListQuery, sendList } from '../../list-query.js';
import { uploadedFiles, uploads } from '../../uploads.js';
import { parse } from '../../validate.js';

const StaffEmailChange = z.strictObject({ participantId: z.uuid('must be a participant id'), newEmail });

export function staffEmailChangesRouter(deps: ApiDeps): Router {
  const router = Router();
  const upload = uploads(deps.config.maxUploadBytes, 2);

  router.get('/email-changes', async (req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', status: 'status' }, ['created_at', 'ASC']);
    const where = new Where();
    if (typeof q.filter.status === 'string') where.add('status = ?', q.filter.status);
    if (typeof q.filter.participant_id === 'string') where.add('participant_id::text = ?', q.filter.participant_id);
    const { rows, total } = await listPage(deps.pool, emailChangeSelect, where, q);
    sendList(res, 'email-changes', q, rows, total);
  });

  router.get('/email-changes/:id', async (req, res) => {
    res.json(await requireEmailChange(deps.pool, req.params.id));
  });

  router.post('/email-changes', async (req, res) => {
    const { participantId, newEmail: address } = parse(StaffEmailChange, req.body ?? {});
    res.status(201).json(await openEmailChange(deps, participantId, address, staffActor(req)));
  });

  router.post('/email-changes/:id/documents', upload.fields(Object.keys(DOCUMENT_FIELDS).map((name) => ({ name, maxCount: 1 }))), async (req, res) => {
    res.json(await attachEmailChangeDocuments(deps, String(req.params.id), uploadedFiles(req), staffActor(req)));
  });

  router.post('/email-changes/:id/decision', async (req, res) => {
    const { decision, reason } = parse(EmailChangeDecisionRequest, req.body ?? {});
    res.json(await decideEmailChange(deps, String(req.params.id), { decision, reason: reason || null }, staffActor(req)));
  });

  return router;
}
