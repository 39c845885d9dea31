/**
 * Staff API over the points ledger (R18–R20, R26): a participant's lots and their expiry, manual
 * adjustments and reversals with a mandatory reason, closing an account, CSV exports, the expiry
 * forecast and the ledger invariant. Every change is audited.
 */
import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { writeAudit } from '../../../db/audit.js';
import { InsufficientPoints, ledgerInvariant, openLots, postCredits, postDebit, reverseCredit } from '../../../db/ledger.js';
import { participantById } from '../../../db/participants.js';
import { termsAt } from '../../../db/terms.js';
import { inTransaction } from '../../../infra/db.js';
import { Refusal, closeAccountUpdate, decideClaimUpdate } from '../../../workflows/messages.js';
import { requireRole, staffActor } from '../../auth.js';
import type { ApiDeps } from '../../deps.js';
import { isUuid } from '../../earning.js';
import { cancelOrder } from '../../orders.js';
import { AppError } from '../../errors.js';
import { askWorkflow } from '../../temporal.js';
import { parse } from '../../validate.js';

const reason = z.string().trim().min(1, 'is required').max(1000, 'must be at most 1000 characters');
const Adjustment = z.strictObject({
  amount: z.number().int('must be a whole number').refine((n) => n !== 0, 'must not be zero').refine((n) => Math.abs(n) <= 1_000_000, 'is too large'),
  reason,
});
const WithReason = z.strictObject({ reason });

