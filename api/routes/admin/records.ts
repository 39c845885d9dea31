/** Read-only staff screens: sent mail, documents, the audit log. */
import { Router } from 'express';
import { documentContent } from '../../../db/documents.js';
import { requireRole } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { Where, parseListQuery, sendList } from '../../list-query.js';

export function staffRecordsRouter({ pool }: ApiDeps): Router {
  const router = Router();

  router.get('/mail', async (req, res) => {
    const q = parseListQuery(req.query, { created_at: 'created_at', to_address: 'to_address', kind: 'kind' }, ['created_at', 'DESC']);
    const where = new Where();
    if (typeof q.filter.participant_id === 'string') where.add('participant_id::text = ?', q.filter.participant_id);
    if (typeof q.filter.q === 'string' && q.filter.q.trim()) where.add('lower(to_address) LIKE ?', `%${q.filter.q.trim().toLowerCase()}%`);
    const total = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM sent_mail ${where}`, where.values);
    const { rows } = await pool.query(
      `SELECT id, to_address, subject, kind, participant_id, created_at, sent_at FROM sent_mail ${where}
        ORDER BY ${q.orderBy} ${q.direction}, id LIMIT ${where.param(q.limit)} OFFSET ${where.param(q.offset)}`,
      where.values,
    );
    sendList(res, 'mail', q, rows, total.rows[0].n);
  });

  router.get('/mail/:id', async (req, res) => {
    const { rows } = await pool
      .query('SELECT id, to_address, subject, kind, participant_id, created_at, sent_at, body_text FROM sent_mail WHERE id = $1', [req.params.id])
      .catch(() => ({ rows: [] }));
    if (!rows[0]) throw new AppError(404, 'mail_not_found', 'No mail with this id', 'id');
    res.json(rows[0]);
  });

  router.get('/documents/:id/content', async (req, res) => {
    const doc = await documentContent(pool, req.params.id).catch(() => null);
    if (!doc) throw new AppError(404, 'document_not_found', 'No document with this id', 'id');
    res
      .type(doc.content_type)
      .set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(doc.filename)}`)
      .set('X-Content-Type-Options', 'nosniff')
      .send(doc.content);
  });

  router.get('/audit', requireRole('admin'), async (req, res) => {
    const q = parseListQuery(req.query, { at: 'at', action: 'action' }, ['at', 'DESC']);
    const where = new Where();
    if (typeof q.filter.action === 'string') where.add('action = ?', q.filter.action);
    if (typeof q.filter.subject_id === 'string') where.add('subject_id = ?', q.filter.subject_id);
    const total = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${where}`, where.values);
    const { rows } = await pool.query(
      `SELECT id, at, actor_type, actor_label, action, subject_type, subject_id, details FROM audit_log ${where}
        ORDER BY ${q.orderBy} ${q.direction}, id DESC LIMIT ${where.param(q.limit)} OFFSET ${where.param(q.offset)}`,
      where.values,
    );
    sendList(res, 'audit', q, rows, total.rows[0].n);
  });

  return router;
}
