import type { Router } from 'express';
import { z } from 'zod';
import { documentsByIds } from '../../../db/documents.js';
import { listReviews, reviewById } from '../../../db/reviews.js';
import { termsAt } from '../../../db/terms.js';
import { ParticipantRefusal, decideReviewUpdate } from '../../../workflows/messages/participant.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, refused, routesOf } from '../../route-table.js';
import { ListQuery, list, record } from '../../staff-answers.js';
import { text } from '../../text.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { askWorkflow, workflowWait } from '../../temporal.js';

// A1: `tier_rank` puts higher tiers first (the queue's priority by tier).
const SORTABLE = {
  created_at: 'created_at',
  decided_at: 'decided_at',
  status: 'status',
  participant_name: 'participant_name',
  tier_rank: 'tier_rank',
  priority: 'priority',
};

const Decision = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], 'must be approve or reject'),
    reason: text(1000, { min: 0, multiline: true }).optional(),
  })
  .refine((d) => d.decision === 'approve' || (d.reason?.length ?? 0) > 0, {
    path: ['reason'],
    message: 'is required to reject',
  })
  .meta({
    id: 'ReviewDecision',
    description: 'R4: approve the contract, or reject it with a reason the participant is told.',
    example: { decision: 'reject', reason: 'Договор не найден' },
  });

export const staffReviewRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/reviews': {
    access: staffRole('support'),
    tag: 'Reviews',
    summary: 'The review queue',
    query: ListQuery,
    responses: { 200: list('reviews', 'review tasks') },
  },
  'GET /admin/api/reviews/:id': {
    access: staffRole('support'),
    tag: 'Reviews',
    summary: "A review task, with the registration's documents",
    responses: { 200: record('the review task, with `documents`'), 404: refused('`review_not_found`') },
  },
  'POST /admin/api/reviews/:id/decision': {
    access: staffRole('support'),
    tag: 'Reviews',
    summary: "Decide a review (R4): the participant's workflow records it once",
    body: Decision,
    responses: {
      200: record('the review task, decided'),
      404: refused('`review_not_found`'),
      409: refused('`review_already_decided`'),
    },
  },
});

export function staffReviewsRouter({ pool, temporal, config }: ApiDeps): Router {
  const router = routesOf(staffReviewRoutes, { pool, config });

  async function review(id: string) {
    const found = await reviewById(pool, id);
    if (!found) throw new AppError(404, 'review_not_found', 'No review with this id', 'id');
    const documents = found.letter_document_id ? await documentsByIds(pool, [found.letter_document_id]) : [];
    return { ...found, documents };
  }

  router.on('GET /admin/api/reviews', async (_in, req, res) => {
    const q = parseListQuery(req.query, SORTABLE, ['created_at', 'ASC']);
    const { tiers } = await termsAt(pool, config.program);
    const { rows, total } = await listReviews(
      pool,
      q,
      tiers.levels.map((l) => l.code),
    );
    sendList(res, 'reviews', q, rows, total);
  });

  router.on('GET /admin/api/reviews/:id', async (_in, req, res) => {
    res.json(await review(req.params.id));
  });

  /** R4: a reviewer's decision goes to the participant's workflow, which records it once. */
  router.on('POST /admin/api/reviews/:id/decision', async ({ body: { decision, reason } }, req, res) => {
    const task = await review(req.params.id);
    const decided = new AppError(409, 'review_already_decided', `This review is already ${task.status}`);
    if (task.status !== 'open') throw decided;
    await askWorkflow(
      workflowWait({ temporal, config }, `/admin/api/reviews/${task.id}`),
      () =>
        temporal.workflow.getHandle(task.workflow_id).startUpdate(decideReviewUpdate, {
          args: [{ taskId: task.id, decision, reason: reason || null, staff: { id: req.staff!.id, label: req.staff!.email } }],
          waitForStage: 'ACCEPTED',
        }),
      { [ParticipantRefusal.reviewNotOpen]: decided },
      decided,
    );
    res.json(await review(task.id));
  });

  return router.done();
}
