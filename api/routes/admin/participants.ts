import { Router } from 'express';
import { documentsByIds } from '../../../db/documents.js';
import { participantById, participantSelect } from '../../../db/participants.js';
import { Refusal, resendConfirmationUpdate } from '../../../workflows/messages.js';
import type { ApiDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { Where, parseListQuery, sendList } from '../../list-query.js';
import { askWorkflow } from '../../temporal.js';

const SORTABLE = {
  registered_at: 'registered_at',
  last_name: 'last_name',
  email: 'email',
  status: 'status',
  member_number: 'member_number',
  balance: 'balance',
  agency_name: 'agency_name',
};

export function staffParticipantsRouter({ pool, temporal }: ApiDeps): Router {
  const router = Router();

  router.get('/participants', async (req, res) => {
    const q = parseListQuery(req.query, SORTABLE, ['registered_at', 'DESC']);
    const where = new Where();
    if (typeof q.filter.status === 'string') where.add('status = ?', q.filter.status);
    if (typeof q.filter.q === 'string' && q.filter.q.trim()) {
      const term = `%${q.filter.q.trim().toLowerCase()}%`;
      where.add(
        `(lower(email) LIKE ? OR lower(first_name || ' ' || last_name) LIKE ? OR lower(last_name || ' ' || first_name) LIKE ?
          OR member_number = ? OR lower(coalesce(agency_name, '')) LIKE ? OR agency_inn = ?)`,
        term, term, term, q.filter.q.trim(), term, q.filter.q.trim(),
      );
    }
    // R24: a participant who forgot the email is found by name and agency legal name together.
    if (typeof q.filter.name === 'string' && q.filter.name.trim()) {
      for (const word of q.filter.name.trim().toLowerCase().split(/\s+/)) {
        where.add(`lower(first_name || ' ' || last_name) LIKE ?`, `%${word}%`);
      }
    }
    if (typeof q.filter.agency === 'string' && q.filter.agency.trim()) {
      where.add(`lower(coalesce(agency_name, '')) LIKE ?`, `%${q.filter.agency.trim().toLowerCase()}%`);
    }
    const base = `SELECT * FROM (${participantSelect}) p ${where}`;
    const total = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${base}) x`, where.values);
    const { rows } = await pool.query(
      `${base} ORDER BY ${q.orderBy} ${q.direction}, id LIMIT ${where.param(q.limit)} OFFSET ${where.param(q.offset)}`,
      where.values,
    );
    sendList(res, 'participants', q, rows, total.rows[0].n);
  });

  router.get('/participants/:id', async (req, res) => {
    const participant = await participantById(pool, req.params.id).catch(() => null);
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
    const documents = participant.letter_document_id ? await documentsByIds(pool, [participant.letter_document_id]) : [];
    res.json({ ...participant, documents });
  });

  router.post('/participants/:id/resend-confirmation', async (req, res) => {
    const participant = await participantById(pool, req.params.id).catch(() => null);
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
    const notPending = new AppError(409, 'not_awaiting_confirmation', `The registration is ${participant.status}`);
    if (participant.status !== 'pending_confirmation') throw notPending;
    await askWorkflow(
      () =>
        temporal.workflow
          .getHandle(participant.workflow_id)
          .executeUpdate(resendConfirmationUpdate, { args: [{ staff: { id: req.staff!.id, label: req.staff!.email } }] }),
      { [Refusal.notAwaitingConfirmation]: notPending },
      notPending,
    );
    res.json({ ok: true });
  });

  return router;
}
