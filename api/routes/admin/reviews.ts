import { Router } from 'express';
import { z } from 'zod';
import { documentsByIds } from '../../../db/documents.js';
import { Refusal, decideReviewUpdate } from '../../../workflows/messages.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { Where, parseListQuery, sendList } from '../../list-query.js';
import { askWorkflow } from '../../temporal.js';
import { parse } from '../../validate.js';

// A registration's review shows the registration form; a rebind's (R22) the new agency's details.
const reviewSelect = `
  SELECT r.id, r.kind, r.status, r.participant_id, r.workflow_id, p.first_name || ' ' || p.last_name AS participant_name,
         p.email, coalesce(rb.contract_path, p.contract_path) AS contract_path, r.review_reason, r.registry_hint,
         r.decision_reason, s.name AS decided_by_name, r.decided_at, r.created_at,
         CASE WHEN rb.id IS NULL THEN p.letter_document_id ELSE rb.letter_document_id END AS letter_document_id,
         CASE WHEN rb.id IS NULL THEN
           json_build_object('first_name', p.first_name, 'last_name', p.last_name, 'email', p.email,
             'agency_inn', a.inn, 'agency_name', a.legal_name, 'contract_path', p.contract_path,
             'contract_number', p.contract_number, 'subagency_legal_name', p.subagency_legal_name)
         ELSE
           json_build_object('first_name', p.first_name, 'last_name', p.last_name, 'email', p.email,
             'agency_inn', rb.agency_inn, 'agency_name', rb.agency_name, 'contract_path', rb.contract_path,
             'contract_number', rb.contract_number, 'subagency_legal_name', rb.subagency_legal_name,
             'current_agency_inn', a.inn, 'current_agency_name', a.legal_name)
         END AS form
    FROM review_tasks r
    JOIN participants p ON p.id = r.participant_id
    JOIN agencies a ON a.id = p.agency_id
    LEFT JOIN agency_rebinds rb ON rb.id = r.rebind_id
    LEFT JOIN staff_users s ON s.id = r.decided_by`;

const SORTABLE = { created_at: 'created_at', decided_at: 'decided_at', status: 'status', participant_name: 'participant_name' };

const Decision = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], 'must be approve or reject'),
    reason: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  })
  .refine((d) => d.decision === 'approve' || (d.reason?.length ?? 0) > 0, {
    path: ['reason'],
    message: 'is required to reject',
  });

export function staffReviewsRouter({ pool, temporal }: ApiDeps): Router {
  const router = Router();

  async function review(id: string) {
    const { rows } = await pool.query(`${reviewSelect} WHERE r.id = $1`, [id]).catch(() => ({ rows: [] }));
    const found = rows[0];
    if (!found) throw new AppError(404, 'review_not_found', 'No review with this id', 'id');
    const documents = found.letter_document_id ? await documentsByIds(pool, [found.letter_document_id]) : [];
    return { ...found, documents };
  }

  router.get('/reviews', async (req, res) => {
    const q = parseListQuery(req.query, SORTABLE, ['created_at', 'ASC']);
    const where = new Where();
    if (typeof q.filter.status === 'string') where.add('status = ?', q.filter.status);
    if (typeof q.filter.participant_id === 'string') where.add('participant_id::text = ?', q.filter.participant_id);
    const base = `SELECT * FROM (${reviewSelect}) r ${where}`;
    const total = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${base}) x`, where.values);
    const { rows } = await pool.query(
      `${base} ORDER BY ${q.orderBy} ${q.direction}, id LIMIT ${where.param(q.limit)} OFFSET ${where.param(q.offset)}`,
      where.values,
    );
    sendList(res, 'reviews', q, rows, total.rows[0].n);
  });

  router.get('/reviews/:id', async (req, res) => {
    res.json(await review(req.params.id));
  });

  /** R4: a reviewer's decision goes to the participant's workflow, which records it once. */
  router.post('/reviews/:id/decision', async (req, res) => {
    const { decision, reason } = parse(Decision, req.body ?? {});
    const task = await review(req.params.id);
    const decided = new AppError(409, 'review_already_decided', `This review is already ${task.status}`);
    if (task.status !== 'open') throw decided;
    await askWorkflow(
      () =>
        temporal.workflow.getHandle(task.workflow_id).executeUpdate(decideReviewUpdate, {
          args: [{ taskId: task.id, decision, reason: reason || null, staff: { id: req.staff!.id, label: req.staff!.email } }],
        }),
      { [Refusal.reviewNotOpen]: decided },
      decided,
    );
    res.json(await review(task.id));
  });

  return router;
}