/** Sends rows as one CSV document (semicolons and a BOM, as Russian Excel expects). */
function sendCsv(res: Response, filename: string, header: string[], rows: unknown[][]): void {
  const cell = (v: unknown) => {
    const text = v instanceof Date ? v.toISOString() : v === null || v === undefined ? '' : String(v);
    return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${filename}"`);
  res.send('\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(';')).join('\r\n') + '\r\n');
}

export function staffLedgerRouter(deps: ApiDeps): Router {
  const { pool, temporal, config } = deps;
  const router = Router();

  async function requireParticipant(id: string) {
    const participant = isUuid(id) ? await participantById(pool, id) : null;
    if (!participant) throw new AppError(404, 'participant_not_found', 'No participant with this id', 'id');
    return participant;
  }

  router.get('/participants/:id/lots', async (req, res) => {
    const participant = await requireParticipant(req.params.id);
    res.json({ balance: participant.balance, ...(await openLots(pool, participant.id)) });
  });

  /** A manual adjustment: a credit (a new lot) or a debit (oldest lots first). `Idempotency-Key` makes a retry safe. */
  router.post('/participants/:id/adjustments', async (req, res) => {
    const { amount, reason } = parse(Adjustment, req.body ?? {});
    const participant = await requireParticipant(req.params.id);
    if (participant.status !== 'active') throw new AppError(409, 'participant_not_active', `The participant is ${participant.status}`, 'id');
    const key = `adjustment:${participant.id}:${req.get('idempotency-key') ?? randomUUID()}`;
    const actor = staffActor(req);
    await inTransaction(pool, async (tx) => {
      const { rows: [earlier] } = await tx.query<{ amount: number }>('SELECT amount FROM ledger_entries WHERE idempotency_key = $1', [key]);
      if (earlier && earlier.amount !== amount) {
        throw new AppError(409, 'idempotency_key_reused', 'This Idempotency-Key was used for another adjustment', 'Idempotency-Key');
      }
      const common = { participantId: participant.id, sourceType: 'adjustment', sourceId: participant.id, key, reason, createdBy: actor.label } as const;
      const changed = amount > 0
        ? (await postCredits(tx, [{ ...common, amount }], (await termsAt(tx, config.program)).lotLifetimeMs)) > 0
        : await postDebit(tx, { ...common, amount: -amount }).catch((err) => {
            if (err instanceof InsufficientPoints) throw new AppError(409, 'insufficient_points', err.message, 'amount', { available: err.available });
            throw err;
          });
      if (changed) await writeAudit(tx, actor, 'ledger.adjust', { type: 'participant', id: participant.id }, { amount, reason, key });
    });
    res.status(201).json({ balance: (await requireParticipant(participant.id)).balance });
  });

  router.post('/ledger/:entryId/reverse', async (req, res) => {
    const { reason } = parse(WithReason, req.body ?? {});
    const entryId = Number(req.params.entryId);
    if (!Number.isSafeInteger(entryId) || entryId <= 0) throw new AppError(404, 'entry_not_found', 'No ledger entry with this id', 'entryId');
    const actor = staffActor(req);
    const result = await inTransaction(pool, async (tx) => {
      const r = await reverseCredit(tx, { entryId, reason, createdBy: actor.label });
      if (r.reversed) await writeAudit(tx, actor, 'ledger.reverse', { type: 'ledger_entry', id: String(entryId) }, { reason, amount: r.amount });
      return r;
    });
    if (result.amount === 0) throw new AppError(404, 'entry_not_found', 'No credit with this id', 'entryId');
    if (!result.reversed) {
      throw new AppError(409, 'credit_not_reversible',
        result.remaining === 0 ? 'This credit is already reversed, spent or expired' : `Only ${result.remaining} of its ${result.amount} points are left; adjust instead`,
        'entryId');
    }
    res.json(result);
  });

  /** R26: the participant leaves; the workflow closes the account and annuls the points. */
  router.post('/participants/:id/close', async (req, res) => {
    const { reason } = parse(WithReason, req.body ?? {});
    const participant = await requireParticipant(req.params.id);
    const notActive = new AppError(409, 'participant_not_active', `The participant is ${participant.status}`, 'id');
    if (participant.status !== 'active') throw notActive;
    await askWorkflow(
      () => temporal.workflow.getHandle(participant.workflow_id).executeUpdate(closeAccountUpdate, {
        args: [{ reason, staff: { id: req.staff!.id, label: req.staff!.email } }],
      }),
      { [Refusal.notActive]: notActive },
      notActive,
    );
    // Open workflows of the account end cleanly: its orders are cancelled (their points were
    // released with the rest), its claims rejected; each audited, nothing credited.
    const staff = staffActor(req);
    const { rows: orders } = await pool.query<{ id: string }>(
      `SELECT id FROM orders WHERE participant_id = $1 AND status IN ('placed', 'awaiting_documents', 'awaiting_review')`,
      [participant.id],
    );
    for (const order of orders) await cancelOrder(deps, order.id, staff).catch(() => {}); // ended meanwhile
    const { rows: claims } = await pool.query<{ workflow_id: string }>(`SELECT workflow_id FROM claims WHERE participant_id = $1 AND status = 'open'`, [participant.id]);
    for (const claim of claims) {
      await temporal.workflow.getHandle(claim.workflow_id)
        .executeUpdate(decideClaimUpdate, { args: [{ decision: 'reject', reason: `The account was closed: ${reason}`, staff }] })
        .catch(() => {}); // decided meanwhile
    }
    res.json(await requireParticipant(participant.id));
  });

  router.get('/ledger/invariant', async (_req, res) => {
    res.json(await ledgerInvariant(pool));
  });

  /** Points that will expire per month (UTC), if not spent (R20). */
  router.get('/ledger/expiry-forecast', async (_req, res) => {
    const { rows } = await pool.query(
      `SELECT to_char(date_trunc('month', expires_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, sum(remaining)::int AS points,
              count(DISTINCT participant_id)::int AS participants
         FROM lots WHERE remaining > 0 AND expires_at > now() GROUP BY 1 ORDER BY 1`,
    );
    res.json(rows);
  });

  router.get('/ledger/export.csv', requireRole('admin'), async (_req, res) => {
    const { rows } = await pool.query(
      `SELECT l.id, p.member_number, p.email, l.kind, l.amount, l.source_type, l.source_id, l.reason, l.created_by, l.created_at
         FROM ledger_entries l JOIN participants p ON p.id = l.participant_id ORDER BY l.id`,
    );
    sendCsv(res, 'ledger.csv', ['id', 'member_number', 'email', 'kind', 'amount', 'source_type', 'source_id', 'reason', 'created_by', 'created_at'],
      rows.map((r) => [r.id, r.member_number, r.email, r.kind, r.amount, r.source_type, r.source_id, r.reason, r.created_by, r.created_at]));
  });

  router.get('/balances/export.csv', requireRole('admin'), async (_req, res) => {
    const { rows } = await pool.query(
      `SELECT p.member_number, p.email, p.first_name, p.last_name, p.status,
              coalesce((SELECT sum(remaining) FROM lots l WHERE l.participant_id = p.id), 0)::int AS balance,
              coalesce((SELECT sum(amount) FROM holds h WHERE h.participant_id = p.id AND h.status = 'held'), 0)::int AS held,
              (SELECT min(expires_at) FROM lots l WHERE l.participant_id = p.id AND l.remaining > 0) AS next_expiry
         FROM participants p WHERE p.status IN ('active', 'closed') ORDER BY p.member_number`,
    );
    sendCsv(res, 'balances.csv', ['member_number', 'email', 'first_name', 'last_name', 'status', 'balance', 'held', 'next_expiry'],
      rows.map((r) => [r.member_number, r.email, r.first_name, r.last_name, r.status, r.balance, r.held, r.next_expiry]));
  });

  return router;
}
