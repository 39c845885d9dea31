/** Read-only staff screens: sent mail, documents, the audit log. */
import type { Router } from 'express';
import { listAudit } from '../../../db/audit.js';
import { documentContent } from '../../../db/documents.js';
import { listMail, mailById } from '../../../db/mail.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { maskLinkTokens } from '../../mail-masking.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { ListQuery, list, record } from '../../staff-answers.js';
import { parseListQuery, sendList } from '../../list-query.js';

export const staffRecordRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/mail': {
    access: staffRole('support'),
    tag: 'Records',
    summary: 'Mail sent to participants',
    query: ListQuery,
    responses: { 200: list('mail', 'sent mail') },
  },
  'GET /admin/api/mail/:id': {
    access: staffRole('support'),
    tag: 'Records',
    summary: 'One mail, its one-time links masked',
    description: 'Staff never see a usable link: they resend it to the participant (`POST /admin/api/mail/{id}/resend`).',
    responses: { 200: record('the mail, `body_text` with its links masked'), 404: refused('`mail_not_found`') },
  },
  'GET /admin/api/documents/:id/content': {
    access: staffRole('support'),
    tag: 'Records',
    summary: 'An uploaded document (a letter, an employment record, an affiliation proof)',
    responses: {
      200: { description: 'The file as uploaded (PDF, PNG or JPEG), `inline` with its name', type: 'application/octet-stream' },
      404: refused('`document_not_found`'),
    },
  },
  'GET /admin/api/audit': {
    access: staffRole('admin'),
    tag: 'Records',
    summary: 'The audit log: who did what, when',
    query: ListQuery,
    responses: { 200: list('audit', 'audit entries') },
  },
});

export function staffRecordsRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = routesOf(staffRecordRoutes, deps);

  router.on('GET /admin/api/mail', async (_in, req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', to_address: 'to_address', kind: 'kind' }, ['created_at', 'DESC']);
    const { rows, total } = await listMail(pool, q);
    sendList(res, 'mail', q, rows, total);
  });

  router.on('GET /admin/api/mail/:id', async (_in, req, res) => {
    // The id's format is checked before (checkIdParams): a failure here is an error, not a missing mail.
    const mail = await mailById(pool, req.params.id);
    if (!mail) throw new AppError(404, 'mail_not_found', 'No mail with this id', 'id');
    // Staff never see a usable one-time link (api/mail-masking.ts); they resend it instead.
    res.json({ ...mail, body_text: maskLinkTokens(mail.body_text) });
  });

  router.on('GET /admin/api/documents/:id/content', async (_in, req, res) => {
    const doc = await documentContent(pool, req.params.id);
    if (!doc) throw new AppError(404, 'document_not_found', 'No document with this id', 'id');
    res
      .type(doc.content_type)
      .set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
      .set('X-Content-Type-Options', 'nosniff')
      .send(doc.content);
  });

  router.on('GET /admin/api/audit', async (_in, req, res) => {
    const q = parseListQuery(req.query, { at: 'at', action: 'action' }, ['at', 'DESC']);
    const { rows, total } = await listAudit(pool, q);
    sendList(res, 'audit', q, rows, total);
  });

  return router.done();
}
