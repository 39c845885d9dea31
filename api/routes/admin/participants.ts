import type { Router } from 'express';
import { z } from 'zod';
import { documentsByIds } from '../../../db/documents.js';
import { listParticipants, participantById } from '../../../db/participants.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { staffRole } from '../../route-access.js';
import { defineRoutes, json, refused, routesOf } from '../../route-table.js';
import { IdempotencyKeyHeader } from '../../schemas.js';
import { ListQuery, StaffRecord, list, record } from '../../staff-answers.js';
import { participantTier, participantTierHistory } from '../../tiers.js';
import { parseListQuery, sendList } from '../../list-query.js';
import { idempotencyKey, resendRegistrationConfirmation } from '../../resend.js';

const SORTABLE = {
  registered_at: 'registered_at',
  last_name: 'last_name',
  email: 'email',
  status: 'status',
  member_number: 'member_number',
  balance: 'balance',
  agency_name: 'agency_name',
};

export const staffParticipantRoutes = defineRoutes('/admin/api', {
  'GET /admin/api/participants': {
    access: staffRole('support'),
    tag: 'Participants',
    summary: 'Participants, filtered and sorted',
    description: 'Filters: `status`; `q` (email, name, member number, agency); R24: `name` and `agency` together.',
    query: ListQuery,
    responses: { 200: list('participants', 'participants') },
  },
  'GET /admin/api/participants/:id': {
    access: staffRole('support'),
    tag: 'Participants',
    summary: "A participant, with the registration's documents and the status tier (A1)",
    description: '`tier`: the tier held and the progress in the qualification period, as `TierAnswer`.',
    responses: { 200: record('the participant, with `documents` and `tier`'), 404: refused('`participant_not_found`') },
  },
  'GET /admin/api/participants/:id/tier-history': {
    access: staffRole('support'),
    tag: 'Participants',
    summary: "The participant's tier changes, newest first (A1)",
    description:
      'Each change: `from_tier`, `to_tier` (null: no tier), `reason` (`threshold` crossed, or `period_end` reassessment), `detail` (the period, qualifying points and activities it was judged on), `valid_until`, `changed_at`, `announced_at`.',
    responses: { 200: json(z.array(StaffRecord), 'The changes'), 404: refused('`participant_not_found`') },
  },
  'POST /admin/api/participants/:id/resend-confirmation': {
    access: staffRole('support'),
    tag: 'Participants',
    summary: 'Mail the participant a fresh confirmation link (R3)',
    description: 'The earlier links stop working. Idempotent under `Idempotency-Key`; a few a window per participant, then 429.',
    headers: IdempotencyKeyHeader,
    responses: {
      200: json(z.object({ ok: z.literal(true) }), 'The link is on its way'),
      404: refused('`participant_not_found`'),
      409: refused('`not_awaiting_confirmation`: the address is confirmed already, or the registration ended'),
      429: refused('`too_many_attempts`: `Retry-After` says when to try again'),
    },
  },
});

export function staffParticipantsRouter(deps: ApiDeps): Router {
  const { pool } = deps;
  const router = routesOf(staffParticipantRoutes, deps);

  router.on('GET /admin/api/participants', async (_in, req, res) => {
    const q = parseListQuery(req.query, SORTABLE, ['registered_at', 'DESC']);
    // Filters: status; q (email, name, member number, agency); R24's name and agency together.
    const { rows, total } = await listParticipants(pool, q);
    sendList(res, 'participants', q, rows, total);
  });

  router.on('GET /admin/api/participants/:id', async (_in, req, res) => {
    const participant = await participantById(pool, req.params.id);
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
    const documents = participant.letter_document_id ? await documentsByIds(pool, [participant.letter_document_id]) : [];
    res.json({ ...participant, documents, tier: await participantTier(deps, participant.id) });
  });

  router.on('GET /admin/api/participants/:id/tier-history', async (_in, req, res) => {
    const participant = await participantById(pool, req.params.id);
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
    res.json(await participantTierHistory(pool, participant.id));
  });

  /** R3: a fresh link to the participant (idempotent under Idempotency-Key, rate-limited: api/resend.ts). */
  router.on('POST /admin/api/participants/:id/resend-confirmation', async (_in, req, res) => {
    await resendRegistrationConfirmation(deps, {
      participantId: String(req.params.id),
      staff: { id: req.staff!.id, label: req.staff!.email },
      idempotencyKey: idempotencyKey(req),
    });
    res.json({ ok: true });
  });

  return router.done();
}
