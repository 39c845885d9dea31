/**
 * Review tasks (`review_tasks`, R4, R22): a registration, or a participant's new agency, that the
 * registry could not decide waits here for a support reviewer.
 */
import type { Db } from './pool.js';
import type { RegistryContract } from '../rules/verification.js';
import { isUuid } from './ids.js';
import { Where, filterText, listPage, type ListQuery } from './list-query.js';

// A registration's review shows the registration form; a rebind's (R22) the new agency's details.
const reviewSelect = `
  SELECT r.id, r.kind, r.status, r.participant_id, r.workflow_id, p.first_name || ' ' || p.last_name AS participant_name,
         p.email, coalesce(rb.contract_path, p.contract_path) AS contract_path, r.review_reason, r.registry_hint, r.registry_candidates,
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

export async function reviewById(db: Db, id: string) {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${reviewSelect} WHERE r.id = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * The review queue (filters: status, participant_id). A1: each task carries its participant's tier
 * and `tier_rank` (the tier's place in `tierOrder`, lowest first from 1; 0 without a tier), and
 * `priority` (by tier rank, then oldest first), so the queue can put higher tiers first.
 */
export async function listReviews(db: Db, q: ListQuery, tierOrder: readonly string[] = []) {
  const where = new Where();
  const order = where.param([...tierOrder]);
  const status = filterText(q, 'status');
  if (status !== undefined) where.add('status = ?', status);
  const participantId = filterText(q, 'participant_id');
  if (participantId !== undefined) where.add('participant_id::text = ?', participantId);
  // `priority`: the higher tier first, then the older task first, as one sortable number.
  const withTier = `SELECT r.*, t.tier, coalesce(array_position(${order}::text[], t.tier), 0) AS tier_rank,
                           coalesce(array_position(${order}::text[], t.tier), 0) * 10000000000::numeric - extract(epoch FROM r.created_at) AS priority
                      FROM (${reviewSelect}) r LEFT JOIN participant_tiers t ON t.participant_id = r.participant_id`;
  return listPage(db, withTier, where, q);
}

/** Opens the task under the id the workflow chose, for the participant's registration or for a rebind; a retry finds it there. */
export async function insertReviewTask(
  db: Db,
  t: { taskId: string; participantId: string; reason: string; hint: string; candidates?: RegistryContract[]; rebindId?: string },
): Promise<void> {
  await db.query(
    `INSERT INTO review_tasks (id, idempotency_key, kind, participant_id, workflow_id, status, review_reason, registry_hint, rebind_id, registry_candidates)
     SELECT $7, $1, $5, id, workflow_id, 'open', $2, $3, $6, $8 FROM participants WHERE id = $4
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      t.rebindId ? `rebind:${t.rebindId}` : `registration:${t.participantId}`,
      t.reason,
      t.hint,
      t.participantId,
      t.rebindId ? 'rebind' : 'registration',
      t.rebindId ?? null,
      t.taskId,
      // A workflow that opened its task before candidates were passed (its history replayed) has none.
      t.candidates ? JSON.stringify(t.candidates) : null,
    ],
  );
}

/** The open review of a registration that failed for good is cancelled, saying why. */
export async function cancelRegistrationReview(tx: Db, participantId: string, reason: string): Promise<void> {
  await tx.query(
    `UPDATE review_tasks SET status = 'cancelled', decision_reason = $2, decided_at = now()
      WHERE participant_id = $1 AND status = 'open' AND kind = 'registration'`,
    [participantId, reason],
  );
}

/** The reviewer's decision on an open task. False when the task was decided before. */
export async function decideReviewTask(
  tx: Db,
  d: { taskId: string; decision: 'approve' | 'reject'; reason: string | null; staffId: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE review_tasks SET status = $2, decision_reason = $3, decided_by = $4, decided_at = now()
      WHERE id = $1 AND status = 'open'`,
    [d.taskId, d.decision === 'approve' ? 'approved' : 'rejected', d.reason, d.staffId],
  );
  return (rowCount ?? 0) > 0;
}

/**
 * A7: the registry now verifies the registration (an approved application brought its agency), so the
 * open task is closed without a reviewer. False when it was not open (decided, or closed before).
 */
export async function resolveReviewTaskByRegistry(tx: Db, taskId: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE review_tasks SET status = 'resolved_by_registry', decided_at = now() WHERE id = $1 AND status = 'open'`,
    [taskId],
  );
  return (rowCount ?? 0) > 0;
}
